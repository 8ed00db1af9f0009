double reward(MountainCarState s, Components c) {
    // Gymnasium's goal bonus, a cost for every step before the goal, and shaping by the car's mechanical energy
    // (kinetic plus potential along the hills y = sin(3 x)): the car must gain energy before it can reach the flag.
    // The energy term is never positive, so ending the episode at the goal stays the best thing to do.
    double goalBonus = 100.0;
    double energyWeight = 1.0;
    double effortWeight = 0.01;
    double potentialScale = 0.0025 / 3.0;
    double energy = 0.5 * s.velocity * s.velocity + potentialScale * s.height;
    double energyAtRest = -potentialScale;
    double energyAtGoal = potentialScale * Math.sin(3 * 0.45);
    double energyFraction = (energy - energyAtRest) / (energyAtGoal - energyAtRest);
    double goal = s.atGoal ? goalBonus : 0.0;
    double energyShaping = s.atGoal ? 0.0 : energyWeight * (Math.min(energyFraction, 1.0) - 1.0);
    double effort = -effortWeight * s.action[0] * s.action[0];
    c.put("goal", goal);
    c.put("energy", energyShaping);
    c.put("effort", effort);
    return goal + energyShaping + effort;
}
