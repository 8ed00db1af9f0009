# Independent reference for BallBalanceEnv's dynamics, written from the documented equations.
import math
G, MAXT, SERVO, DAMP, DT = 9.81, 0.15, 0.1, 0.2, 0.02
x, y, vx, vy, tx, ty = 0.1, -0.2, 0.05, 0.3, 0.02, -0.01
acts = [(1, -1), (0.5, 0.25), (-1, 0), (-0.75, 1)] * 5
for k, (ax, ay) in enumerate(acts):
    tx = tx + DT * (MAXT * ax - tx) / SERVO
    ty = ty + DT * (MAXT * ay - ty) / SERVO
    vx = vx + DT * (5.0 / 7.0 * G * math.sin(tx) - DAMP * vx)
    vy = vy + DT * (5.0 / 7.0 * G * math.sin(ty) - DAMP * vy)
    x, y = x + DT * vx, y + DT * vy
    if k in (0, 19):
        print(k, repr(x), repr(y), repr(vx), repr(vy), repr(tx), repr(ty))
