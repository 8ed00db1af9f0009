double reward(ReorientState s, Components c) {
    // F: the number of targets reached in the episode; one per success.
    double success = s.success ? 1.0 : 0.0;
    c.put("success", success);
    return success;
}
