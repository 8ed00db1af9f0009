double reward(MountainCarState s, Components c) {
    // Gymnasium's goal bonus and effort cost, plus a speed bonus so that rocking back and forth pays off before
    // the goal is ever reached; the effort weight is lowered so that standing still is not the best choice.
    double goalBonus = 100.0;
    double speedWeight = 10.0;
    double effortWeight = 0.01;
    double goal = s.atGoal ? goalBonus : 0.0;
    double speed = speedWeight * Math.abs(s.velocity);
    double effort = -effortWeight * s.action[0] * s.action[0];
    c.put("goal", goal);
    c.put("speed", speed);
    c.put("effort", effort);
    return goal + speed + effort;
}
