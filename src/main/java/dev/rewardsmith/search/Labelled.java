package dev.rewardsmith.search;

/**
 * A word of the vocabulary (proposer, selection mode, search and candidate state): an enum whose API, database and
 * UI spelling is {@link #label()}. The edges map it to JSON by this label (see docs/architecture.md, Vocabulary).
 */
public interface Labelled {
    String label();
}
