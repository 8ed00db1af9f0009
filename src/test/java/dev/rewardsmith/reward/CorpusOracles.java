package dev.rewardsmith.reward;

import java.util.Map;

/**
 * Hand-written Java twins of the valid corpus programs: each computes the same total and components with plain
 * Java, so the compiled program must agree exactly (same operations in the same order).
 */
final class CorpusOracles {

    /** Evaluates one program by hand; components are written by index, like the compiled function. */
    interface Oracle {
        double evaluate(Object state, double[] components);
    }

    private CorpusOracles() {}

    static final Map<String, Oracle> ORACLES = Map.ofEntries(
            Map.entry("v01-design-example.txt", CorpusOracles::v01),
            Map.entry("v02-eureka-prose.txt", CorpusOracles::v02),
            Map.entry("v03-two-fences.txt", CorpusOracles::v03),
            Map.entry("v04-class-wrapper.txt", CorpusOracles::v04),
            Map.entry("v05-helpers-before.txt", CorpusOracles::v05),
            Map.entry("v06-reacher-distance-loop.txt", CorpusOracles::v06),
            Map.entry("v07-reacher-action-penalty.txt", CorpusOracles::v07),
            Map.entry("v08-branches-ternary.txt", CorpusOracles::v08),
            Map.entry("v09-int-arithmetic.txt", CorpusOracles::v09),
            Map.entry("v10-math-zoo.txt", CorpusOracles::v10),
            Map.entry("v11-decreasing-loop.txt", CorpusOracles::v11),
            Map.entry("v12-nested-loops.txt", CorpusOracles::v12),
            Map.entry("v13-break-continue.txt", CorpusOracles::v13),
            Map.entry("v14-helper-chain.txt", CorpusOracles::v14),
            Map.entry("v15-bare-in-prose.txt", CorpusOracles::v15),
            Map.entry("v16-unclosed-fence.txt", CorpusOracles::v16),
            Map.entry("v17-conditional-components.txt", CorpusOracles::v17),
            Map.entry("v18-compound-double.txt", CorpusOracles::v18),
            Map.entry("v19-constants-casts.txt", CorpusOracles::v19),
            Map.entry("v20-index-arithmetic.txt", CorpusOracles::v20),
            Map.entry("v21-final-int-index.txt", CorpusOracles::v21),
            Map.entry("v22-comments-negatives.txt", CorpusOracles::v22),
            Map.entry("v23-sixteen-components.txt", CorpusOracles::v23),
            Map.entry("v24-int-math.txt", CorpusOracles::v24),
            Map.entry("v25-helper-reuses-names.txt", CorpusOracles::v25),
            Map.entry("v26-int-wraparound.txt", CorpusOracles::v26));

    private static double v01(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double upright = Math.exp(-4.0 * s.poleAngle * s.poleAngle);
        double centred = -0.1 * s.cartPosition * s.cartPosition;
        c[0] = upright;
        c[1] = centred;
        return upright + centred;
    }

    private static double v02(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double angleReward = Math.exp(-10.0 * Math.abs(s.poleAngle));
        double velocityPenalty = Math.exp(-0.5 * s.poleAngularVelocity * s.poleAngularVelocity);
        double positionReward = Math.exp(-0.25 * s.cartPosition * s.cartPosition);
        c[0] = angleReward;
        c[1] = velocityPenalty;
        c[2] = positionReward;
        return 2.0 * angleReward + velocityPenalty + 0.5 * positionReward;
    }

    private static double v03(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double upright = 1.0 - 3.0 * s.poleAngle * s.poleAngle;
        double drift = -0.05 * Math.abs(s.cartVelocity);
        c[0] = upright;
        c[1] = drift;
        return upright + drift;
    }

    private static double gaussian(double x, double width) {
        return Math.exp(-(x * x) / (2.0 * width * width));
    }

    private static double v04(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double upright = gaussian(s.poleAngle, 0.2);
        double still = gaussian(s.poleAngularVelocity, 1.5);
        c[0] = upright;
        c[1] = still;
        return upright * still;
    }

    private static double v05(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double anglePenalty = -5.0 * (s.poleAngle * s.poleAngle);
        double positionPenalty = -0.1 * (s.cartPosition * s.cartPosition);
        c[0] = anglePenalty;
        c[1] = positionPenalty;
        return 1.0 + anglePenalty + positionPenalty;
    }

    private static double v06(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double squared = 0.0;
        for (int i = 0; i < 2; i++) {
            double d = s.fingertip[i] - s.goal[i];
            squared = squared + d * d;
        }
        double distance = Math.sqrt(squared);
        double closeness = Math.exp(-2.0 * distance);
        c[0] = -distance;
        c[1] = closeness;
        return closeness - distance;
    }

    private static double v07(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double distance = Math.hypot(s.fingertip[0] - s.goal[0], s.fingertip[1] - s.goal[1]);
        double control = 0.0;
        control += s.action[0] * s.action[0];
        control += s.action[1] * s.action[1];
        c[0] = -distance;
        c[1] = -control;
        return -distance - control;
    }

    private static double v08(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double alive = s.terminated ? -10.0 : 1.0;
        double angle = Math.abs(s.poleAngle);
        double zone = angle < 0.05 ? 1.0 : angle < 0.2 ? 0.5 : -0.5;
        double edge = Math.abs(s.cartPosition) > 2.0 && !s.terminated ? -1.0 : 0.0;
        c[0] = alive;
        c[1] = zone;
        c[2] = edge;
        return alive + zone + edge;
    }

    private static double v09(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        int phase = s.step / 10;
        int rest = s.step % 7;
        int counter = (4 - 2) * phase + rest - 1;
        int big = s.step * 1000003 + 7;
        double bonus = counter / 4.0;
        c[0] = bonus;
        c[1] = phase;
        c[2] = big % 1000;
        return bonus + 0.001 * (big / 3);
    }

    private static double v10(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double a = Math.tanh(s.cartPosition) + Math.atan2(s.poleAngle, s.cartVelocity);
        double b = Math.sinh(s.poleAngle) - Math.cosh(s.poleAngle * 0.5) + Math.cbrt(s.cartVelocity);
        double d = Math.log1p(Math.abs(s.cartVelocity)) + Math.expm1(s.poleAngle * 0.1);
        double e = Math.signum(s.poleAngularVelocity) * Math.floor(s.cartPosition) + Math.ceil(s.cartVelocity);
        double f = Math.round(s.cartPosition * 3.0) + Math.toRadians(s.poleAngle * 57.0) + Math.toDegrees(s.poleAngle);
        double g = Math.clamp(s.cartVelocity, -1.0, 1.0) + Math.min(s.poleAngle, 0.1) + Math.max(s.cartPosition, -0.5);
        double h = Math.pow(Math.abs(s.cartPosition) + 1.0, 1.5) + Math.sqrt(Math.abs(s.poleAngle)) + Math.hypot(a, b);
        double k = Math.sin(s.poleAngle) * Math.cos(s.cartPosition) + Math.tan(s.poleAngle * 0.3);
        double m = Math.asin(Math.clamp(s.poleAngle, -1.0, 1.0))
                + Math.acos(Math.tanh(s.cartVelocity))
                + Math.atan(s.cartPosition);
        double n = Math.log(1.0 + s.cartPosition * s.cartPosition) + Math.exp(-Math.abs(s.cartVelocity));
        double[] values = {a, b, d, e, f, g, h, k, m, n};
        System.arraycopy(values, 0, c, 0, values.length);
        return a + b + d + e + f + g + h + k + m + n;
    }

    private static double v11(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double weighted = ((0.0 * 0.5 + s.goal3[2]) * 0.5 + s.goal3[1]) * 0.5 + s.goal3[0];
        double spread = 0.0 + (s.goal3[2] - s.goal3[0]);
        c[0] = weighted;
        c[1] = spread;
        return weighted + spread;
    }

    private static double v12(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double alignment = 0.0;
        alignment += 1.0 * s.fingertip[0] * s.goal[0];
        alignment += -0.5 * s.fingertip[0] * s.goal[1];
        alignment += -0.5 * s.fingertip[1] * s.goal[0];
        alignment += 1.0 * s.fingertip[1] * s.goal[1];
        c[0] = alignment;
        return alignment;
    }

    private static double v13(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double firstLarge = 0.0;
        for (double g : s.goal3) {
            if (Math.abs(g) > 0.5) {
                firstLarge = g;
                break;
            }
        }
        double positives = 0.0;
        for (double g : s.goal3) {
            if (g > 0.0) {
                positives += g;
            }
        }
        c[0] = firstLarge;
        c[1] = positives;
        return firstLarge + positives;
    }

    private static double smooth(double x, double width) {
        double z = x / width;
        return 1.0 / (1.0 + z * z);
    }

    private static double v14(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double shaped = smooth(s.poleAngle, 0.2) * smooth(s.poleAngularVelocity, 2.0);
        double safe = Math.abs(s.cartPosition) < 0.5 * 2.4 ? 1.0 : 0.0;
        c[0] = shaped;
        c[1] = safe;
        return shaped + safe;
    }

    private static double v15(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double keepUp = Math.cos(s.poleAngle);
        double driftPenalty = -0.2 * Math.abs(s.cartPosition);
        c[0] = keepUp;
        c[1] = driftPenalty;
        return keepUp + driftPenalty;
    }

    private static double v16(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double energy = 0.5 * s.poleAngularVelocity * s.poleAngularVelocity + 9.8 * (1.0 - Math.cos(s.poleAngle));
        c[0] = -energy;
        return -energy;
    }

    private static double v17(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        c[0] = 0.0;
        c[1] = 0.0;
        c[2] = 0.0;
        if (s.terminated) {
            c[0] = -1.0;
            return -1.0;
        }
        double balance = 1.0 - Math.abs(s.poleAngle) / 0.21;
        c[1] = balance;
        if (s.step > 100) {
            c[2] = 0.1 * balance;
            return 1.1 * balance;
        }
        return balance;
    }

    private static double v18(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double r = s.cartPosition;
        r += s.cartVelocity;
        r -= 0.5 * s.poleAngle;
        r *= 1.5;
        r /= 2.0 + s.poleAngle * s.poleAngle;
        r %= 0.75;
        double t = 2.0 + 1.0 - 1.0 - 1.0;
        c[0] = r;
        return r * t;
    }

    private static double v19(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double progress = (double) s.step / 500.0;
        double phase = Math.sin(2.0 * Math.PI * progress);
        double growth = Math.pow(Math.E, -progress);
        c[0] = phase;
        c[1] = growth;
        return phase + growth + s.step / 500;
    }

    private static double v20(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double slope = 0.0 + (s.goal3[1] - s.goal3[0]);
        slope += s.goal3[2] - s.goal3[1];
        double corner = s.goal3[2] + s.jointAngle[0];
        c[0] = slope;
        c[1] = corner;
        return slope + corner;
    }

    private static double v21(Object state, double[] c) {
        ReacherState s = (ReacherState) state;
        double velocityCost = s.jointVelocity[0] * s.jointVelocity[0] + s.jointVelocity[1] * s.jointVelocity[1];
        double reach = s.touching ? 5.0 : 0.0;
        c[0] = -0.01 * velocityCost;
        c[1] = reach;
        return reach - 0.01 * velocityCost + s.dt;
    }

    private static double v22(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        int flipped = 3 - s.step;
        double upright = -s.poleAngle * s.poleAngle + 0.0 * flipped;
        c[0] = upright;
        c[1] = -(double) flipped * 0.001;
        return upright - flipped * 0.001;
    }

    private static double v23(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        for (int i = 0; i < 16; i++) {
            c[i] = s.cartPosition * (double) i + s.poleAngle;
        }
        return s.cartPosition;
    }

    private static double v24(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        int a = Math.abs(s.step - 250);
        int b = Math.min(s.step, 100) + Math.max(s.step, 5);
        int k = Math.clamp(s.step, 10, 20);
        int neg = -s.step;
        double mixed = Math.min(s.step, 2.5) + Math.abs(-s.step) * 0.5;
        c[0] = a;
        c[1] = b;
        c[2] = k;
        c[3] = mixed;
        return a + b + k + neg + mixed;
    }

    private static double v25(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        double speed = -0.5 * (s.cartVelocity * s.cartVelocity);
        c[0] = speed;
        return speed;
    }

    private static double v26(Object state, double[] c) {
        CartPoleState s = (CartPoleState) state;
        int a = 1;
        int b = Integer.MIN_VALUE;
        int d = Integer.MIN_VALUE - 1;
        int e = Integer.MIN_VALUE + s.step * Integer.MAX_VALUE;
        int f = Integer.MIN_VALUE / 2 + Integer.MIN_VALUE % 3;
        c[0] = e;
        c[1] = f;
        return a * 10 + d + e;
    }
}
