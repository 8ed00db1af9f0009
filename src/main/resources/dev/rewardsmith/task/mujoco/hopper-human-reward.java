double reward(HopperState s, Components c) {
    // The well-known hopper reward: forward velocity + healthy bonus - control cost.
    double forward = s.forwardVelocity;
    double healthy = s.healthy ? 1.0 : 0.0;
    double effort = s.action[0] * s.action[0] + s.action[1] * s.action[1] + s.action[2] * s.action[2];
    double control = -1e-3 * effort;
    c.put("forward", forward);
    c.put("healthy", healthy);
    c.put("control", control);
    return forward + healthy + control;
}
