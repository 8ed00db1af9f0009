#!/usr/bin/env python3
"""Independent reference trajectories for the four classic tasks, transcribed from Gymnasium's published
equations (gymnasium/envs/classic_control: cartpole.py, pendulum.py, continuous_mountain_car.py, acrobot.py).

Gymnasium itself cannot be installed here, so this script restates its step functions with numpy, keeping the
order of floating-point operations of the original. Arithmetic is float64 throughout (numpy 1.x promotion of a
float32 action times a Python float); where Gymnasium stores state as float32 (the mountain car's state after
every step, the acrobot's initial state) the value is rounded to float32 exactly there.

Writes one CSV per task into src/test/resources/conformance/:
    episode,step,action,<state variables...>,terminated
step 0 is the initial state (action empty); floats are written with repr(), so they round-trip exactly.
Run from the repository root:  python3 src/test/python/gymnasium_reference.py
"""
import math
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "resources", "conformance")


# ---------------------------------------------------------------- CartPole-v1
class CartPole:
    gravity = 9.8
    masscart = 1.0
    masspole = 0.1
    total_mass = masspole + masscart
    length = 0.5
    polemass_length = masspole * length
    force_mag = 10.0
    tau = 0.02
    theta_threshold_radians = 12 * 2 * math.pi / 360
    x_threshold = 2.4
    names = ["x", "x_dot", "theta", "theta_dot"]

    def reset(self, rng):
        return rng.uniform(low=-0.05, high=0.05, size=(4,))

    def step(self, state, action):
        x, x_dot, theta, theta_dot = state
        force = self.force_mag if action == 1 else -self.force_mag
        costheta = np.cos(theta)
        sintheta = np.sin(theta)
        temp = (force + self.polemass_length * np.square(theta_dot) * sintheta) / self.total_mass
        thetaacc = (self.gravity * sintheta - costheta * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * np.square(costheta) / self.total_mass))
        xacc = temp - self.polemass_length * thetaacc * costheta / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * xacc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * thetaacc
        terminated = bool(x < -self.x_threshold or x > self.x_threshold
                          or theta < -self.theta_threshold_radians or theta > self.theta_threshold_radians)
        return np.array((x, x_dot, theta, theta_dot), dtype=np.float64), terminated


# ---------------------------------------------------------------- Pendulum-v1
class Pendulum:
    max_speed = 8
    max_torque = 2.0
    dt = 0.05
    g = 10.0
    m = 1.0
    l = 1.0
    names = ["theta", "theta_dot"]

    def reset(self, rng):
        high = np.array([np.pi, 1.0])
        return rng.uniform(low=-high, high=high)

    def step(self, state, action):
        th, thdot = state
        g, m, l, dt = self.g, self.m, self.l, self.dt
        u = float(np.clip(np.float32(action), -self.max_torque, self.max_torque))
        newthdot = thdot + (3 * g / (2 * l) * np.sin(th) + 3.0 / (m * l ** 2) * u) * dt
        newthdot = np.clip(newthdot, -self.max_speed, self.max_speed)
        newth = th + newthdot * dt
        return np.array([newth, newthdot]), False


# ---------------------------------------------------------------- MountainCarContinuous-v0
class MountainCar:
    min_action = -1.0
    max_action = 1.0
    min_position = -1.2
    max_position = 0.6
    max_speed = 0.07
    goal_position = 0.45
    goal_velocity = 0.0
    power = 0.0015
    names = ["position", "velocity"]

    def reset(self, rng):
        return np.array([rng.uniform(low=-0.6, high=-0.4), 0.0])

    def step(self, state, action):
        position = float(state[0])
        velocity = float(state[1])
        force = min(max(float(np.float32(action)), self.min_action), self.max_action)
        velocity += force * self.power - 0.0025 * math.cos(3 * position)
        if velocity > self.max_speed:
            velocity = self.max_speed
        if velocity < -self.max_speed:
            velocity = -self.max_speed
        position += velocity
        if position > self.max_position:
            position = self.max_position
        if position < self.min_position:
            position = self.min_position
        if position == self.min_position and velocity < 0:
            velocity = 0
        terminated = bool(position >= self.goal_position and velocity >= self.goal_velocity)
        # Gymnasium keeps the state as float32
        state = np.array([position, velocity], dtype=np.float32).astype(np.float64)
        return state, terminated


# ---------------------------------------------------------------- Acrobot-v1 (book dynamics, rk4)
def wrap(x, m, M):
    diff = M - m
    while x > M:
        x = x - diff
    while x < m:
        x = x + diff
    return x


def bound(x, m, M):
    return min(max(x, m), M)


class Acrobot:
    dt = 0.2
    LINK_LENGTH_1 = 1.0
    LINK_LENGTH_2 = 1.0
    LINK_MASS_1 = 1.0
    LINK_MASS_2 = 1.0
    LINK_COM_POS_1 = 0.5
    LINK_COM_POS_2 = 0.5
    LINK_MOI = 1.0
    MAX_VEL_1 = 4 * np.pi
    MAX_VEL_2 = 9 * np.pi
    AVAIL_TORQUE = [-1.0, 0.0, +1]
    names = ["theta1", "theta2", "dtheta1", "dtheta2"]

    def reset(self, rng):
        return rng.uniform(low=-0.1, high=0.1, size=(4,)).astype(np.float32).astype(np.float64)

    def _dsdt(self, s_augmented):
        m1 = self.LINK_MASS_1
        m2 = self.LINK_MASS_2
        l1 = self.LINK_LENGTH_1
        lc1 = self.LINK_COM_POS_1
        lc2 = self.LINK_COM_POS_2
        I1 = self.LINK_MOI
        I2 = self.LINK_MOI
        g = 9.8
        a = s_augmented[-1]
        s = s_augmented[:-1]
        theta1, theta2, dtheta1, dtheta2 = s
        d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * np.cos(theta2)) + I1 + I2
        d2 = m2 * (lc2 ** 2 + l1 * lc2 * np.cos(theta2)) + I2
        phi2 = m2 * lc2 * g * np.cos(theta1 + theta2 - np.pi / 2.0)
        phi1 = (-m2 * l1 * lc2 * dtheta2 ** 2 * np.sin(theta2)
                - 2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * np.sin(theta2)
                + (m1 * lc1 + m2 * l1) * g * np.cos(theta1 - np.pi / 2) + phi2)
        ddtheta2 = (a + d2 / d1 * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * np.sin(theta2) - phi2) / (
            m2 * lc2 ** 2 + I2 - d2 ** 2 / d1)
        ddtheta1 = -(d1 * ddtheta2 + phi1) / d1
        return dtheta1, dtheta2, ddtheta1, ddtheta2, 0.0

    def _rk4(self, y0, t):
        yout = np.zeros((len(t), len(y0)), np.float64)
        yout[0] = y0
        for i in np.arange(len(t) - 1):
            this = t[i]
            dt = t[i + 1] - this
            dt2 = dt / 2.0
            y0 = yout[i]
            k1 = np.asarray(self._dsdt(y0))
            k2 = np.asarray(self._dsdt(y0 + dt2 * k1))
            k3 = np.asarray(self._dsdt(y0 + dt2 * k2))
            k4 = np.asarray(self._dsdt(y0 + dt * k3))
            yout[i + 1] = y0 + dt / 6.0 * (k1 + 2 * k2 + 2 * k3 + k4)
        return yout[-1][:4]

    def step(self, state, action):
        torque = self.AVAIL_TORQUE[action]
        s_augmented = np.append(state, torque)
        ns = self._rk4(s_augmented, [0, self.dt])
        ns[0] = wrap(ns[0], -np.pi, np.pi)
        ns[1] = wrap(ns[1], -np.pi, np.pi)
        ns[2] = bound(ns[2], -self.MAX_VEL_1, self.MAX_VEL_1)
        ns[3] = bound(ns[3], -self.MAX_VEL_2, self.MAX_VEL_2)
        terminated = bool(-np.cos(ns[0]) - np.cos(ns[1] + ns[0]) > 1.0)
        return ns, terminated


# ---------------------------------------------------------------- episodes
def run(env, policies, max_steps, rng):
    rows = []
    for episode, policy in enumerate(policies):
        state = env.reset(rng)
        rows.append((episode, 0, "", state, False))
        for t in range(1, max_steps + 1):
            action = policy(state, rng)
            state, terminated = env.step(state, action)
            rows.append((episode, t, action, state, terminated))
            if terminated:
                break
    return rows


def write(name, env, rows):
    path = os.path.join(OUT, name + ".csv")
    with open(path, "w") as f:
        f.write("episode,step,action," + ",".join(env.names) + ",terminated\n")
        for episode, t, action, state, terminated in rows:
            a = repr(float(action)) if isinstance(action, (float, np.floating)) else str(action)
            values = ",".join(repr(float(v)) for v in state)
            f.write(f"{episode},{t},{a},{values},{int(terminated)}\n")


def main():
    os.makedirs(OUT, exist_ok=True)
    rng = np.random.default_rng(20240507)
    f32 = lambda v: float(np.float32(v))  # actions reach the environments as float32

    cartpole_random = lambda s, r: int(r.integers(2))
    cartpole_balance = lambda s, r: int(s[2] + 0.5 * s[3] + 0.01 * s[0] + 0.1 * s[1] > 0) if r.random() > 0.1 \
        else int(r.integers(2))
    write("cartpole", CartPole, run(CartPole(), [cartpole_random] * 3 + [cartpole_balance] * 3, 500, rng))

    pendulum_random = lambda s, r: f32(r.uniform(-2.5, 2.5))
    pendulum_pump = lambda s, r: f32(np.clip(2.0 * np.sign(s[1]) + r.normal(0, 0.5), -2.0, 2.0))
    write("pendulum", Pendulum, run(Pendulum(), [pendulum_random] * 2 + [pendulum_pump] * 2, 200, rng))

    car_random = lambda s, r: f32(r.uniform(-1.5, 1.5))
    car_pump = lambda s, r: f32(1.0 if s[1] >= 0 else -1.0) if r.random() > 0.05 else f32(r.uniform(-1, 1))
    write("mountain-car", MountainCar, run(MountainCar(), [car_random] * 2 + [car_pump] * 2, 999, rng))

    acro_random = lambda s, r: int(r.integers(3))
    acro_pump = lambda s, r: (2 if s[2] >= 0 else 0) if r.random() > 0.1 else int(r.integers(3))
    write("acrobot", Acrobot, run(Acrobot(), [acro_random] * 2 + [acro_pump] * 2, 500, rng))


if __name__ == "__main__":
    main()
