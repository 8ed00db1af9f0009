double reward(BallBalanceState s, Components c) {
    // Keep the ball near the centre and slow; staying on the table is worth a steady bonus.
    double centreTemperature = 20.0;
    double centre = Math.exp(-centreTemperature * s.distance * s.distance);
    double speed = -0.1 * s.speed * s.speed;
    double alive = s.onTable ? 0.1 : -10.0;
    c.put("centre", centre);
    c.put("speed", speed);
    c.put("alive", alive);
    return centre + speed + alive;
}
