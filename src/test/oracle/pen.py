# Independent reference for Pen's rotational dynamics (reorient, spin), written from the documented equations
# with numpy: Euler's equations with the full cross product, implicit damping, quaternion exponential update.
import numpy as np
L, R, M = 0.15, 0.005, 0.02
Ia = M * R * R / 2
It = M * (3 * R * R + L * L) / 12
I = np.array([It, It, Ia])
ALPHA, TD, WMAX, DT, SUB = 40.0, 0.25, 20.0, 0.01, 4

def qmul(a, b):
    w1, x1, y1, z1 = a
    w2, x2, y2, z2 = b
    return np.array([w1*w2 - x1*x2 - y1*y2 - z1*z2, w1*x2 + x1*w2 + y1*z2 - z1*y2,
                     w1*y2 - x1*z2 + y1*w2 + z1*x2, w1*z2 + x1*y2 - y1*x2 + z1*w2])

def phys(q, w, a):
    tau = I * ALPHA * np.asarray(a)
    wdot_free = (tau - np.cross(w, I * w)) / I
    w = np.clip((w + DT * wdot_free) / (1 + DT / TD), -WMAX, WMAX)
    th = np.linalg.norm(w) * DT
    d = np.concatenate([[np.cos(th / 2)], np.sin(th / 2) * w / np.linalg.norm(w)])
    q = qmul(q, d)
    return q / np.linalg.norm(q), w

q = np.array([0.5, 0.5, -0.5, 0.5])
w = np.array([1.0, -2.0, 3.0])
acts = [(1, -0.5, 0.25), (-1, 1, 1), (0.5, 0.5, -1)] * 10
for k, a in enumerate(acts):
    for _ in range(SUB):
        q, w = phys(q, w, a)
    if k in (0, 29):
        print(k, *[repr(float(v)) for v in q], *[repr(float(v)) for v in w])
