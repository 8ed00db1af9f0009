double reward(AntState s, Components c) {
    // The well-known ant reward: forward velocity + healthy bonus - control cost - contact cost.
    double forward = s.forwardVelocity;
    double healthy = s.healthy ? 1.0 : 0.0;
    double effort = 0.0;
    for (int i = 0; i < 8; i++) {
        effort += s.action[i] * s.action[i];
    }
    double contact = 0.0;
    for (int i = 0; i < 13; i++) {
        double f = Math.min(s.contactForces[i], 1.0);
        contact += f * f;
    }
    double control = -0.5 * effort;
    double contactCost = -5e-4 * contact;
    c.put("forward", forward);
    c.put("healthy", healthy);
    c.put("control", control);
    c.put("contact", contactCost);
    return forward + healthy + control + contactCost;
}
