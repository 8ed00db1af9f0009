double reward(HumanoidState s, Components c) {
    // The well-known humanoid reward: 1.25 x forward velocity + healthy bonus - control cost - contact cost.
    double forward = 1.25 * s.forwardVelocity;
    double healthy = s.healthy ? 5.0 : 0.0;
    double effort = 0.0;
    for (int i = 0; i < 17; i++) {
        effort += s.action[i] * s.action[i];
    }
    double contact = 0.0;
    for (int i = 0; i < 13; i++) {
        contact += s.contactForces[i] * s.contactForces[i];
    }
    double control = -0.1 * effort;
    double contactCost = -Math.min(5e-7 * contact, 10.0);
    c.put("forward", forward);
    c.put("healthy", healthy);
    c.put("control", control);
    c.put("contact", contactCost);
    return forward + healthy + control + contactCost;
}
