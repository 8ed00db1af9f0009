double reward(ReorientState s, Components c) {
    // As in dexterous in-hand reorientation: an inverse-distance orientation reward, a small torque penalty and a
    // bonus for each target reached.
    double rotationEpsilon = 0.1;
    double orientation = 1.0 / (s.rotationError + rotationEpsilon);
    double control = -0.01 * (s.action[0] * s.action[0] + s.action[1] * s.action[1] + s.action[2] * s.action[2]);
    double reached = s.success ? 25.0 : 0.0;
    c.put("orientation", orientation);
    c.put("control", control);
    c.put("reached", reached);
    return orientation + control + reached;
}
