double reward(AcrobotState s, Components c) {
    // F: 1 when the tip rises above the goal line within the first 100 steps. Reaching it ends the episode, so
    // this pays at most once.
    double reached = (s.atGoal && s.step <= 100) ? 1.0 : 0.0;
    c.put("goal", reached);
    return reached;
}
