double reward(PendulumState s, Components c) {
    // Gymnasium's own cost, negated (squared angle from upright, then speed and effort with small weights), plus a
    // bonus that is sharp around upright, so that holding it exactly pays more than wobbling near the top.
    double velocityWeight = 0.1;
    double torqueWeight = 0.001;
    double uprightTemperature = 10.0;
    double angleCost = -s.angle * s.angle;
    double velocityCost = -velocityWeight * s.angularVelocity * s.angularVelocity;
    double torqueCost = -torqueWeight * s.action[0] * s.action[0];
    double uprightBonus = Math.exp(-uprightTemperature * s.angle * s.angle);
    c.put("angle", angleCost);
    c.put("velocity", velocityCost);
    c.put("torque", torqueCost);
    c.put("upright", uprightBonus);
    return angleCost + velocityCost + torqueCost + uprightBonus;
}
