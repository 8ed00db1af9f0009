package dev.rewardsmith.reward;

/** A local variable or helper parameter; lo..hi is its provable range when it is an int constant. */
record Local(String name, ValueType type, boolean isFinal, boolean loopVariable, Long lo, Long hi) {}
