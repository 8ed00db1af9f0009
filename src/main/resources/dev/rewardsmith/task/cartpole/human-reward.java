double reward(CartPoleState s, Components c) {
    // Keep the pole near vertical (smoothly, so the gradient points upright) and the cart near the centre.
    double uprightTemperature = 20.0;
    double upright = Math.exp(-uprightTemperature * s.poleAngle * s.poleAngle);
    double centreWeight = 0.05;
    double centred = -centreWeight * s.cartPosition * s.cartPosition;
    double failure = s.failed ? -1.0 : 0.0;
    c.put("upright", upright);
    c.put("centred", centred);
    c.put("failure", failure);
    return upright + centred + failure;
}
