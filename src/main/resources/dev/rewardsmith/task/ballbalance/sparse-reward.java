double reward(BallBalanceState s, Components c) {
    // F: the fraction of the 300-step episode with the ball on the table and within 0.1 m of the centre.
    double centred = (s.onTable && s.distance < 0.1) ? 1.0 / 300.0 : 0.0;
    c.put("centred", centred);
    return centred;
}
