double reward(QuadcopterState s, Components c) {
    // Positive reward for being close (so staying airborne pays), a sharp bonus at the point, small penalties
    // for tilt and speed, and a large penalty for crashing.
    double approachTemperature = 1.5;
    double precisionTemperature = 0.1;
    double approach = Math.exp(-approachTemperature * s.distance);
    double precision = Math.exp(-s.distance / precisionTemperature);
    double upright = -0.1 * s.pitch * s.pitch;
    double velocity = -0.05 * s.speed * s.speed;
    double crash = s.crashed ? -10.0 : 0.0;
    c.put("approach", approach);
    c.put("precision", precision);
    c.put("upright", upright);
    c.put("velocity", velocity);
    c.put("crash", crash);
    return approach + precision + upright + velocity + crash;
}
