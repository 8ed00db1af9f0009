package dev.rewardsmith.gpu;

/**
 * The state of a {@link java.util.SplittableRandom} (Steele, Lea and Flood, "Fast splittable pseudorandom number
 * generators", OOPSLA 2014) made visible: a seed and an odd gamma. Its k-th draw is mix64(seed + (k + 1) *
 * gamma), so the kernels can compute any draw of a Java stream without the ones before it (docs/gpu.md). Tests
 * check every method against java.util.SplittableRandom.
 */
final class SplitMix {

    static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    long seed;
    final long gamma;

    SplitMix(long seed, long gamma) {
        this.seed = seed;
        this.gamma = gamma;
    }

    /** As {@code new SplittableRandom(seed)}. */
    static SplitMix of(long seed) {
        return new SplitMix(seed, GOLDEN_GAMMA);
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int n = Long.bitCount(z ^ (z >>> 1));
        return (n < 24) ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }

    private long nextSeed() {
        return seed += gamma;
    }

    long nextLong() {
        return mix64(nextSeed());
    }

    /** As {@link java.util.SplittableRandom#split()}: the new generator's seed, then its gamma. */
    SplitMix split() {
        long s = nextLong();
        return new SplitMix(s, mixGamma(nextSeed()));
    }
}
