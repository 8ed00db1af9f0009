double reward(PendulumState s, Components c) {
    // F: the fraction of the 100 second-half steps (101 to 200) that end within 0.2 rad of upright.
    double uprightInSecondHalf = (s.step > 100 && Math.abs(s.angle) < 0.2) ? 1.0 / 100.0 : 0.0;
    c.put("upright", uprightInSecondHalf);
    return uprightInSecondHalf;
}
