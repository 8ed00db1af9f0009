double reward(SpinState s, Components c) {
    // F: the fraction of the 16 waypoints reached in the episode.
    double waypoint = s.success ? 1.0 / 16.0 : 0.0;
    c.put("waypoint", waypoint);
    return waypoint;
}
