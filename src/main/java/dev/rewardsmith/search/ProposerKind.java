package dev.rewardsmith.search;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a search's reward programs come from (see docs/architecture.md, Proposers). */
public enum ProposerKind implements Labelled {
    /** Mutations of the best program's syntax tree, no model. */
    OFFLINE,
    /** A coding model behind an OpenAI-compatible endpoint. */
    LLM,
    /** The stored proposals of an earlier search, served again. */
    REPLAY,
    /** One pasted (or the task's human) program, trained once. */
    HUMAN;

    @Override
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProposerKind> parse(String label) {
        return Arrays.stream(values()).filter(p -> p.label().equals(label)).findFirst();
    }

    /** A human search has one iteration (its program) and no retry rounds. */
    public boolean singleProgram() {
        return this == HUMAN;
    }
}
