double reward(CartPoleState s, Components c) {
    // F is the number of steps balanced (every step of the episode, the failing one included) divided by 500.
    double balanced = 1.0 / 500.0;
    c.put("balanced", balanced);
    return balanced;
}
