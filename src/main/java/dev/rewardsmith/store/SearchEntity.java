package dev.rewardsmith.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A search as stored; {@code spec} is the JSON of its {@link dev.rewardsmith.search.SearchSpec}. */
@Entity
@Table(name = "searches")
public class SearchEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    public String task;
    public String proposer;
    public String selection;
    public String state;
    public String reason;
    public String spec;
    public int samples;
    public int iterations;
    public int restarts;
    public long seed;

    @Column(name = "created_by")
    public String createdBy;

    @Column(name = "created_by_id")
    public long createdById;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "forked_from")
    public UUID forkedFrom;

    @Column(name = "best_candidate")
    public UUID bestCandidate;

    @Column(name = "best_fitness")
    public Double bestFitness;

    @Column(name = "prompt_tokens")
    public long promptTokens;

    @Column(name = "completion_tokens")
    public long completionTokens;

    public double cost;

    /** JSON of the final evaluation; null until the search was evaluated. */
    public String evaluation;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
