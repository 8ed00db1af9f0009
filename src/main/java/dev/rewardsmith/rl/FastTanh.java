package dev.rewardsmith.rl;

/**
 * tanh in float as a clamped rational approximation (Eigen's generic_fast_tanh_float, a few ulp from the exact
 * value): unlike {@link Math#tanh} it has no branches or double math, so loops over it vectorize.
 */
final class FastTanh {

    private static final float CLAMP = 7.90531110763549805f;
    static final float A1 = 4.89352455891786e-03f;
    static final float A3 = 6.37261928875436e-04f;
    static final float A5 = 1.48572235717979e-05f;
    static final float A7 = 5.12229709037114e-08f;
    static final float A9 = -8.60467152213735e-11f;
    static final float A11 = 2.00018790482477e-13f;
    static final float A13 = -2.76076847742355e-16f;
    static final float B0 = 4.89352518554385e-03f;
    static final float B2 = 2.26843463243900e-03f;
    static final float B4 = 1.18534705686654e-04f;
    static final float B6 = 1.19825839466702e-06f;

    private FastTanh() {}

    static float tanh(float v) {
        float x = Math.max(-CLAMP, Math.min(CLAMP, v));
        float x2 = x * x;
        float p = Math.fma(x2, A13, A11);
        p = Math.fma(x2, p, A9);
        p = Math.fma(x2, p, A7);
        p = Math.fma(x2, p, A5);
        p = Math.fma(x2, p, A3);
        p = Math.fma(x2, p, A1);
        p = x * p;
        float q = Math.fma(x2, B6, B4);
        q = Math.fma(x2, q, B2);
        q = Math.fma(x2, q, B0);
        return p / q;
    }

    /** @param a modified: a[i] = tanh(a[i]) for i in [from, to) */
    static void apply(float[] a, int from, int to) {
        if (Mlp.VECTOR_API) {
            VectorKernels.tanh(a, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            float x = Math.max(-CLAMP, Math.min(CLAMP, a[i]));
            float x2 = x * x;
            float p = Math.fma(x2, A13, A11);
            p = Math.fma(x2, p, A9);
            p = Math.fma(x2, p, A7);
            p = Math.fma(x2, p, A5);
            p = Math.fma(x2, p, A3);
            p = Math.fma(x2, p, A1);
            p = x * p;
            float q = Math.fma(x2, B6, B4);
            q = Math.fma(x2, q, B2);
            q = Math.fma(x2, q, B0);
            a[i] = p / q;
        }
    }
}
