double reward(ReacherState s, Components c) {
    // Pull the fingertip towards the goal, with a sharper bonus close in so it settles within 2 cm.
    double precisionTemperature = 0.02;
    double distance = -s.distance;
    double precision = Math.exp(-s.distance / precisionTemperature);
    double control = -0.05 * (s.action[0] * s.action[0] + s.action[1] * s.action[1]);
    c.put("distance", distance);
    c.put("precision", precision);
    c.put("control", control);
    return 10.0 * distance + 0.5 * precision + control;
}
