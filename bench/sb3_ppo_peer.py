"""Same-run Stable-Baselines3 peer for PpoBenchmark: SB3's PPO at CleanRL's CartPole settings.

Stable-Baselines3 2.4.1 is not installable here (no PyPI), nor are gymnasium, cloudpickle, pandas and matplotlib.
This script runs SB3 from a source checkout (git tag v2.4.1, outside this repository) on Debian's python3-torch
and python3-numpy. Before importing SB3 it registers minimal stand-ins of our own for the modules SB3 imports:
the parts of gymnasium's API that PPO, DummyVecEnv and Monitor use (Env, Wrapper, spaces.Box / Discrete and the
space classes SB3 tests with isinstance), cloudpickle as the standard pickle, and empty pandas / matplotlib
modules (only SB3's plotting and log readers use them; nothing here calls them). The environment is gym's
CartPole-v1 (Euler, 500-step truncation), one Python object per copy as gymnasium's would be, in SB3's
DummyVecEnv with a Monitor per copy (as make_vec_env builds it).

Settings (CleanRL ppo.py's): 64x64 tanh actor and critic (SB3's MlpPolicy: orthogonal init, separate
networks), Adam lr 2.5e-4 linearly annealed, eps 1e-5, 128 steps, 4 epochs, minibatches of a quarter of the
batch, GAE (0.99, 0.95), normalized advantages, clip 0.2, entropy 0.01, value 0.5, grad norm 0.5.

Run: python3 bench/sb3_ppo_peer.py SB3_SOURCE_DIR [steps for 4 copies] [steps for 64 copies]
Prints steps/s per wall second and per CPU second of the process (torch.set_num_threads(1)), model.learn only.
"""

import math
import pickle
import sys
import time
import types
import typing

import numpy as np
import numpy.typing  # noqa: F401  (SB3 reads np.typing, which numpy 1.24 loads only on import)


def _install_stand_ins():
    gym = types.ModuleType("gymnasium")
    gym.__version__ = "0.29.1"

    class Space:
        def __init__(self, shape=None, dtype=None, seed=None):
            self._shape = None if shape is None else tuple(shape)
            self.dtype = None if dtype is None else np.dtype(dtype)
            self._np_random = np.random.default_rng(seed)

        @property
        def shape(self):
            return self._shape

        @property
        def np_random(self):
            return self._np_random

        def seed(self, seed=None):
            self._np_random = np.random.default_rng(seed)
            return [seed]

        def contains(self, x):
            return True

    class Box(Space):
        def __init__(self, low, high, shape=None, dtype=np.float32, seed=None):
            dtype = np.dtype(dtype)
            if shape is None:
                shape = np.shape(low) if np.ndim(low) else np.shape(high)
            self.low = np.full(shape, low, dtype=dtype) if np.isscalar(low) else np.asarray(low, dtype=dtype)
            self.high = np.full(shape, high, dtype=dtype) if np.isscalar(high) else np.asarray(high, dtype=dtype)
            super().__init__(shape, dtype, seed)

        def is_bounded(self, manner="both"):
            below = bool(np.all(np.isfinite(self.low)))
            above = bool(np.all(np.isfinite(self.high)))
            return {"both": below and above, "below": below, "above": above}[manner]

        def sample(self):
            return self.np_random.uniform(self.low, self.high).astype(self.dtype)

    class Discrete(Space):
        def __init__(self, n, seed=None, start=0):
            self.n = np.int64(n)
            self.start = np.int64(start)
            super().__init__((), np.int64, seed)

        def sample(self):
            return np.int64(self.start + self.np_random.integers(self.n))

    class MultiDiscrete(Space):
        pass

    class MultiBinary(Space):
        pass

    class Dict(Space):
        pass

    class Tuple(Space):
        pass

    class Sequence(Space):
        pass

    spaces = types.ModuleType("gymnasium.spaces")
    for c in (Space, Box, Discrete, MultiDiscrete, MultiBinary, Dict, Tuple, Sequence):
        setattr(spaces, c.__name__, c)
    spaces.utils = types.ModuleType("gymnasium.spaces.utils")
    spaces.utils.flatdim = lambda space: int(np.prod(space.shape))  # Box only: what the MLP's input needs

    class Env:
        metadata = {"render_modes": []}
        __class_getitem__ = classmethod(lambda cls, item: cls)  # gym.Wrapper[ObsType, ...] in type hints
        render_mode = None
        spec = None
        observation_space = None
        action_space = None
        _np_random = None

        @property
        def unwrapped(self):
            return self

        @property
        def np_random(self):
            if self._np_random is None:
                self._np_random = np.random.default_rng()
            return self._np_random

        def reset(self, *, seed=None, options=None):
            if seed is not None:
                self._np_random = np.random.default_rng(seed)

        def render(self):
            return None

        def close(self):
            pass

        def get_wrapper_attr(self, name):
            return getattr(self, name)

    class Wrapper(Env):
        def __init__(self, env):
            self.env = env

        def __getattr__(self, name):
            if name.startswith("_"):
                raise AttributeError(name)
            return getattr(self.env, name)

        @property
        def unwrapped(self):
            return self.env.unwrapped

        @property
        def observation_space(self):
            return self.env.observation_space

        @property
        def action_space(self):
            return self.env.action_space

        @property
        def metadata(self):
            return self.env.metadata

        @property
        def render_mode(self):
            return self.env.render_mode

        @property
        def spec(self):
            return self.env.spec

        def reset(self, **kwargs):
            return self.env.reset(**kwargs)

        def step(self, action):
            return self.env.step(action)

        def render(self):
            return self.env.render()

        def close(self):
            return self.env.close()

    class ObservationWrapper(Wrapper):
        pass

    class RewardWrapper(Wrapper):
        pass

    class GoalEnv(Env):
        pass

    def make(*args, **kwargs):
        raise NotImplementedError("this gymnasium stand-in has no registry")

    gym.Env, gym.Wrapper, gym.ObservationWrapper, gym.RewardWrapper, gym.GoalEnv = (
        Env, Wrapper, ObservationWrapper, RewardWrapper, GoalEnv)
    gym.Space, gym.spaces, gym.make = Space, spaces, make
    core = types.ModuleType("gymnasium.core")
    core.ActType, core.ObsType = typing.TypeVar("ActType"), typing.TypeVar("ObsType")
    core.Env, core.Wrapper = Env, Wrapper
    envs = types.ModuleType("gymnasium.envs")
    registration = types.ModuleType("gymnasium.envs.registration")

    class EnvSpec:
        pass

    registration.EnvSpec = EnvSpec
    envs.registration = registration
    error = types.ModuleType("gymnasium.error")
    error.Error = Exception
    logger = types.ModuleType("gymnasium.logger")
    logger.warn = lambda *a, **k: None
    gym.core, gym.envs, gym.error, gym.logger = core, envs, error, logger
    wrappers = types.ModuleType("gymnasium.wrappers")
    gym.wrappers = wrappers
    for name, module in {
        "gymnasium": gym,
        "gymnasium.spaces": spaces,
        "gymnasium.spaces.utils": spaces.utils,
        "gymnasium.core": core,
        "gymnasium.envs": envs,
        "gymnasium.envs.registration": registration,
        "gymnasium.error": error,
        "gymnasium.logger": logger,
        "gymnasium.wrappers": wrappers,
        "cloudpickle": pickle,
    }.items():
        sys.modules[name] = module
    pandas = types.ModuleType("pandas")
    pandas.DataFrame = type("DataFrame", (), {})
    matplotlib = types.ModuleType("matplotlib")
    figure = types.ModuleType("matplotlib.figure")
    figure.Figure = type("Figure", (), {})
    pyplot = types.ModuleType("matplotlib.pyplot")
    matplotlib.figure, matplotlib.pyplot = figure, pyplot
    sys.modules.update({"pandas": pandas, "matplotlib": matplotlib, "matplotlib.figure": figure,
                        "matplotlib.pyplot": pyplot})
    return gym


def _cartpole_class(gym):
    class CartPole(gym.Env):
        """gym's CartPole-v1: Euler integration, terminated past 12 degrees or 2.4 m, truncated at 500 steps."""

        gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
        total_mass = masspole + masscart
        polemass_length = masspole * length
        theta_limit = 12 * 2 * math.pi / 360
        x_limit = 2.4

        def __init__(self):
            high = np.array([self.x_limit * 2, np.finfo(np.float32).max, self.theta_limit * 2,
                             np.finfo(np.float32).max], dtype=np.float32)
            self.observation_space = gym.spaces.Box(-high, high, dtype=np.float32)
            self.action_space = gym.spaces.Discrete(2)
            self.state = None
            self.steps = 0

        def reset(self, *, seed=None, options=None):
            super().reset(seed=seed)
            self.state = self.np_random.uniform(-0.05, 0.05, size=(4,))
            self.steps = 0
            return np.array(self.state, dtype=np.float32), {}

        def step(self, action):
            x, x_dot, theta, theta_dot = self.state
            force = self.force_mag if action == 1 else -self.force_mag
            cos, sin = math.cos(theta), math.sin(theta)
            temp = (force + self.polemass_length * theta_dot**2 * sin) / self.total_mass
            theta_acc = (self.gravity * sin - cos * temp) / (
                self.length * (4.0 / 3.0 - self.masspole * cos**2 / self.total_mass))
            x_acc = temp - self.polemass_length * theta_acc * cos / self.total_mass
            x = x + self.tau * x_dot
            x_dot = x_dot + self.tau * x_acc
            theta = theta + self.tau * theta_dot
            theta_dot = theta_dot + self.tau * theta_acc
            self.state = (x, x_dot, theta, theta_dot)
            self.steps += 1
            terminated = x < -self.x_limit or x > self.x_limit or theta < -self.theta_limit or theta > self.theta_limit
            truncated = self.steps >= 500
            return np.array(self.state, dtype=np.float32), 1.0, bool(terminated), bool(truncated), {}

    return CartPole


def main():
    source = sys.argv[1]
    steps = [int(sys.argv[2]) if len(sys.argv) > 2 else 50_000, int(sys.argv[3]) if len(sys.argv) > 3 else 200_000]
    gym = _install_stand_ins()
    sys.path.insert(0, source)
    import torch

    torch.set_num_threads(1)
    import stable_baselines3
    from stable_baselines3 import PPO
    from stable_baselines3.common.monitor import Monitor
    from stable_baselines3.common.vec_env import DummyVecEnv

    cartpole = _cartpole_class(gym)
    print(f"Stable-Baselines3 {stable_baselines3.__version__} PPO, CartPole, torch {torch.__version__} (1 thread),"
          f" numpy {np.__version__}")
    for copies, total in zip((4, 64), steps):
        env = DummyVecEnv([lambda: Monitor(cartpole()) for _ in range(copies)])
        model = PPO("MlpPolicy", env, learning_rate=lambda progress: 2.5e-4 * progress, n_steps=128,
                    batch_size=copies * 128 // 4, n_epochs=4, gamma=0.99, gae_lambda=0.95, clip_range=0.2,
                    ent_coef=0.01, vf_coef=0.5, max_grad_norm=0.5, seed=1, device="cpu",
                    policy_kwargs=dict(net_arch=dict(pi=[64, 64], vf=[64, 64])))
        wall0, cpu0 = time.perf_counter(), time.process_time()
        model.learn(total_timesteps=total)
        wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
        done = model.num_timesteps
        returns = [e["r"] for e in model.ep_info_buffer]
        mean_return = sum(returns) / len(returns) if returns else float("nan")
        print(f"copies {copies:3d}  SB3 PPO: {done / wall:9,.0f} steps/s wall, {done / cpu:9,.0f} per CPU-s"
              f" ({done} steps, last 100 episodes' mean return {mean_return:.1f})")


if __name__ == "__main__":
    main()
