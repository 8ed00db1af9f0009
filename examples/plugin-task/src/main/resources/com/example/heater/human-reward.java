double reward(HeaterState s, Components c) {
    // Be near the set point (a smooth bump, so there is a gradient from far away), and do not waste energy.
    double error = s.temperature - s.setPoint;
    double comfort = Math.exp(-0.5 * error * error);
    double energy = -0.05 * s.power;
    c.put("comfort", comfort);
    c.put("energy", energy);
    return comfort + energy;
}
