/*
 * A whole PPO iteration as kernels (docs/gpu.md): environment step and auto-reset of cartpole, pendulum,
 * mountain-car and acrobot, observation normalization, the tanh MLP forward and backward passes, sampling, GAE,
 * CleanRL's clipped losses and Adam. The reward program is a separate module (generated per candidate from the
 * reward language's CUDA emitter) that reads the state arrays these kernels keep.
 *
 * Written in the C subset of rs_device.h: nvcc builds it to PTX (with --fmad=false), gcc to a host library
 * (with -ffp-contract=off), and both follow the JVM trainer's order of floating-point operations, so the two
 * builds agree with each other and, step for step, with the Java environments.
 *
 * Buffers are flat: per-copy arrays are indexed by copy, state arrays are [field * n + copy], rollout arrays are
 * step-major [step * n + copy], network inputs and outputs are row-major [row * width + feature].
 */
#include "rs_device.h"

/* ---------------------------------------------------------------- java.util.SplittableRandom, jumpable
 * A SplittableRandom's k-th draw is mix64(seed + (k + 1) * gamma): any draw can be computed without the ones
 * before it, so parallel threads consume one sequential Java stream. g = {seed, gamma, draws so far}. */

RS_FN uint64_t rs_mix64(uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

RS_FN int32_t rs_mix32(uint64_t z) {
    z = (z ^ (z >> 33)) * 0x62a9d9ed799705f5ULL;
    return (int32_t)(((z ^ (z >> 28)) * 0xcb24d0a5c88c35b3ULL) >> 32);
}

RS_FN uint64_t rs_seed_at(const uint64_t* g, uint64_t k) { return g[0] + (k + 1) * g[1]; }

/* nextDouble(): the top 53 bits */
RS_FN double rs_double(const uint64_t* g, uint64_t k) { return (double)(rs_mix64(rs_seed_at(g, k)) >> 11) * 0x1.0p-53; }

/* Math.nextDown for a finite value */
RS_FN double rs_next_down(double d) {
    union { double d; uint64_t u; } b;
    b.d = d;
    if (d == 0.0) return -4.9e-324;
    b.u = d > 0 ? b.u - 1 : b.u + 1;
    return b.d;
}

/* nextDouble(origin, bound) for finite bounds */
RS_FN double rs_double_range(const uint64_t* g, uint64_t k, double origin, double bound) {
    double r = rs_double(g, k);
    r = r * (bound - origin) + origin;
    if (r >= bound) r = rs_next_down(bound);
    return r;
}

/* Advances stream `which` (0: environment resets, 1: the trainer's sampling) by `draws`. */
RS_KERNEL rng_skip(uint64_t* rng, int which, long draws) {
    RS_SINGLE { rng[which * 3 + 2] += (uint64_t)draws; }
}

/* ---------------------------------------------------------------- environments
 * Reset draws come from the environment's stream in copy order, `draws` per reset copy, as the Java
 * environments' autoReset: plan_resets numbers them (a sequential scan), reset_<task> draws in parallel. */

RS_KERNEL env_plan_resets(long n, int draws, const int* done, uint64_t* offsets, uint64_t* rng) {
    RS_SINGLE {
        uint64_t k = rng[2];
        for (long i = 0; i < n; i++) {
            offsets[i] = k;
            if (done[i]) k += (uint64_t)draws;
        }
        rng[2] = k;
    }
}

/* cartpole: s = [x, xDot, theta, thetaDot, lastAction] */
#define CP_FIELDS 5
RS_KERNEL env_reset_cartpole(long n, double* s, int* steps, int* term, int* done, int* aux, const uint64_t* rng,
        const uint64_t* offsets) {
    RS_FOR(i, n) {
        if (!done[i]) continue;
        uint64_t k = offsets[i];
        for (int f = 0; f < 4; f++) s[f * n + i] = rs_double_range(rng, k + f, -0.05, 0.05);
        steps[i] = 0;
        term[i] = 0;
        done[i] = 0;
        aux[i] = 0;
    }
}

RS_KERNEL env_step_cartpole(long n, double* s, const float* actions, int* steps, int* term, int* done, int* aux,
        double* fitness) {
    const double gravity = 9.8, cartMass = 1.0, poleMass = 0.1, halfLength = 0.5, force = 10.0, tau = 0.02;
    const double totalMass = poleMass + cartMass;
    const double poleMassLength = poleMass * halfLength;
    const double angleLimit = 12 * 2 * 3.141592653589793 / 360;
    RS_FOR(i, n) {
        int action = (int)actions[i];
        double f = action == 1 ? force : -force;
        double x = s[i], xDot = s[n + i], theta = s[2 * n + i], thetaDot = s[3 * n + i];
        double cosTheta = cos(theta);
        double sinTheta = sin(theta);
        double temp = (f + poleMassLength * (thetaDot * thetaDot) * sinTheta) / totalMass;
        double thetaAcc = (gravity * sinTheta - cosTheta * temp)
                / (halfLength * (4.0 / 3.0 - poleMass * (cosTheta * cosTheta) / totalMass));
        double xAcc = temp - poleMassLength * thetaAcc * cosTheta / totalMass;
        x = x + tau * xDot;
        xDot = xDot + tau * xAcc;
        theta = theta + tau * thetaDot;
        thetaDot = thetaDot + tau * thetaAcc;
        s[i] = x;
        s[n + i] = xDot;
        s[2 * n + i] = theta;
        s[3 * n + i] = thetaDot;
        s[4 * n + i] = action;
        steps[i]++;
        term[i] = x < -2.4 || x > 2.4 || theta < -angleLimit || theta > angleLimit;
        done[i] = term[i] || steps[i] >= 500;
        fitness[i] = steps[i] / 500.0;
    }
}

RS_KERNEL env_observe_cartpole(long n, const double* s, float* obs) {
    RS_FOR(i, n) {
        for (int f = 0; f < 4; f++) obs[i * 4 + f] = (float)s[f * n + i];
    }
}

/* pendulum: s = [theta, thetaDot, lastTorque]; aux counts upright steps of the second half */
#define PEN_PI 3.141592653589793
RS_FN double rs_normalize_angle(double x) {
    double m = x + PEN_PI;
    if (m < 0 || m >= 2 * PEN_PI) {
        m = fmod(m, 2 * PEN_PI);
        if (m < 0) m += 2 * PEN_PI;
    }
    return m - PEN_PI;
}

RS_KERNEL env_reset_pendulum(long n, double* s, int* steps, int* term, int* done, int* aux, const uint64_t* rng,
        const uint64_t* offsets) {
    RS_FOR(i, n) {
        if (!done[i]) continue;
        uint64_t k = offsets[i];
        s[i] = rs_double_range(rng, k, -PEN_PI, PEN_PI);
        s[n + i] = rs_double_range(rng, k + 1, -1.0, 1.0);
        steps[i] = 0;
        term[i] = 0;
        done[i] = 0;
        aux[i] = 0;
    }
}

RS_FN double rs_clamp(double v, double lo, double hi) { return v < lo ? lo : (v > hi ? hi : v); }

RS_KERNEL env_step_pendulum(long n, double* s, const float* actions, int* steps, int* term, int* done, int* aux,
        double* fitness) {
    const double g = 10.0, m = 1.0, l = 1.0, dt = 0.05;
    RS_FOR(i, n) {
        double torque = rs_clamp((double)actions[i], -2.0, 2.0);
        double theta = s[i], thetaDot = s[n + i];
        double newThetaDot = thetaDot + (3 * g / (2 * l) * sin(theta) + 3.0 / (m * l * l) * torque) * dt;
        newThetaDot = rs_clamp(newThetaDot, -8.0, 8.0);
        theta = theta + newThetaDot * dt;
        s[i] = theta;
        s[n + i] = newThetaDot;
        s[2 * n + i] = torque;
        steps[i]++;
        term[i] = 0;
        done[i] = steps[i] >= 200;
        if (steps[i] > 100 && fabs(rs_normalize_angle(theta)) < 0.2) aux[i]++;
        fitness[i] = aux[i] / (double)100;
    }
}

RS_KERNEL env_observe_pendulum(long n, const double* s, float* obs) {
    RS_FOR(i, n) {
        obs[i * 3] = (float)cos(s[i]);
        obs[i * 3 + 1] = (float)sin(s[i]);
        obs[i * 3 + 2] = (float)s[n + i];
    }
}

/* mountain car (continuous): s = [position, velocity, lastForce] */
RS_KERNEL env_reset_mountaincar(long n, double* s, int* steps, int* term, int* done, int* aux,
        const uint64_t* rng, const uint64_t* offsets) {
    RS_FOR(i, n) {
        if (!done[i]) continue;
        s[i] = rs_double_range(rng, offsets[i], -0.6, -0.4);
        s[n + i] = 0.0;
        steps[i] = 0;
        term[i] = 0;
        done[i] = 0;
        aux[i] = 0;
    }
}

RS_KERNEL env_step_mountaincar(long n, double* s, const float* actions, int* steps, int* term, int* done,
        int* aux, double* fitness) {
    RS_FOR(i, n) {
        double a = (double)actions[i];
        double force = a > -1.0 ? a : -1.0;
        force = force < 1.0 ? force : 1.0;
        double p = s[i];
        double v = s[n + i] + (force * 0.0015 - 0.0025 * cos(3 * p));
        if (v > 0.07) v = 0.07;
        if (v < -0.07) v = -0.07;
        p += v;
        if (p > 0.6) p = 0.6;
        if (p < -1.2) p = -1.2;
        if (p == -1.2 && v < 0) v = 0;
        s[2 * n + i] = force;
        steps[i]++;
        term[i] = p >= 0.45 && v >= 0.0;
        done[i] = term[i] || steps[i] >= 999;
        s[i] = (float)p;
        s[n + i] = (float)v;
        fitness[i] = term[i] ? 1.0 : 0.0;
    }
}

RS_KERNEL env_observe_mountaincar(long n, const double* s, float* obs) {
    RS_FOR(i, n) {
        obs[i * 2] = (float)s[i];
        obs[i * 2 + 1] = (float)s[n + i];
    }
}

/* acrobot: s = [theta1, theta2, dtheta1, dtheta2, lastAction]; Gymnasium's book dynamics, one rk4 step */
RS_FN void rs_acrobot_dsdt(double t1, double t2, double dt1, double dt2, double torque, double* out) {
    double m1 = 1.0, m2 = 1.0, l1 = 1.0, lc1 = 0.5, lc2 = 0.5, i1 = 1.0, i2 = 1.0, g = 9.8;
    double cos2 = cos(t2);
    double sin2 = sin(t2);
    double d1 = m1 * (lc1 * lc1) + m2 * (l1 * l1 + lc2 * lc2 + 2 * l1 * lc2 * cos2) + i1 + i2;
    double d2 = m2 * (lc2 * lc2 + l1 * lc2 * cos2) + i2;
    double phi2 = m2 * lc2 * g * cos(t1 + t2 - PEN_PI / 2.0);
    double phi1 = -m2 * l1 * lc2 * (dt2 * dt2) * sin2 - 2 * m2 * l1 * lc2 * dt2 * dt1 * sin2
            + (m1 * lc1 + m2 * l1) * g * cos(t1 - PEN_PI / 2) + phi2;
    double ddt2 = (torque + d2 / d1 * phi1 - m2 * l1 * lc2 * (dt1 * dt1) * sin2 - phi2)
            / (m2 * (lc2 * lc2) + i2 - (d2 * d2) / d1);
    double ddt1 = -(d2 * ddt2 + phi1) / d1;
    out[0] = dt1;
    out[1] = dt2;
    out[2] = ddt1;
    out[3] = ddt2;
}

RS_FN double rs_wrap(double x, double m, double max) {
    double diff = max - m;
    while (x > max) x = x - diff;
    while (x < m) x = x + diff;
    return x;
}

RS_KERNEL env_reset_acrobot(long n, double* s, int* steps, int* term, int* done, int* aux, const uint64_t* rng,
        const uint64_t* offsets) {
    RS_FOR(i, n) {
        if (!done[i]) continue;
        uint64_t k = offsets[i];
        for (int f = 0; f < 4; f++) s[f * n + i] = (float)rs_double_range(rng, k + f, -0.1, 0.1);
        steps[i] = 0;
        term[i] = 0;
        done[i] = 0;
        aux[i] = 0;
    }
}

RS_KERNEL env_step_acrobot(long n, double* s, const float* actions, int* steps, int* term, int* done, int* aux,
        double* fitness) {
    RS_FOR(i, n) {
        int action = (int)actions[i];
        double torque = action == 0 ? -1.0 : (action == 1 ? 0.0 : 1.0);
        double s0 = s[i], s1 = s[n + i], s2 = s[2 * n + i], s3 = s[3 * n + i];
        double k1[4], k2[4], k3[4], k4[4];
        double h = 0.2 - 0;
        double h2 = h / 2.0;
        rs_acrobot_dsdt(s0, s1, s2, s3, torque, k1);
        rs_acrobot_dsdt(s0 + h2 * k1[0], s1 + h2 * k1[1], s2 + h2 * k1[2], s3 + h2 * k1[3], torque, k2);
        rs_acrobot_dsdt(s0 + h2 * k2[0], s1 + h2 * k2[1], s2 + h2 * k2[2], s3 + h2 * k2[3], torque, k3);
        rs_acrobot_dsdt(s0 + h * k3[0], s1 + h * k3[1], s2 + h * k3[2], s3 + h * k3[3], torque, k4);
        double w = h / 6.0;
        double n0 = s0 + w * (k1[0] + 2 * k2[0] + 2 * k3[0] + k4[0]);
        double n1 = s1 + w * (k1[1] + 2 * k2[1] + 2 * k3[1] + k4[1]);
        double n2 = s2 + w * (k1[2] + 2 * k2[2] + 2 * k3[2] + k4[2]);
        double n3 = s3 + w * (k1[3] + 2 * k2[3] + 2 * k3[3] + k4[3]);
        double t1 = rs_wrap(n0, -PEN_PI, PEN_PI);
        double t2 = rs_wrap(n1, -PEN_PI, PEN_PI);
        s[i] = t1;
        s[n + i] = t2;
        s[2 * n + i] = rs_clamp(n2, -4 * PEN_PI, 4 * PEN_PI);
        s[3 * n + i] = rs_clamp(n3, -9 * PEN_PI, 9 * PEN_PI);
        s[4 * n + i] = action;
        steps[i]++;
        term[i] = -cos(t1) - cos(t2 + t1) > 1.0;
        done[i] = term[i] || steps[i] >= 500;
        fitness[i] = term[i] ? 1.0 : 0.0;
    }
}

RS_KERNEL env_observe_acrobot(long n, const double* s, float* obs) {
    RS_FOR(i, n) {
        obs[i * 6] = (float)cos(s[i]);
        obs[i * 6 + 1] = (float)sin(s[i]);
        obs[i * 6 + 2] = (float)cos(s[n + i]);
        obs[i * 6 + 3] = (float)sin(s[n + i]);
        obs[i * 6 + 4] = (float)s[2 * n + i];
        obs[i * 6 + 5] = (float)s[3 * n + i];
    }
}

/* ---------------------------------------------------------------- running statistics (Gym's RunningMeanStd)
 * rms = [mean[d], var[d], count]; batch = [batchMean[d], batchVar[d]] */

RS_KERNEL rms_batch_rows(long n, int d, const float* x, double* batch) {
    RS_FOR(j, d) {
        double sum = 0;
        for (long r = 0; r < n; r++) sum += x[r * d + j];
        double bm = sum / n;
        double ss = 0;
        for (long r = 0; r < n; r++) {
            double dv = x[r * d + j] - bm;
            ss += dv * dv;
        }
        batch[j] = bm;
        batch[d + j] = ss / n;
    }
}

RS_KERNEL rms_batch_scalar(long n, const double* x, double* batch) {
    RS_SINGLE {
        double sum = 0;
        for (long r = 0; r < n; r++) sum += x[r];
        double bm = sum / n;
        double ss = 0;
        for (long r = 0; r < n; r++) ss += (x[r] - bm) * (x[r] - bm);
        batch[0] = bm;
        batch[1] = ss / n;
    }
}

RS_KERNEL rms_merge(int d, long batchCount, double* rms, const double* batch) {
    RS_SINGLE {
        double count = rms[2 * d];
        double total = count + batchCount;
        for (int i = 0; i < d; i++) {
            double delta = batch[i] - rms[i];
            double m2 = rms[d + i] * count + batch[d + i] * batchCount + delta * delta * count * batchCount / total;
            rms[i] += delta * batchCount / total;
            rms[d + i] = m2 / total;
        }
        rms[2 * d] = total;
    }
}

/* (x - mean) / sqrt(var + 1e-8) in float, clipped to +-10; a copy when normalize is 0 */
RS_KERNEL normalize_obs(long n, int d, const float* raw, const double* rms, int normalize, float* out) {
    RS_FOR(i, n * d) {
        int j = (int)(i % d);
        if (!normalize) {
            out[i] = raw[i];
            continue;
        }
        float m = (float)rms[j];
        float inv = (float)(1 / sqrt(rms[d + j] + 1e-8));
        float v = (raw[i] - m) * inv;
        out[i] = v < -10.0f ? -10.0f : (v > 10.0f ? 10.0f : v);
    }
}

/* ---------------------------------------------------------------- the MLP
 * sizes[0..layers]: widths; weight (l, k, j) at base + wo(l) + k * sizes[l + 1] + j, bias j after the weights of
 * layer l, as the JVM trainer's flat parameters. Hidden activations (levels 1..layers-1) are row-major blocks one
 * after another: level l starts at rows * (sizes[1] + ... + sizes[l - 1]). */

RS_FN float rs_tanh(float v) {
    /* Eigen's generic_fast_tanh_float, as the JVM trainer's FastTanh */
    const float clampV = 7.90531110763549805f;
    float x = v < -clampV ? -clampV : (v > clampV ? clampV : v);
    float x2 = x * x;
    float p = fmaf(x2, -2.76076847742355e-16f, 2.00018790482477e-13f);
    p = fmaf(x2, p, -8.60467152213735e-11f);
    p = fmaf(x2, p, 5.12229709037114e-08f);
    p = fmaf(x2, p, 1.48572235717979e-05f);
    p = fmaf(x2, p, 6.37261928875436e-04f);
    p = fmaf(x2, p, 4.89352455891786e-03f);
    p = x * p;
    float q = fmaf(x2, 1.19825839466702e-06f, 1.18534705686654e-04f);
    q = fmaf(x2, q, 2.26843463243900e-03f);
    q = fmaf(x2, q, 4.89352518554385e-03f);
    return p / q;
}

RS_FN long rs_weight_offset(const int* sizes, int l) {
    long o = 0;
    for (int m = 0; m < l; m++) o += (long)sizes[m] * sizes[m + 1] + sizes[m + 1];
    return o;
}

RS_FN long rs_level_offset(const int* sizes, int l, long rows) {
    long o = 0;
    for (int m = 1; m < l; m++) o += rows * sizes[m];
    return o;
}

/* one thread per row: every layer, tanh on the hidden ones, linear output; out is rows x sizes[layers] */
RS_KERNEL mlp_forward(long rows, int layers, const int* sizes, const float* p, long base, const float* x,
        float* hidden, float* out) {
    RS_FOR(r, rows) {
        for (int l = 0; l < layers; l++) {
            int in = sizes[l];
            int width = sizes[l + 1];
            const float* w = p + base + rs_weight_offset(sizes, l);
            const float* b = w + (long)in * width;
            const float* xr = l == 0 ? x + r * in : hidden + rs_level_offset(sizes, l, rows) + r * in;
            float* y = l == layers - 1 ? out + r * width : hidden + rs_level_offset(sizes, l + 1, rows) + r * width;
            for (int j = 0; j < width; j++) {
                float a = b[j];
                for (int k = 0; k < in; k++) a = fmaf(w[(long)k * width + j], xr[k], a);
                y[j] = l == layers - 1 ? a : rs_tanh(a);
            }
        }
    }
}

/* one thread per row: deltas of the hidden levels from dOut (rows x sizes[layers]), same layout as hidden */
RS_KERNEL mlp_backward_rows(long rows, int layers, const int* sizes, const float* p, long base,
        const float* hidden, const float* dOut, float* deltas) {
    RS_FOR(r, rows) {
        for (int l = layers - 1; l >= 1; l--) {
            int width = sizes[l];
            int next = sizes[l + 1];
            const float* w = p + base + rs_weight_offset(sizes, l);
            const float* dn = l == layers - 1 ? dOut + r * next : deltas + rs_level_offset(sizes, l + 1, rows) + r * next;
            const float* a = hidden + rs_level_offset(sizes, l, rows) + r * width;
            float* d = deltas + rs_level_offset(sizes, l, rows) + r * width;
            for (int k = 0; k < width; k++) {
                float g = 0;
                for (int j = 0; j < next; j++) g = fmaf(w[(long)k * next + j], dn[j], g);
                d[k] = g * (1 - a[k] * a[k]);
            }
        }
    }
}

/* one thread per parameter of the network: its gradient summed over the rows, written at grad[base + q] */
RS_KERNEL mlp_gradient(long rows, int layers, const int* sizes, long count, long base, const float* x,
        const float* hidden, const float* dOut, const float* deltas, float* grad) {
    RS_FOR(q, count) {
        int l = 0;
        long o = 0;
        while (q >= o + (long)sizes[l] * sizes[l + 1] + sizes[l + 1]) {
            o += (long)sizes[l] * sizes[l + 1] + sizes[l + 1];
            l++;
        }
        int in = sizes[l];
        int width = sizes[l + 1];
        long local = q - o;
        int k = local < (long)in * width ? (int)(local / width) : -1;
        int j = local < (long)in * width ? (int)(local % width) : (int)(local - (long)in * width);
        const float* dn = l == layers - 1 ? dOut : deltas + rs_level_offset(sizes, l + 1, rows);
        const float* a = l == 0 ? x : hidden + rs_level_offset(sizes, l, rows);
        float sum = 0;
        for (long r = 0; r < rows; r++) {
            float d = dn[r * width + j];
            sum = k < 0 ? sum + d : fmaf(d, a[r * in + k], sum);
        }
        grad[base + q] = sum;
    }
}

/* ---------------------------------------------------------------- the policy's distributions */

RS_FN double rs_log_z(const float* logits, int a) {
    double max = logits[0];
    for (int k = 1; k < a; k++) max = fmax(max, (double)logits[k]);
    double sum = 0;
    for (int k = 0; k < a; k++) sum += exp(logits[k] - max);
    return max + log(sum);
}

/* inverse CDF on one nextDouble() of the trainer's stream per row, in row order; then rng_skip(1, n) */
RS_KERNEL sample_categorical(long n, int a, const float* logits, const uint64_t* rng, float* actions,
        float* logProb) {
    RS_FOR(r, n) {
        const float* lr = logits + r * a;
        double logZ = rs_log_z(lr, a);
        double u = rs_double(rng + 3, rng[5] + (uint64_t)r);
        int chosen = a - 1;
        double c = 0;
        for (int k = 0; k < a - 1; k++) {
            c += exp(lr[k] - logZ);
            if (u < c) {
                chosen = k;
                break;
            }
        }
        actions[r] = (float)chosen;
        logProb[r] = (float)(lr[chosen] - logZ);
    }
}

#define RS_HALF_LOG_2PI 0.91893853320467274178

/* mean + std * N(0, 1) by Box-Muller on two draws per value (2 * n * d draws; then rng_skip(1, 2 n d)) */
RS_KERNEL sample_gaussian(long n, int d, const float* mean, const float* p, long logStdOffset, const double* low,
        const double* high, const uint64_t* rng, float* actions, float* envActions, float* logProb) {
    RS_FOR(r, n) {
        double lp = 0;
        for (int i = 0; i < d; i++) {
            uint64_t k = rng[5] + 2 * (uint64_t)(r * d + i);
            double u1 = rs_double(rng + 3, k);
            double u2 = rs_double(rng + 3, k + 1);
            double z = sqrt(-2.0 * log(1.0 - u1)) * cos(2.0 * PEN_PI * u2);
            double ls = p[logStdOffset + i];
            float act = (float)(mean[r * d + i] + exp(ls) * z);
            actions[r * d + i] = act;
            envActions[r * d + i] = (float)rs_clamp((double)act, low[i], high[i]);
            double zz = (act - mean[r * d + i]) * exp(-ls);
            lp += -0.5 * zz * zz - ls - RS_HALF_LOG_2PI;
        }
        logProb[r] = (float)lp;
    }
}

/* ---------------------------------------------------------------- rollout bookkeeping */

RS_KERNEL copy_floats(long n, const float* src, float* dst) {
    RS_FOR(i, n) { dst[i] = src[i]; }
}

RS_KERNEL done_to_float(long n, const int* done, float* dst) {
    RS_FOR(i, n) { dst[i] = done[i] ? 1.0f : 0.0f; }
}

/*
 * After the reward module wrote r (and the human reward): episode statistics per copy, the discounted return
 * for reward scaling, and the stored reward. fin = [finished, return, length, fitness] per copy (field-major);
 * compSum is [component * n + copy].
 */
RS_KERNEL rollout_book(long n, const double* r, const int* term, const int* done, const double* fitness,
        double* episodeReturn, int* episodeLength, double* fin, int components, const double* comps,
        double* compSum, const double* human, double* humanSum, double* discounted, double gamma, float* rewards) {
    RS_FOR(i, n) {
        for (int c = 0; c < components; c++) compSum[c * n + i] += comps[c * n + i];
        humanSum[i] += human[i];
        episodeReturn[i] += r[i];
        episodeLength[i]++;
        if (done[i]) {
            fin[i] += 1;
            fin[n + i] += episodeReturn[i];
            fin[2 * n + i] += episodeLength[i];
            fin[3 * n + i] += fitness[i];
            episodeReturn[i] = 0;
            episodeLength[i] = 0;
        }
        discounted[i] = discounted[i] * gamma * (term[i] ? 0 : 1) + r[i];
        rewards[i] = (float)r[i];
    }
}

/* Gym's NormalizeReward after rms_batch_scalar and rms_merge of the discounted returns */
RS_KERNEL reward_scale(long n, const double* rms, float* rewards) {
    RS_FOR(i, n) {
        double inv = 1 / sqrt(rms[1] + 1e-8);
        double v = rewards[i] * inv;
        rewards[i] = (float)(v < -10 ? -10 : (v > 10 ? 10 : v));
    }
}

/* out = [finished, return, length, fitness, component sums..., human sum], summed in copy order */
RS_KERNEL rollout_summary(long n, int components, const double* fin, const double* compSum,
        const double* humanSum, double* out) {
    RS_SINGLE {
        for (int f = 0; f < 4 + components + 1; f++) out[f] = 0;
        for (long i = 0; i < n; i++) {
            for (int f = 0; f < 4; f++) out[f] += fin[f * n + i];
            for (int c = 0; c < components; c++) out[4 + c] += compSum[c * n + i];
            out[4 + components] += humanSum[i];
        }
    }
}

RS_KERNEL zero_doubles(long n, double* x) {
    RS_FOR(i, n) { x[i] = 0; }
}

RS_KERNEL zero_floats(long n, float* x) {
    RS_FOR(i, n) { x[i] = 0; }
}

/* CleanRL's GAE, one thread per copy, backwards over the steps */
RS_KERNEL gae(long n, int steps, const float* rewards, const float* values, const float* dones,
        const float* nextValue, const float* nextDone, double gamma, double lambda, float* advantages,
        float* returns) {
    RS_FOR(e, n) {
        double lastGae = 0;
        for (int t = steps - 1; t >= 0; t--) {
            long i = (long)t * n + e;
            double nextNonTerminal;
            double next;
            if (t == steps - 1) {
                nextNonTerminal = 1.0 - nextDone[e];
                next = nextValue[e];
            } else {
                nextNonTerminal = 1.0 - dones[i + n];
                next = values[i + n];
            }
            double delta = rewards[i] + gamma * next * nextNonTerminal - values[i];
            lastGae = delta + gamma * lambda * nextNonTerminal * lastGae;
            advantages[i] = (float)lastGae;
            returns[i] = (float)(lastGae + values[i]);
        }
    }
}

/* ---------------------------------------------------------------- the update */

RS_KERNEL iota(long n, int* idx) {
    RS_FOR(i, n) { idx[i] = (int)i; }
}

/* Fisher-Yates with the trainer stream's nextInt(bound), as the JVM trainer shuffles its index array */
RS_KERNEL shuffle(long n, int* idx, uint64_t* rng) {
    RS_SINGLE {
        const uint64_t* g = rng + 3;
        uint64_t k = rng[5];
        for (long i = n - 1; i > 0; i--) {
            int32_t bound = (int32_t)(i + 1);
            int32_t r = rs_mix32(rs_seed_at(g, k++));
            int32_t m = bound - 1;
            if ((bound & m) == 0) {
                r &= m;
            } else {
                for (int32_t u = (int32_t)((uint32_t)r >> 1);
                        (int32_t)((uint32_t)u + (uint32_t)m - (uint32_t)(r = u % bound)) < 0;
                        u = (int32_t)((uint32_t)rs_mix32(rs_seed_at(g, k++)) >> 1)) {
                }
            }
            int t = idx[i];
            idx[i] = idx[r];
            idx[r] = t;
        }
        rng[5] = k;
    }
}

RS_KERNEL gather(long mb, long start, const int* idx, int d, int a, const float* obs, const float* actions,
        const float* logProbs, const float* advantages, const float* returns, const float* values, float* x,
        float* mbActions, float* mbLogProbs, float* mbAdvantages, float* mbReturns, float* mbValues) {
    RS_FOR(r, mb) {
        long i = idx[start + r];
        for (int j = 0; j < d; j++) x[r * d + j] = obs[i * d + j];
        for (int k = 0; k < a; k++) mbActions[r * a + k] = actions[i * a + k];
        mbLogProbs[r] = logProbs[i];
        mbAdvantages[r] = advantages[i];
        mbReturns[r] = returns[i];
        mbValues[r] = values[i];
    }
}

RS_KERNEL normalize_advantages(long n, float* adv) {
    RS_SINGLE {
        double mean = 0;
        for (long i = 0; i < n; i++) mean += adv[i];
        mean /= n;
        double var = 0;
        for (long i = 0; i < n; i++) {
            double d = adv[i] - mean;
            var += d * d;
        }
        double std = n > 1 ? sqrt(var / (n - 1)) : 0;
        double scale = 1.0 / (std + 1e-8);
        for (long i = 0; i < n; i++) adv[i] = (float)((adv[i] - mean) * scale);
    }
}

/*
 * Per row of the minibatch: the new log-probability and entropy, the clipped surrogate and value losses, and
 * the gradients with respect to the actor's outputs (dOut, row-major) and the critic's value (dValue, times
 * vfCoef). rowStats = [policy term, value term, entropy, kl term, clipped] field-major; for a Gaussian policy
 * logStdTerms[i * mb + r] holds the row's share of dLoss/dLogStd.
 */
RS_KERNEL minibatch_losses(long mb, int continuous, int outs, const float* out, const float* p, long logStdOffset,
        const float* mbActions, const float* mbLogProbs, const float* adv, const float* newValue,
        const float* oldValue, const float* returns, double clip, int clipVloss, float vfCoef, double entCoef,
        float* dOut, float* dValue, double* rowStats, double* logStdTerms) {
    RS_FOR(r, mb) {
        double newLogProb;
        double entropy;
        const float* o = out + r * outs;
        if (continuous) {
            double h = 0;
            for (int i = 0; i < outs; i++) h += p[logStdOffset + i] + 0.5 + RS_HALF_LOG_2PI;
            double lp = 0;
            for (int i = 0; i < outs; i++) {
                double ls = p[logStdOffset + i];
                double z = (mbActions[r * outs + i] - o[i]) * exp(-ls);
                lp += -0.5 * z * z - ls - RS_HALF_LOG_2PI;
            }
            newLogProb = (float)lp;
            entropy = (float)h;
        } else {
            double logZ = rs_log_z(o, outs);
            double h = 0;
            for (int k = 0; k < outs; k++) {
                double lp = o[k] - logZ;
                h -= exp(lp) * lp;
            }
            newLogProb = (float)(o[(int)mbActions[r]] - logZ);
            entropy = (float)h;
        }
        /* policy loss */
        double logRatio = newLogProb - mbLogProbs[r];
        double ratio = exp(logRatio);
        double a = adv[r];
        double l1 = -a * ratio;
        double l2 = -a * fmin(fmax(ratio, 1 - clip), 1 + clip);
        int inside = ratio >= 1 - clip && ratio <= 1 + clip;
        double policyTerm;
        float dLogProb;
        if (l1 >= l2) {
            policyTerm = l1;
            dLogProb = (float)(-a * ratio / mb);
        } else {
            policyTerm = l2;
            dLogProb = inside ? (float)(-a * ratio / mb) : 0.0f;
        }
        /* value loss */
        double v = newValue[r];
        double ret = returns[r];
        double unclipped = (v - ret) * (v - ret);
        double valueTerm;
        float dv;
        if (!clipVloss) {
            valueTerm = unclipped;
            dv = (float)((v - ret) / mb);
        } else {
            double old = oldValue[r];
            double diff = v - old;
            double vClipped = old + fmin(fmax(diff, -clip), clip);
            double clippedLoss = (vClipped - ret) * (vClipped - ret);
            if (unclipped >= clippedLoss) {
                valueTerm = unclipped;
                dv = (float)((v - ret) / mb);
            } else {
                valueTerm = clippedLoss;
                dv = diff > -clip && diff < clip ? (float)((vClipped - ret) / mb) : 0.0f;
            }
        }
        dValue[r] = dv * vfCoef;
        float dEntropy = (float)(-entCoef / mb);
        /* chain rule to the actor's outputs */
        if (continuous) {
            for (int i = 0; i < outs; i++) {
                double invVar = exp(-2.0 * p[logStdOffset + i]);
                double diff = mbActions[r * outs + i] - o[i];
                dOut[r * outs + i] = (float)(dLogProb * diff * invVar);
                logStdTerms[i * mb + r] = dLogProb * (diff * diff * invVar - 1) + dEntropy;
            }
        } else {
            double logZ = rs_log_z(o, outs);
            double h = 0;
            for (int k = 0; k < outs; k++) {
                double lp = o[k] - logZ;
                h -= exp(lp) * lp;
            }
            int act = (int)mbActions[r];
            for (int k = 0; k < outs; k++) {
                double lp = o[k] - logZ;
                double pk = exp(lp);
                dOut[r * outs + k] = (float)(dLogProb * ((k == act ? 1 : 0) - pk) - dEntropy * pk * (lp + h));
            }
        }
        double kl = (ratio - 1) - logRatio;
        rowStats[r] = policyTerm;
        rowStats[mb + r] = valueTerm;
        rowStats[2 * mb + r] = entropy;
        rowStats[3 * mb + r] = kl;
        rowStats[4 * mb + r] = fabs(ratio - 1) > clip ? 1 : 0;
    }
}

/* metrics = [policy, value, entropy, kl, clip fraction, minibatches, last minibatch's kl]: sums over minibatches */
RS_KERNEL minibatch_metrics(long mb, const double* rowStats, double* metrics) {
    RS_SINGLE {
        double s[5] = {0, 0, 0, 0, 0};
        for (int f = 0; f < 5; f++) {
            for (long r = 0; r < mb; r++) s[f] += rowStats[f * mb + r];
        }
        metrics[0] += s[0] / mb;
        metrics[1] += 0.5 * s[1] / mb;
        metrics[2] += s[2] / mb;
        metrics[3] += s[3] / mb;
        metrics[4] += s[4] / mb;
        metrics[5] += 1;
        metrics[6] = s[3] / mb;
    }
}

RS_KERNEL logstd_gradient(long mb, int d, const double* logStdTerms, long logStdOffset, float* grad) {
    RS_FOR(i, d) {
        double g = 0;
        for (long r = 0; r < mb; r++) g += logStdTerms[i * mb + r];
        grad[logStdOffset + i] = (float)g;
    }
}

/* torch's clip_grad_norm_ (scale by maxNorm / (norm + 1e-6) when below 1), then Adam's step counter and its
 * bias corrections: adam = [t, step size, 1 / sqrt(1 - beta2^t)] */
RS_KERNEL clip_and_tick(long count, float* grad, double maxNorm, double lr, double* adam) {
    RS_SINGLE {
        double sq = 0;
        for (long i = 0; i < count; i++) sq += (double)grad[i] * grad[i];
        double coef = maxNorm / (sqrt(sq) + 1e-6);
        if (coef < 1) {
            float c = (float)coef;
            for (long i = 0; i < count; i++) grad[i] *= c;
        }
        double t = adam[0] + 1;
        adam[0] = t;
        adam[1] = (float)(lr / (1 - pow(0.9, t)));
        adam[2] = (float)(1 / sqrt(1 - pow(0.999, t)));
    }
}

/* torch.optim.Adam, betas (0.9, 0.999), eps 1e-5, in float as the JVM trainer */
RS_KERNEL adam_step(long count, float* p, const float* grad, float* m, float* v, const double* adam) {
    RS_FOR(i, count) {
        float stepSize = (float)adam[1];
        float invSqrtBias2 = (float)adam[2];
        float g = grad[i];
        float mi = 0.9f * m[i] + (float)(1 - 0.9) * g;
        float vi = 0.999f * v[i] + (float)(1 - 0.999) * g * g;
        m[i] = mi;
        v[i] = vi;
        p[i] -= stepSize * mi / (sqrtf(vi) * invSqrtBias2 + 1e-5f);
    }
}

/* the first non-finite reward of the rollout: out = [global step or -1, component or -1 for the total], value */
RS_KERNEL first_bad(long n, const int64_t* badStep, const int* badComp, const double* badValue, int64_t* out,
        double* value) {
    RS_SINGLE {
        out[0] = -1;
        out[1] = -1;
        for (long i = 0; i < n; i++) {
            if (badStep[i] >= 0 && (out[0] < 0 || badStep[i] < out[0])) {
                out[0] = badStep[i];
                out[1] = badComp[i];
                value[0] = badValue[i];
            }
        }
    }
}
