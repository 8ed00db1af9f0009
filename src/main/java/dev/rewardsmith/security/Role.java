package dev.rewardsmith.security;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a user may do. Roles are ordered: each includes the ones below it, so an operator may also vote and view.
 * Endpoints name the lowest role they need.
 */
public enum Role {
    VIEWER,
    VOTER,
    OPERATOR,
    ADMIN;

    public static final String VIEWER_NAME = "viewer";
    public static final String VOTER_NAME = "voter";
    public static final String OPERATOR_NAME = "operator";
    public static final String ADMIN_NAME = "admin";

    /** The lowercase name used in the API, the database and {@code @RolesAllowed}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role includes everything {@code other} may do. */
    public boolean includes(Role other) {
        return compareTo(other) >= 0;
    }

    /** The security roles granted: this one and every role below it. */
    public Set<String> grantedRoles() {
        return switch (this) {
            case VIEWER -> Set.of(VIEWER_NAME);
            case VOTER -> Set.of(VIEWER_NAME, VOTER_NAME);
            case OPERATOR -> Set.of(VIEWER_NAME, VOTER_NAME, OPERATOR_NAME);
            case ADMIN -> Set.of(VIEWER_NAME, VOTER_NAME, OPERATOR_NAME, ADMIN_NAME);
        };
    }

    public static Optional<Role> parse(String label) {
        if (label == null) return Optional.empty();
        for (Role r : values()) {
            if (r.label().equals(label)) return Optional.of(r);
        }
        return Optional.empty();
    }
}
