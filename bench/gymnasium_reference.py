#!/usr/bin/env python3
"""Records reference trajectories of the four classic tasks by running Gymnasium itself.

No equation of any environment is restated here: every state, reward and flag comes from Gymnasium's own
`gymnasium.make(env_id)` (TimeLimit and the passive checker included). This script only picks the actions and
writes down what Gymnasium answered, so the Java conformance tests compare our environments with the real
program, not with our reading of it.

For each task it runs a few episodes. An episode starts from `env.reset(seed=...)` (Gymnasium's own reset
distribution, seeded), then a fixed policy chooses actions from a seeded numpy generator; the initial state and
each step's action, state after the step (`env.unwrapped.state`), reward, terminated and truncated are written.
Policies are chosen so that every file holds both terminated and truncated episodes where the task can end both
ways (Pendulum-v1 never terminates), and the continuous actions sometimes leave the action box, so the clipping
is exercised too.

Output: one JSON file per task in --out, named after our task id. Floats are written with repr(), so they read
back exactly.

Run (from the repository root, with Gymnasium v0.29.1's source tree at /tmp/gymnasium and Debian's numpy):
    PYTHONPATH=/tmp/gymnasium /usr/bin/python3 bench/gymnasium_reference.py \
        --gymnasium-commit 7cf49527c945297f0bfeb89edab417d87819ab00 --out src/test/resources/reference
"""

import argparse
import json
import os
import platform
import sys

import numpy as np

import gymnasium

EXPECTED_VERSION = "0.29.1"


# ---------------------------------------------------------------- policies (ours; they only pick actions)

def cartpole_random(state, rng):
    return int(rng.integers(2))


def cartpole_balancing(state, rng):
    # push toward the side the pole leans to, with some random pushes: runs into the 500-step limit
    if rng.random() < 0.1:
        return int(rng.integers(2))
    x, x_dot, theta, theta_dot = state
    return int(theta + 0.5 * theta_dot + 0.01 * x + 0.1 * x_dot > 0)


def pendulum_random(state, rng):
    return np.array([rng.uniform(-2.5, 2.5)], dtype=np.float32)  # beyond [-2, 2] at times: clipped


def pendulum_pumping(state, rng):
    # torque along the swing: reaches the speed limit of 8 rad/s
    return np.array([np.clip(2.2 * np.sign(state[1]) + rng.normal(0.0, 0.5), -2.5, 2.5)], dtype=np.float32)


def car_random(state, rng):
    return np.array([rng.uniform(-1.5, 1.5)], dtype=np.float32)  # beyond [-1, 1] at times: clipped


def car_pumping(state, rng):
    # push along the velocity: swings up the hill and reaches the goal
    if rng.random() < 0.05:
        return np.array([rng.uniform(-1.0, 1.0)], dtype=np.float32)
    return np.array([1.2 if state[1] >= 0 else -1.2], dtype=np.float32)


def acrobot_random(state, rng):
    return int(rng.integers(3))


def acrobot_pumping(state, rng):
    # torque along the elbow's swing: lifts the tip over the line within a hundred or so steps
    if rng.random() < 0.1:
        return int(rng.integers(3))
    return 2 if state[3] >= 0 else 0


# task id, Gymnasium id, state names, dtype Gymnasium keeps the state in, episodes: (reset seed, policy)
TASKS = [
    ("cartpole", "CartPole-v1", ["x", "x_dot", "theta", "theta_dot"], "float64",
     [(1, cartpole_random), (2, cartpole_random), (3, cartpole_balancing)]),
    ("pendulum", "Pendulum-v1", ["theta", "theta_dot"], "float64",
     [(1, pendulum_random), (2, pendulum_pumping)]),
    ("mountain-car", "MountainCarContinuous-v0", ["position", "velocity"], "float32",
     [(1, car_pumping), (2, car_pumping), (3, car_random)]),
    ("acrobot", "Acrobot-v1", ["theta1", "theta2", "dtheta1", "dtheta2"], "float64 (float32 after reset)",
     [(1, acrobot_pumping), (2, acrobot_pumping), (3, acrobot_pumping), (4, acrobot_random)]),
]


def plain(value):
    """A JSON-ready copy of an action or state: Python floats and ints."""
    if isinstance(value, (int, np.integer)):
        return int(value)
    array = np.asarray(value, dtype=np.float64).ravel()
    return [float(v) for v in array]


def record(env_id, seed, policy, action_seed):
    env = gymnasium.make(env_id)
    rng = np.random.default_rng(action_seed)
    env.reset(seed=seed)
    state = np.array(env.unwrapped.state, dtype=np.float64)
    episode = {"reset_seed": seed, "policy": policy.__name__, "action_seed": action_seed,
               "initial_state": plain(env.unwrapped.state), "steps": []}
    while True:
        action = policy(state, rng)
        _, reward, terminated, truncated, _ = env.step(action)
        state = np.array(env.unwrapped.state, dtype=np.float64)
        episode["steps"].append([plain(action), plain(env.unwrapped.state), float(reward),
                                 bool(terminated), bool(truncated)])
        if terminated or truncated:
            break
    env.close()
    return episode


def write(path, header, episodes):
    """Pretty enough to diff: the header indented, one line per step."""
    with open(path, "w") as f:
        f.write("{\n")
        for key, value in header.items():
            f.write(f"  {json.dumps(key)}: {json.dumps(value)},\n")
        f.write('  "episodes": [\n')
        for i, episode in enumerate(episodes):
            f.write("    {\n")
            for key in ("reset_seed", "policy", "action_seed", "initial_state"):
                f.write(f"      {json.dumps(key)}: {json.dumps(episode[key])},\n")
            f.write('      "steps": [\n')
            rows = [json.dumps(row) for row in episode["steps"]]
            f.write(",\n".join("        " + row for row in rows))
            f.write("\n      ]\n")
            f.write("    }" + ("," if i < len(episodes) - 1 else "") + "\n")
        f.write("  ]\n}\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gymnasium-commit", required=True, help="commit of the Gymnasium tree on PYTHONPATH")
    parser.add_argument("--out", default="src/test/resources/reference")
    args = parser.parse_args()
    if gymnasium.__version__ != EXPECTED_VERSION:
        sys.exit(f"expected Gymnasium {EXPECTED_VERSION}, found {gymnasium.__version__} at {gymnasium.__file__}")
    os.makedirs(args.out, exist_ok=True)
    command = ("PYTHONPATH=/tmp/gymnasium /usr/bin/python3 bench/gymnasium_reference.py --gymnasium-commit "
               + args.gymnasium_commit + " --out " + args.out)
    for task, env_id, names, dtype, plan in TASKS:
        episodes = [record(env_id, seed, policy, 1000 + seed) for seed, policy in plan]
        header = {
            "task": task,
            "gymnasium_env": env_id,
            "gymnasium_version": gymnasium.__version__,
            "gymnasium_commit": args.gymnasium_commit,
            "numpy_version": np.__version__,
            "python_version": platform.python_version(),
            "command": command,
            "state_names": names,
            "state_dtype": dtype,
            "step_fields": ["action", "state after the step", "reward", "terminated", "truncated"],
        }
        write(os.path.join(args.out, task + ".json"), header, episodes)
        ends = [("terminated" if e["steps"][-1][3] else "truncated") + f" after {len(e['steps'])}"
                for e in episodes]
        print(f"{task}: {', '.join(ends)}")


if __name__ == "__main__":
    main()
