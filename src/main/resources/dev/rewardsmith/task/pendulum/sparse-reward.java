double reward(PendulumState s, Components c) {
    // F: the fraction of the 100 second-half steps that end within 0.2 rad of upright.
    double uprightInSecondHalf = s.secondHalf && s.upright ? 1.0 / 100.0 : 0.0;
    c.put("upright", uprightInSecondHalf);
    return uprightInSecondHalf;
}
