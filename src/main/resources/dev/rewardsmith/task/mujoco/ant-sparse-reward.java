double reward(AntState s, Components c) {
    // F: the forward distance of the episode divided by its full 12.5 s, paid once on the step that ends it.
    double fitness = s.episodeEnd ? s.distance / 12.5 : 0.0;
    c.put("fitness", fitness);
    return fitness;
}
