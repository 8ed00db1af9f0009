double reward(SpinState s, Components c) {
    // Close in on the current waypoint, keep turning the right way about the long axis without letting the axis
    // wander, and collect a bonus per waypoint.
    double rotationEpsilon = 0.1;
    double waypoint = 1.0 / (s.rotationError + rotationEpsilon);
    double spin = 0.1 * Math.clamp(s.axialSpeed, -5.0, 5.0);
    double wobble = -1.0 * s.axisDeviation;
    double reached = s.success ? 10.0 : 0.0;
    c.put("waypoint", waypoint);
    c.put("spin", spin);
    c.put("wobble", wobble);
    c.put("reached", reached);
    return waypoint + spin + wobble + reached;
}
