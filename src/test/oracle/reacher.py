# Independent reference for ReacherEnv's dynamics (DESIGN: reference trajectories), written from the documented
# equations; prints the state after each environment step for the test's fixed start and actions.
import math
L1, L2, M, TMAX, B, DT, SKIP = 0.1, 0.11, 0.04, 0.05, 0.01, 0.01, 2
lc1, lc2 = L1 / 2, L2 / 2
I1, I2 = M * L1 * L1 / 12, M * L2 * L2 / 12

def wrap(a):
    return a - 2 * math.pi * math.floor((a + math.pi) / (2 * math.pi))

def phys(q, qd, tau):
    c2 = math.cos(q[1])
    Mm = [[I1 + M * lc1**2 + I2 + M * (L1**2 + lc2**2 + 2 * L1 * lc2 * c2), I2 + M * (lc2**2 + L1 * lc2 * c2)],
          [I2 + M * (lc2**2 + L1 * lc2 * c2), I2 + M * lc2**2]]
    h = M * L1 * lc2 * math.sin(q[1])
    cc = [-h * (2 * qd[0] * qd[1] + qd[1]**2), h * qd[0]**2]
    A = [[Mm[0][0] + DT * B, Mm[0][1]], [Mm[1][0], Mm[1][1] + DT * B]]
    rhs = [Mm[0][0] * qd[0] + Mm[0][1] * qd[1] + DT * (tau[0] - cc[0]),
           Mm[1][0] * qd[0] + Mm[1][1] * qd[1] + DT * (tau[1] - cc[1])]
    det = A[0][0] * A[1][1] - A[0][1] * A[1][0]
    n = [(rhs[0] * A[1][1] - A[0][1] * rhs[1]) / det, (A[0][0] * rhs[1] - A[1][0] * rhs[0]) / det]
    n = [max(-20, min(20, v)) for v in n]
    return [wrap(q[0] + DT * n[0]), wrap(q[1] + DT * n[1])], n

q, qd = [0.3, -0.5], [0.2, -0.1]
actions = [(1, 0), (1, -1), (-0.5, 1), (0.25, 0.75), (-1, -1)] * 4
for k, a in enumerate(actions):
    for _ in range(SKIP):
        q, qd = phys(q, qd, (TMAX * a[0], TMAX * a[1]))
    if k in (0, 4, 19):
        print(k, repr(q[0]), repr(q[1]), repr(qd[0]), repr(qd[1]))
