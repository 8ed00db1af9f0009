package dev.rewardsmith.reward;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The reward corpus in src/test/resources/reward-corpus: programs, their expectations and random states. */
final class Corpus {

    /** One corpus program and what must happen to it. */
    record Entry(String file, Class<?> stateType, String expectation) {

        boolean valid() {
            return expectation.equals("ok");
        }

        boolean failsAtRunTime() {
            return expectation.startsWith("run ");
        }

        boolean rejected() {
            return !valid() && !failsAtRunTime();
        }

        String text() {
            return read(file);
        }
    }

    private Corpus() {}

    static List<Entry> entries() {
        List<Entry> entries = new ArrayList<>();
        for (String line : read("expectations.tsv").lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\t");
            if (parts.length != 3) {
                throw new IllegalStateException("bad expectations line: " + line);
            }
            Class<?> state =
                    switch (parts[1]) {
                        case "CartPoleState" -> CartPoleState.class;
                        case "ReacherState" -> ReacherState.class;
                        default -> throw new IllegalStateException("unknown state view " + parts[1]);
                    };
            entries.add(new Entry(parts[0], state, parts[2]));
        }
        return entries;
    }

    static String read(String name) {
        try (InputStream in = Corpus.class.getResourceAsStream("/reward-corpus/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing corpus file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A state view with every field random: doubles in [-3, 3) (arrays in [-1.5, 1.5)), ints in [0, 5000) so
     * int products overflow, booleans fair; a field named dt is in [0.01, 0.1).
     */
    static Object randomState(Class<?> type, Random random) {
        try {
            Object state = type.getConstructor().newInstance();
            for (Field field : type.getFields()) {
                if (field.getType() == double.class) {
                    field.setDouble(
                            state,
                            field.getName().equals("dt")
                                    ? 0.01 + 0.09 * random.nextDouble()
                                    : -3.0 + 6.0 * random.nextDouble());
                } else if (field.getType() == int.class) {
                    field.setInt(state, random.nextInt(5000));
                } else if (field.getType() == boolean.class) {
                    field.setBoolean(state, random.nextBoolean());
                } else if (field.getType() == double[].class) {
                    double[] array = (double[]) field.get(state);
                    for (int i = 0; i < array.length; i++) {
                        array[i] = -1.5 + 3.0 * random.nextDouble();
                    }
                }
            }
            return state;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
