package dev.rewardsmith.rl;

import java.util.Arrays;

/** The actions an environment accepts: a choice among {@code n}, or a box of real values with bounds. */
public sealed interface ActionSpace {

    /** Floats per copy in an action array: 1 for a discrete choice (the index as a float), else the dimension. */
    int size();

    /** One of {@code n} actions, sent as the index. */
    record Discrete(int n) implements ActionSpace {
        public Discrete {
            if (n < 2) throw new IllegalArgumentException("a discrete action space needs at least 2 actions, got " + n);
        }

        @Override
        public int size() {
            return 1;
        }
    }

    /** A vector of {@code low.length} real actions; the trainer clips to [low, high] before stepping. */
    record Continuous(double[] low, double[] high) implements ActionSpace {
        public Continuous {
            if (low.length == 0 || low.length != high.length) {
                throw new IllegalArgumentException("bounds must be non-empty and of equal length");
            }
            for (int i = 0; i < low.length; i++) {
                if (!(low[i] < high[i]))
                    throw new IllegalArgumentException("low[" + i + "] must be below high[" + i + "]");
            }
            low = low.clone();
            high = high.clone();
        }

        @Override
        public int size() {
            return low.length;
        }

        @Override
        public double[] low() {
            return low.clone();
        }

        @Override
        public double[] high() {
            return high.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Continuous c && Arrays.equals(low, c.low) && Arrays.equals(high, c.high);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(low) + Arrays.hashCode(high);
        }

        @Override
        public String toString() {
            return "Continuous" + Arrays.toString(low) + ".." + Arrays.toString(high);
        }
    }
}
