package dev.rewardsmith.search;

/**
 * Every seed a search derives from its spec's seed, each named for what it drives, so one spec proposes, trains,
 * records and evaluates alike on every run and on resume.
 */
final class Seeds {

    private Seeds() {}

    /** The proposer's seed for one round of proposals. */
    static long proposal(long seed, int restart, int iteration, int round) {
        return mix(seed, restart, iteration, round);
    }

    /** The training seed of every candidate of one restart (so candidates differ by their reward alone). */
    static long training(long seed, int restart) {
        return mix(seed, restart, -1, -1);
    }

    /**
     * The training seed of a candidate's k-th selection seed (k = 1 .. S - 1; seed 0 is its training seed), from the
     * search's seed, the restart, the iteration and the candidate's index, never the restart's training seed.
     */
    static long selection(long seed, int restart, int iteration, int index, int k) {
        long s = mix(mix(seed, 5_555, restart, iteration), index, k, 0);
        return s == training(seed, restart) ? mix(s, 5_555, index, k) : s;
    }

    /** The k-th rollout seed, shared by all candidates of the search so their rollouts can be compared. */
    static long rollout(long seed, int k) {
        return Math.floorMod(mix(seed, 9_999, k, 0), 1L << 31);
    }

    /** How one iteration's comparisons are paired. */
    static long comparisons(long seed, int restart, int iteration) {
        return mix(seed, restart, iteration, 77);
    }

    /** The training seed of the final evaluation's e-th seed, the same for every reward evaluated. */
    static long evaluation(long seed, int e) {
        return mix(seed, 7_777, e, 0);
    }

    /** The episodes on which the best and the human reward are correlated. */
    static long correlation(long seed) {
        return mix(seed, 8_888, 0, 0);
    }

    /** splitmix64 over the parts, so neighbouring seeds give unrelated streams. */
    static long mix(long seed, int a, int b, int c) {
        long z = seed;
        for (long part : new long[] {a, b, c}) {
            z += 0x9E3779B97F4A7C15L + part;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z ^= z >>> 31;
        }
        return z;
    }
}
