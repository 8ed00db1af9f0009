double reward(ReacherState s, Components c) {
    // F: 1 when the fingertip is within 2 cm of the goal on the episode's last step.
    double success = (s.lastStep && s.atGoal) ? 1.0 : 0.0;
    c.put("success", success);
    return success;
}
