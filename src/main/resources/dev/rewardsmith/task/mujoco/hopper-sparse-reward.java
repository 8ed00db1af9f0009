double reward(HopperState s, Components c) {
    // F: the forward distance of the episode divided by its full 4 s, paid once on the step that ends it.
    double fitness = s.episodeEnd ? s.distance / 4.0 : 0.0;
    c.put("fitness", fitness);
    return fitness;
}
