package dev.rewardsmith.propose;

/** A program the offline proposer made, before validation, and the one line saying how. */
record Candidate(String source, String summary) {}
