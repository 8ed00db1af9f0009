package dev.rewardsmith.reward;

/** The static type of an expression in the reward language; ERROR marks an expression already reported. */
enum ValueType {
    DOUBLE("double"),
    INT("int"),
    BOOLEAN("boolean"),
    ARRAY("double[]"),
    /** The result of a void helper: it can only be called as a statement. */
    VOID("void"),
    ERROR("?");

    private final String javaName;

    ValueType(String javaName) {
        this.javaName = javaName;
    }

    String javaName() {
        return javaName;
    }

    boolean numeric() {
        return this == DOUBLE || this == INT;
    }

    /** True when a value of type {@code from} may be stored where this type is expected (int widens). */
    boolean accepts(ValueType from) {
        return from == this || from == ERROR || this == ERROR || (this == DOUBLE && from == INT);
    }
}
