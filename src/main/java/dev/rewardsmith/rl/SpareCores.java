package dev.rewardsmith.rl;

/**
 * The cores a training may borrow (docs/architecture.md, Training): between iterations a {@link PpoTrainer} asks
 * for a second core while it has none, and gives it back when another training wants it. The training pool
 * implements it; the floats of a training do not depend on the answers (see {@link SecondCore}).
 */
public interface SpareCores {

    /** Takes an idle core for the calling training; true if it got one. */
    boolean tryTake();

    /** Whether a core taken with {@link #tryTake} is wanted back (more trainings than cores). */
    boolean wanted();

    /** Returns a core taken with {@link #tryTake}. */
    void giveBack();

    /** Never a second core. */
    SpareCores NONE = new SpareCores() {
        @Override
        public boolean tryTake() {
            return false;
        }

        @Override
        public boolean wanted() {
            return true;
        }

        @Override
        public void giveBack() {}
    };

    /** Always a second core (a benchmark, or a training that owns the machine). */
    SpareCores ALWAYS = new SpareCores() {
        @Override
        public boolean tryTake() {
            return true;
        }

        @Override
        public boolean wanted() {
            return false;
        }

        @Override
        public void giveBack() {}
    };
}
