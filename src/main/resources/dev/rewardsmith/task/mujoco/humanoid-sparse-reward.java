double reward(HumanoidState s, Components c) {
    // F: the forward distance of the episode divided by its full 7.5 s, paid once on the step that ends it.
    double fitness = s.episodeEnd ? s.distance / 7.5 : 0.0;
    c.put("fitness", fitness);
    return fitness;
}
