package dev.rewardsmith.propose;

/** The model exchanges of one iteration of a search: how many, their tokens and their cost. */
public record IterationUsage(
        int restart, int iteration, int exchanges, long promptTokens, long completionTokens, double cost) {}
