double reward(QuadcopterState s, Components c) {
    // F: the fraction of the last 100 steps of the episode spent within 0.1 m of the goal.
    double held = (s.inFinalWindow && s.nearGoal) ? 0.01 : 0.0;
    c.put("held", held);
    return held;
}
