double reward(ReacherState s, Components c) {
    // F: 1 when the fingertip is within 2 cm of the goal on the episode's last step (step 100).
    double success = (s.step == 100 && s.distance < 0.02) ? 1.0 : 0.0;
    c.put("success", success);
    return success;
}
