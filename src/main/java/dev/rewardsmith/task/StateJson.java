package dev.rewardsmith.task;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A task's state view as compact JSON ({@code {"poleAngle":0.0123,...}}): its public double, int, boolean and
 * double[] fields in declaration order, doubles with 6 significant digits. For recorded rollouts.
 */
public final class StateJson {

    private static final Map<Class<?>, List<Field>> FIELDS = new ConcurrentHashMap<>();

    /** Trailing zeros of a formatted number's fraction (and its point when nothing is left), before any exponent. */
    private static final Pattern TRAILING_ZEROS = Pattern.compile("\\.?0+(e|$)");

    private StateJson() {}

    public static String of(Object state) {
        List<Field> fields = FIELDS.computeIfAbsent(state.getClass(), StateJson::fields);
        StringBuilder b = new StringBuilder(32 * fields.size()).append('{');
        try {
            for (int i = 0; i < fields.size(); i++) {
                Field f = fields.get(i);
                if (i > 0) b.append(',');
                b.append('"').append(f.getName()).append("\":");
                Class<?> t = f.getType();
                if (t == double.class) {
                    number(b, f.getDouble(state));
                } else if (t == int.class) {
                    b.append(f.getInt(state));
                } else if (t == boolean.class) {
                    b.append(f.getBoolean(state));
                } else {
                    double[] a = (double[]) f.get(state);
                    b.append('[');
                    for (int k = 0; a != null && k < a.length; k++) {
                        if (k > 0) b.append(',');
                        number(b, a[k]);
                    }
                    b.append(']');
                }
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("state view fields must be public", e);
        }
        return b.append('}').toString();
    }

    private static void number(StringBuilder b, double v) {
        if (Double.isFinite(v)) {
            b.append(TRAILING_ZEROS
                    .matcher(String.format(Locale.ROOT, "%.6g", v))
                    .replaceFirst("$1"));
        } else {
            b.append("null");
        }
    }

    private static List<Field> fields(Class<?> type) {
        List<Field> out = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            int m = f.getModifiers();
            if (!Modifier.isPublic(m) || Modifier.isStatic(m)) continue;
            Class<?> t = f.getType();
            if (t == double.class || t == int.class || t == boolean.class || t == double[].class) out.add(f);
        }
        return out;
    }
}
