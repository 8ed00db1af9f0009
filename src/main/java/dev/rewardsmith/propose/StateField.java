package dev.rewardsmith.propose;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;

/**
 * One public field of a task's state view as the offline proposer sees it (the reward language's convention:
 * double, int, boolean or fixed-length double[]), read by reflection; {@code length} is 0 for scalars.
 */
record StateField(String name, Kind kind, int length) {

    /** The type of a state field. */
    enum Kind {
        DOUBLE,
        INT,
        BOOLEAN,
        DOUBLE_ARRAY
    }

    /** Arrays longer than this are not written out element by element (the program would grow too long). */
    static final int MAX_ELEMENTS = 8;

    /** The fields in declaration order; fields of other types are skipped (the compiler rejects such views). */
    static List<StateField> of(Class<?> stateType) {
        Object instance = null;
        try {
            instance = stateType.getConstructor().newInstance();
        } catch (ReflectiveOperationException | RuntimeException e) {
            // array lengths stay unknown: such fields are left out below
        }
        List<StateField> fields = new ArrayList<>();
        for (Field field : stateType.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)) continue;
            Class<?> type = field.getType();
            if (type == double.class) fields.add(new StateField(field.getName(), Kind.DOUBLE, 0));
            else if (type == int.class) fields.add(new StateField(field.getName(), Kind.INT, 0));
            else if (type == boolean.class) fields.add(new StateField(field.getName(), Kind.BOOLEAN, 0));
            else if (type == double[].class && instance != null) {
                try {
                    double[] array = (double[]) field.get(instance);
                    if (array != null && array.length > 0) {
                        fields.add(new StateField(field.getName(), Kind.DOUBLE_ARRAY, array.length));
                    }
                } catch (IllegalAccessException e) {
                    // not readable: leave it out
                }
            }
        }
        return fields;
    }

    /**
     * Whether smooth shaping terms can be built from it: doubles and short double arrays. Int fields are counters
     * and discrete actions (step, action), where a squared penalty or a bonus around 0 means nothing.
     */
    boolean continuous() {
        return kind == Kind.DOUBLE || (kind == Kind.DOUBLE_ARRAY && length <= MAX_ELEMENTS);
    }

    /** The expressions a program reads it by, with {@code state} as the state parameter's name. */
    List<String> elements(String state) {
        if (kind != Kind.DOUBLE_ARRAY) return List.of(state + "." + name);
        List<String> elements = new ArrayList<>(length);
        for (int i = 0; i < length; i++) elements.add(state + "." + name + "[" + i + "]");
        return elements;
    }
}
