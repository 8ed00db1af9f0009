double reward(HeaterState s, Components c) {
    // F: the fraction of the last 20 steps (101 to 120) within 0.5 degrees of the set point.
    double held = (s.step > 100 && Math.abs(s.temperature - s.setPoint) < 0.5) ? 1.0 / 20.0 : 0.0;
    c.put("held", held);
    return held;
}
