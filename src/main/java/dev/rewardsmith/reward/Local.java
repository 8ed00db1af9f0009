package dev.rewardsmith.reward;

/**
 * A local variable, helper parameter or class constant; lo..hi is its provable range when it is an int constant.
 * An ARRAY local is a read-only alias of a state array (or a helper's array parameter) of {@code length} elements,
 * -1 when no call fixes it.
 */
record Local(String name, ValueType type, boolean isFinal, boolean loopVariable, Long lo, Long hi, int length) {

    Local(String name, ValueType type, boolean isFinal, boolean loopVariable, Long lo, Long hi) {
        this(name, type, isFinal, loopVariable, lo, hi, -1);
    }

    /** A read-only alias of an array of {@code length} elements. */
    static Local array(String name, int length) {
        return new Local(name, ValueType.ARRAY, true, false, null, null, length);
    }
}
