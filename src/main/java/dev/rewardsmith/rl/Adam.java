package dev.rewardsmith.rl;

/** torch.optim.Adam (no weight decay, no amsgrad) over one flat float parameter array. */
final class Adam {

    private final double beta1;
    private final double beta2;
    private final double eps;
    private final float[] m;
    private final float[] v;
    private int t;

    Adam(int size, double beta1, double beta2, double eps) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.m = new float[size];
        this.v = new float[size];
    }

    /** CleanRL's optimizer: betas (0.9, 0.999), eps 1e-5. */
    static Adam cleanRl(int size) {
        return new Adam(size, 0.9, 0.999, 1e-5);
    }

    int steps() {
        return t;
    }

    /**
     * One step: p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
     *
     * @param params modified
     * @param grad read only
     */
    void step(float[] params, float[] grad, double lr) {
        advance();
        update(params, grad, 1f, lr, 0, params.length);
    }

    /** Starts step t + 1; then {@link #update} its ranges (one call or several over disjoint ranges, any order). */
    void advance() {
        t++;
    }

    /**
     * The current step's update of [from, to) on the gradient times {@code scale} (gradient clipping; the same
     * floats as scaling the gradient first): element by element, so a split over ranges gives the floats of one
     * {@link #step}.
     *
     * @param params modified in [from, to)
     * @param grad read only
     */
    void update(float[] params, float[] grad, float scale, double lr, int from, int to) {
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1);
        float c2 = (float) (1 - beta2);
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float invSqrtBias2 = (float) (1 / Math.sqrt(1 - Math.pow(beta2, t)));
        float e = (float) eps;
        float[] m = this.m;
        float[] v = this.v;
        for (int i = from; i < to; i++) {
            float g = grad[i] * scale;
            float mi = b1 * m[i] + c1 * g;
            float vi = b2 * v[i] + c2 * g * g;
            m[i] = mi;
            v[i] = vi;
            params[i] -= stepSize * mi / ((float) Math.sqrt(vi) * invSqrtBias2 + e);
        }
    }
}
