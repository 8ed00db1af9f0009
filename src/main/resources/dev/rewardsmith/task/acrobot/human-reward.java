double reward(AcrobotState s, Components c) {
    // Gymnasium's -1 per step until the goal, plus a height term that is never positive, so that lifting the tip
    // pays off early while ending the episode at the goal stays the best thing to do.
    double heightWeight = 0.5;
    double time = s.atGoal ? 0.0 : -1.0;
    double height = heightWeight * (s.tipHeight - 1.0) / 3.0;
    c.put("time", time);
    c.put("height", height);
    return time + height;
}
