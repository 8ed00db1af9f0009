package dev.rewardsmith.rl;

/**
 * Another task's environment in every respect but the vectorized envs it creates: tests override
 * {@link #createEnv} to watch or remember what a training made.
 */
public abstract class EnvironmentWrapper implements Environment {

    private final Environment wrapped;

    protected EnvironmentWrapper(Environment wrapped) {
        this.wrapped = wrapped;
    }

    @Override
    public int observationSize() {
        return wrapped.observationSize();
    }

    @Override
    public ActionSpace actionSpace() {
        return wrapped.actionSpace();
    }

    @Override
    public int episodeLength() {
        return wrapped.episodeLength();
    }
}
