package dev.rewardsmith.task;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reference trajectories written by src/test/python/gymnasium_reference.py (Gymnasium's equations transcribed with
 * numpy): per episode the initial state, then per step the action, the state after it and the terminated flag.
 */
public record ConformanceFixture(List<Episode> episodes) {

    /** One reference episode: {@code actions[t]}, {@code states[t + 1]}, {@code terminated[t + 1]} are step t + 1. */
    public record Episode(double[][] states, double[] actions, boolean[] terminated) {

        public int steps() {
            return actions.length;
        }
    }

    /** Loads {@code /conformance/<name>.csv} from the test resources. */
    public static ConformanceFixture load(String name) {
        String path = "/conformance/" + name + ".csv";
        try (InputStream in = ConformanceFixture.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("missing fixture " + path);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            reader.readLine(); // header
            List<Episode> episodes = new ArrayList<>();
            List<double[]> states = new ArrayList<>();
            List<Double> actions = new ArrayList<>();
            List<Boolean> terminated = new ArrayList<>();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String[] f = line.split(",", -1);
                int step = Integer.parseInt(f[1]);
                if (step == 0 && !states.isEmpty()) {
                    episodes.add(episode(states, actions, terminated));
                    states.clear();
                    actions.clear();
                    terminated.clear();
                }
                double[] state = new double[f.length - 4];
                for (int j = 0; j < state.length; j++) state[j] = Double.parseDouble(f[3 + j]);
                states.add(state);
                if (step > 0) actions.add(Double.parseDouble(f[2]));
                terminated.add(f[f.length - 1].equals("1"));
            }
            if (!states.isEmpty()) episodes.add(episode(states, actions, terminated));
            return new ConformanceFixture(List.copyOf(episodes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Episode episode(List<double[]> states, List<Double> actions, List<Boolean> terminated) {
        double[] a = new double[actions.size()];
        for (int i = 0; i < a.length; i++) a[i] = actions.get(i);
        boolean[] t = new boolean[terminated.size()];
        for (int i = 0; i < t.length; i++) t[i] = terminated.get(i);
        return new Episode(states.toArray(double[][]::new), a, t);
    }
}
