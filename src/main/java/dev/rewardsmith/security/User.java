package dev.rewardsmith.security;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import org.hibernate.annotations.CreationTimestamp;

/** A team member who signs in; the password is stored as a bcrypt hash only. */
@Entity
@Table(name = "users")
public class User extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    public String name;

    @Column(name = "password_hash")
    public String passwordHash;

    @Convert(converter = RoleConverter.class)
    public Role role;

    public boolean disabled;

    /** Set by Hibernate on insert, so a created user's view carries it (the column's default was not read back). */
    @CreationTimestamp
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;

    public static Uni<User> findByName(String name) {
        return find("name", name).firstResult();
    }
}
