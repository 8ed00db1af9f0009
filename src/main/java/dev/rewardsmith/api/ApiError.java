package dev.rewardsmith.api;

/** The body of every error response: what went wrong and what to change. */
public record ApiError(String reason) {}
