double reward(QuadcopterState s, Components c) {
    // F: the fraction of the last 100 steps (201 to 300) spent uncrashed within 0.1 m of the goal.
    double held = (s.step > 200 && !s.crashed && s.distance < 0.1) ? 0.01 : 0.0;
    c.put("held", held);
    return held;
}
