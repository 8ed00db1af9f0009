package dev.rewardsmith.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A candidate as stored. {@code components}, {@code problems} and {@code checkpoints} are JSON arrays written by
 * {@link DatabaseJournal}.
 */
@Entity
@Table(name = "candidates")
public class CandidateEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    @Column(name = "search_id")
    public UUID searchId;

    public int restart;
    public int iteration;
    public int round;
    public int position;

    @Column(name = "parent_id")
    public UUID parentId;

    public String origin;
    public String summary;
    public String response;
    public String program;
    public String components;
    public String problems;
    public String state;
    public int attempt;
    public Double fitness;
    public String checkpoints;
    public String reflection;
    public String failure;

    @Column(name = "prompt_tokens")
    public int promptTokens;

    @Column(name = "completion_tokens")
    public int completionTokens;

    /** The model exchange the response came from; null without a model. */
    @Column(name = "exchange_id")
    public UUID exchangeId;

    @Column(name = "proposed_at")
    public OffsetDateTime proposedAt;

    @Column(name = "started_at")
    public OffsetDateTime startedAt;

    @Column(name = "finished_at")
    public OffsetDateTime finishedAt;
}
