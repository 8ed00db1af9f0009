package dev.rewardsmith.reward;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a task's state view as the reward language sees them, read by reflection from the class and
 * from a fresh instance (array lengths). Field order is declaration order; the C struct mirrors it.
 */
final class StateLayout {

    /** The type of one state field. */
    enum Kind {
        DOUBLE,
        INT,
        BOOLEAN,
        DOUBLE_ARRAY
    }

    /** One public field of the state view; {@code length} is the array length, 0 for scalars. */
    record StateField(String name, Kind kind, int length) {}

    private final Class<?> type;
    private final Map<String, StateField> fields;

    private StateLayout(Class<?> type, Map<String, StateField> fields) {
        this.type = type;
        this.fields = fields;
    }

    /**
     * Reads the layout of a state view.
     *
     * @throws IllegalArgumentException if the class does not follow the state view convention
     */
    static StateLayout of(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers()) || type.isInterface() || type.isArray() || type.isPrimitive()) {
            throw new IllegalArgumentException(type.getName() + " is not a public class");
        }
        Object instance;
        try {
            Constructor<?> constructor = type.getConstructor();
            instance = constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type.getName() + " needs a public no-arg constructor", e);
        }
        Map<String, StateField> fields = new LinkedHashMap<>();
        for (Field field : type.getDeclaredFields()) {
            int modifiers = field.getModifiers();
            if (!Modifier.isPublic(modifiers) || Modifier.isStatic(modifiers)) {
                continue;
            }
            Class<?> fieldType = field.getType();
            StateField stateField;
            if (fieldType == double.class) {
                stateField = new StateField(field.getName(), Kind.DOUBLE, 0);
            } else if (fieldType == int.class) {
                stateField = new StateField(field.getName(), Kind.INT, 0);
            } else if (fieldType == boolean.class) {
                stateField = new StateField(field.getName(), Kind.BOOLEAN, 0);
            } else if (fieldType == double[].class) {
                double[] array;
                try {
                    array = (double[]) field.get(instance);
                } catch (IllegalAccessException e) {
                    throw new IllegalArgumentException(field + " is not readable", e);
                }
                if (array == null) {
                    throw new IllegalArgumentException(field + " must be allocated by the constructor");
                }
                stateField = new StateField(field.getName(), Kind.DOUBLE_ARRAY, array.length);
            } else {
                throw new IllegalArgumentException(field + " has type " + fieldType.getName()
                        + "; state views hold only double, int, boolean and double[] fields");
            }
            fields.put(field.getName(), stateField);
        }
        return new StateLayout(type, fields);
    }

    Class<?> type() {
        return type;
    }

    String simpleName() {
        return type.getSimpleName();
    }

    /** The field, or null when the state view has none of that name. */
    StateField field(String name) {
        return fields.get(name);
    }

    List<StateField> fields() {
        return new ArrayList<>(fields.values());
    }
}
