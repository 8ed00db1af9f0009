package dev.rewardsmith.rl;

import java.util.SplittableRandom;

/**
 * A trivially learnable environment: each step shows a target in [-1, 1]; the agent should answer its sign
 * (discrete: action 1 for positive) or its value (continuous). Episodes last 8 steps; F is the mean score.
 */
final class ToyEnv implements Environment {

    static final int LENGTH = 8;

    /** The state view: the target that was shown, the answer and its score in [0, 1]. */
    public static final class State {
        public double target;
        public double answer;
        public double score;
    }

    private final boolean continuous;

    ToyEnv(boolean continuous) {
        this.continuous = continuous;
    }

    @Override
    public int observationSize() {
        return 1;
    }

    @Override
    public ActionSpace actionSpace() {
        return continuous
                ? new ActionSpace.Continuous(new double[] {-1}, new double[] {1})
                : new ActionSpace.Discrete(2);
    }

    @Override
    public int episodeLength() {
        return LENGTH;
    }

    @Override
    public VectorEnv createEnv(int copies, long seed) {
        return new VectorEnv() {
            final SplittableRandom random = new SplittableRandom(seed);
            final double[] target = new double[copies];
            final double[] answer = new double[copies];
            final double[] score = new double[copies];
            final double[] total = new double[copies];
            final int[] steps = new int[copies];
            final State view = new State();

            @Override
            public int copies() {
                return copies;
            }

            @Override
            public void reset(float[] obs) {
                for (int i = 0; i < copies; i++) {
                    steps[i] = 0;
                    total[i] = 0;
                    target[i] = random.nextDouble(-1, 1);
                    obs[i] = (float) target[i];
                }
            }

            @Override
            public void step(float[] actions) {
                for (int i = 0; i < copies; i++) {
                    answer[i] = actions[i];
                    score[i] = continuous
                            ? 1 - Math.abs(actions[i] - target[i]) / 2
                            : ((actions[i] == 1) == (target[i] > 0) ? 1 : 0);
                    total[i] += score[i];
                    steps[i]++;
                }
            }

            @Override
            public Object stateView() {
                return view;
            }

            @Override
            public void loadStateView(int copy) {
                view.target = target[copy];
                view.answer = answer[copy];
                view.score = score[copy];
            }

            @Override
            public boolean terminated(int copy) {
                return false;
            }

            @Override
            public boolean done(int copy) {
                return steps[copy] >= LENGTH;
            }

            @Override
            public double episodeFitness(int copy) {
                return total[copy] / LENGTH;
            }

            @Override
            public void autoReset(float[] obs) {
                for (int i = 0; i < copies; i++) {
                    if (done(i)) {
                        steps[i] = 0;
                        total[i] = 0;
                    }
                    target[i] = random.nextDouble(-1, 1);
                    obs[i] = (float) target[i];
                }
            }
        };
    }
}
