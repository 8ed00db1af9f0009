package dev.rewardsmith.task;

import dev.rewardsmith.rl.ActionSpace;
import dev.rewardsmith.rl.PpoConfig;
import dev.rewardsmith.rl.VectorEnv;
import java.util.List;

/**
 * A test-only task registered through src/test/resources/META-INF/services, as a third-party jar would: a point
 * on a line that moves by the action and should reach the origin. Its source is not shipped as a resource. Not
 * final: the registry tests subclass it to fake conflicting ids.
 */
public class ServiceLoadedTask implements Task {

    public ServiceLoadedTask() {}

    @Override
    public String id() {
        return "test-line";
    }

    @Override
    public String description() {
        return "Move the point to the origin.";
    }

    @Override
    public Class<?> stateType() {
        return LineState.class;
    }

    @Override
    public String humanReward() {
        return "double reward(LineState s, Components c) { double d = -Math.abs(s.position); c.put(\"distance\", d);"
                + " return d; }";
    }

    @Override
    public String sparseReward() {
        return "double reward(LineState s, Components c) { double near = Math.abs(s.position) < 0.1 ? 0.1 : 0.0;"
                + " c.put(\"near\", near); return near; }";
    }

    @Override
    public PpoConfig ppoDefaults() {
        return PpoConfig.continuousDefaults().toBuilder().totalTimesteps(20_480).build();
    }

    @Override
    public double fitnessThreshold() {
        return 0.5;
    }

    @Override
    public Frame render(Object stateView) {
        LineState s = (LineState) stateView;
        return new Frame(-2, -1, 2, 1, List.of(new Frame.Circle(s.position, 0, 0.1, "#000000", null)));
    }

    @Override
    public int observationSize() {
        return 1;
    }

    @Override
    public ActionSpace actionSpace() {
        return new ActionSpace.Continuous(new double[] {-1}, new double[] {1});
    }

    @Override
    public int episodeLength() {
        return 10;
    }

    @Override
    public VectorEnv createEnv(int copies, long seed) {
        return new LineEnv(copies, seed);
    }

    /** Copies of the line: position moves by 0.1 * action; 10-step episodes; F = 1 if ending within 0.1. */
    static final class LineEnv implements VectorEnv {
        private final double[] position;
        private final double[] lastAction;
        private final int[] step;
        private final java.util.SplittableRandom random;
        private final LineState view = new LineState();

        LineEnv(int copies, long seed) {
            position = new double[copies];
            lastAction = new double[copies];
            step = new int[copies];
            random = new java.util.SplittableRandom(seed);
        }

        @Override
        public int copies() {
            return position.length;
        }

        @Override
        public void reset(float[] obs) {
            for (int i = 0; i < position.length; i++) {
                position[i] = random.nextDouble(-1, 1);
                step[i] = 0;
                obs[i] = (float) position[i];
            }
        }

        @Override
        public void step(float[] actions) {
            for (int i = 0; i < position.length; i++) {
                lastAction[i] = actions[i];
                position[i] += 0.1 * actions[i];
                step[i]++;
            }
        }

        @Override
        public Object stateView() {
            return view;
        }

        @Override
        public void loadStateView(int copy) {
            view.position = position[copy];
            view.action[0] = lastAction[copy];
            view.step = step[copy];
        }

        @Override
        public boolean terminated(int copy) {
            return false;
        }

        @Override
        public boolean done(int copy) {
            return step[copy] >= 10;
        }

        @Override
        public double episodeFitness(int copy) {
            return Math.abs(position[copy]) < 0.1 ? 1 : 0;
        }

        @Override
        public void autoReset(float[] obs) {
            for (int i = 0; i < position.length; i++) {
                if (done(i)) {
                    position[i] = random.nextDouble(-1, 1);
                    step[i] = 0;
                }
                obs[i] = (float) position[i];
            }
        }
    }
}
