# Independent reference for QuadcopterEnv's dynamics, written from the documented equations.
import math
G, M, ARM, I, LD, AD, DT, SUB = 9.81, 0.5, 0.15, 0.01, 0.1, 0.01, 0.005, 4
TMAX = M * G
def wrap(a):
    return a - 2 * math.pi * math.floor((a + math.pi) / (2 * math.pi))
x, z, vx, vz, phi, w = 0.3, 1.5, 0.2, -0.1, 0.05, -0.2
acts = [(0.25, 0.125), (-0.375, 0.5), (1, 1), (0, -0.5)] * 5
for k, (al, ar) in enumerate(acts):
    tl, tr = TMAX * (al + 1) * 0.5, TMAX * (ar + 1) * 0.5
    for _ in range(SUB):
        T = tl + tr
        axx = -T * math.sin(phi) / M - LD * vx
        azz = T * math.cos(phi) / M - G - LD * vz
        alpha = (ARM * (tr - tl) - AD * w) / I
        vx += DT * axx
        vz += DT * azz
        w = max(-30, min(30, w + DT * alpha))
        x += DT * vx
        z += DT * vz
        phi = phi + DT * w
    phi = wrap(phi)
    if k in (0, 19):
        print(k, repr(x), repr(z), repr(vx), repr(vz), repr(phi), repr(w))
