package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/**
 * Gym's CartPole-v1 dynamics (Euler, 500-step episodes, F = steps balanced / 500) for benchmarks and tests of
 * the trainer independent of the task catalogue.
 */
final class BenchmarkCartPole implements Environment {

    /** The state view reward programs read. */
    public static final class State {
        public double x;
        public double xDot;
        public double theta;
        public double thetaDot;
        public int steps;
        public boolean terminated;
    }

    @Override
    public int observationSize() {
        return 4;
    }

    @Override
    public ActionSpace actionSpace() {
        return new ActionSpace.Discrete(2);
    }

    @Override
    public int episodeLength() {
        return 500;
    }

    @Override
    public VectorEnv createEnv(int copies, long seed) {
        return new Copies(copies, seed);
    }

    private static final class Copies implements VectorEnv {
        private static final double GRAVITY = 9.8;
        private static final double MASS_CART = 1.0;
        private static final double MASS_POLE = 0.1;
        private static final double TOTAL_MASS = MASS_CART + MASS_POLE;
        private static final double LENGTH = 0.5;
        private static final double POLE_MASS_LENGTH = MASS_POLE * LENGTH;
        private static final double FORCE = 10.0;
        private static final double TAU = 0.02;
        private static final double THETA_LIMIT = 12 * 2 * Math.PI / 360;
        private static final double X_LIMIT = 2.4;

        private final int n;
        private final SplittableRandom random;
        private final double[] x;
        private final double[] xDot;
        private final double[] theta;
        private final double[] thetaDot;
        private final int[] steps;
        private final boolean[] terminated;
        private final boolean[] done;
        private final State view = new State();

        Copies(int n, long seed) {
            this.n = n;
            this.random = new SplittableRandom(seed);
            x = new double[n];
            xDot = new double[n];
            theta = new double[n];
            thetaDot = new double[n];
            steps = new int[n];
            terminated = new boolean[n];
            done = new boolean[n];
        }

        @Override
        public int copies() {
            return n;
        }

        private void resetCopy(int i) {
            x[i] = random.nextDouble(-0.05, 0.05);
            xDot[i] = random.nextDouble(-0.05, 0.05);
            theta[i] = random.nextDouble(-0.05, 0.05);
            thetaDot[i] = random.nextDouble(-0.05, 0.05);
            steps[i] = 0;
            terminated[i] = false;
            done[i] = false;
        }

        private void write(float[] obs, int i) {
            obs[4 * i] = (float) x[i];
            obs[4 * i + 1] = (float) xDot[i];
            obs[4 * i + 2] = (float) theta[i];
            obs[4 * i + 3] = (float) thetaDot[i];
        }

        @Override
        public void reset(float[] obs) {
            for (int i = 0; i < n; i++) {
                resetCopy(i);
                write(obs, i);
            }
        }

        @Override
        public void step(float[] actions) {
            for (int i = 0; i < n; i++) {
                double force = actions[i] >= 0.5f ? FORCE : -FORCE;
                double cos = Math.cos(theta[i]);
                double sin = Math.sin(theta[i]);
                double temp = (force + POLE_MASS_LENGTH * thetaDot[i] * thetaDot[i] * sin) / TOTAL_MASS;
                double thetaAcc =
                        (GRAVITY * sin - cos * temp) / (LENGTH * (4.0 / 3.0 - MASS_POLE * cos * cos / TOTAL_MASS));
                double xAcc = temp - POLE_MASS_LENGTH * thetaAcc * cos / TOTAL_MASS;
                x[i] += TAU * xDot[i];
                xDot[i] += TAU * xAcc;
                theta[i] += TAU * thetaDot[i];
                thetaDot[i] += TAU * thetaAcc;
                steps[i]++;
                terminated[i] = x[i] < -X_LIMIT || x[i] > X_LIMIT || theta[i] < -THETA_LIMIT || theta[i] > THETA_LIMIT;
                done[i] = terminated[i] || steps[i] >= 500;
            }
        }

        @Override
        public Object stateView() {
            return view;
        }

        @Override
        public void loadStateView(int i) {
            view.x = x[i];
            view.xDot = xDot[i];
            view.theta = theta[i];
            view.thetaDot = thetaDot[i];
            view.steps = steps[i];
            view.terminated = terminated[i];
        }

        @Override
        public boolean terminated(int i) {
            return terminated[i];
        }

        @Override
        public boolean done(int i) {
            return done[i];
        }

        @Override
        public double episodeFitness(int i) {
            return steps[i] / 500.0;
        }

        @Override
        public void autoReset(float[] obs) {
            for (int i = 0; i < n; i++) {
                if (done[i]) resetCopy(i);
                write(obs, i);
            }
        }
    }
}
