double reward(PendulumState s, Components c) {
    // Gymnasium's own cost, negated: squared angle from upright, then speed and effort with small weights.
    double velocityWeight = 0.1;
    double torqueWeight = 0.001;
    double angleCost = -s.angle * s.angle;
    double velocityCost = -velocityWeight * s.angularVelocity * s.angularVelocity;
    double torqueCost = -torqueWeight * s.action[0] * s.action[0];
    c.put("angle", angleCost);
    c.put("velocity", velocityCost);
    c.put("torque", torqueCost);
    return angleCost + velocityCost + torqueCost;
}
