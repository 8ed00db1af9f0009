"""Same-run PyTorch peer for PpoBenchmark: CleanRL ppo.py's algorithm and network on a numpy CartPole-v1.

CleanRL's ppo.py (discrete actions) with its defaults: 64x64 tanh actor and critic with orthogonal init (sqrt(2),
actor head 0.01, critic head 1), Adam lr 2.5e-4 annealed, eps 1e-5, 128 steps, 4 epochs, 4 minibatches, GAE
(0.99, 0.95), normalized advantages, clipped policy and value losses, entropy 0.01, value 0.5, grad norm 0.5.
gymnasium is not installed here, so the environment is gym's CartPole-v1 equations vectorized in numpy with
gym's vector auto-reset (a finished copy returns its first observation of the next episode).

Run: python3 bench/cleanrl_ppo_peer.py [steps for 4 copies] [steps for 64 copies]
Prints steps/s per wall second and per CPU second of the process (torch.set_num_threads(1)).
"""

import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.categorical import Categorical


class CartPole:
    """gym's CartPole-v1 (Euler, 500-step truncation), n copies in numpy arrays."""

    gravity, masscart, masspole, length, force_mag, tau = 9.8, 1.0, 0.1, 0.5, 10.0, 0.02
    total_mass = masspole + masscart
    polemass_length = masspole * length
    theta_limit = 12 * 2 * np.pi / 360
    x_limit = 2.4

    def __init__(self, n, seed):
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.state = self.rng.uniform(-0.05, 0.05, size=(n, 4))
        self.steps = np.zeros(n, dtype=np.int64)

    def obs(self):
        return self.state.astype(np.float32)

    def step(self, action):
        x, x_dot, theta, theta_dot = self.state.T
        force = np.where(action == 1, self.force_mag, -self.force_mag)
        cos, sin = np.cos(theta), np.sin(theta)
        temp = (force + self.polemass_length * theta_dot**2 * sin) / self.total_mass
        theta_acc = (self.gravity * sin - cos * temp) / (
            self.length * (4.0 / 3.0 - self.masspole * cos**2 / self.total_mass)
        )
        x_acc = temp - self.polemass_length * theta_acc * cos / self.total_mass
        x = x + self.tau * x_dot
        x_dot = x_dot + self.tau * x_acc
        theta = theta + self.tau * theta_dot
        theta_dot = theta_dot + self.tau * theta_acc
        self.state = np.stack([x, x_dot, theta, theta_dot], axis=1)
        self.steps += 1
        terminated = (x < -self.x_limit) | (x > self.x_limit) | (theta < -self.theta_limit) | (theta > self.theta_limit)
        truncated = self.steps >= 500
        done = terminated | truncated
        reward = np.ones(self.n, dtype=np.float32)
        finished_lengths = self.steps[done].copy()
        if done.any():
            k = int(done.sum())
            self.state[done] = self.rng.uniform(-0.05, 0.05, size=(k, 4))
            self.steps[done] = 0
        return self.obs(), reward, done, finished_lengths


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self, obs_size, n_actions):
        super().__init__()
        self.critic = nn.Sequential(
            layer_init(nn.Linear(obs_size, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, 1), std=1.0),
        )
        self.actor = nn.Sequential(
            layer_init(nn.Linear(obs_size, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, 64)),
            nn.Tanh(),
            layer_init(nn.Linear(64, n_actions), std=0.01),
        )

    def get_value(self, x):
        return self.critic(x)

    def get_action_and_value(self, x, action=None):
        logits = self.actor(x)
        probs = Categorical(logits=logits)
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(x)


def train(num_envs, total_timesteps, seed=1):
    num_steps, gamma, gae_lambda = 128, 0.99, 0.95
    num_minibatches, update_epochs = 4, 4
    clip_coef, ent_coef, vf_coef, max_grad_norm, learning_rate = 0.2, 0.01, 0.5, 0.5, 2.5e-4
    batch_size = num_envs * num_steps
    minibatch_size = batch_size // num_minibatches
    num_iterations = total_timesteps // batch_size

    torch.manual_seed(seed)
    np.random.seed(seed)
    envs = CartPole(num_envs, seed)
    agent = Agent(4, 2)
    optimizer = torch.optim.Adam(agent.parameters(), lr=learning_rate, eps=1e-5)

    obs = torch.zeros((num_steps, num_envs, 4))
    actions = torch.zeros((num_steps, num_envs))
    logprobs = torch.zeros((num_steps, num_envs))
    rewards = torch.zeros((num_steps, num_envs))
    dones = torch.zeros((num_steps, num_envs))
    values = torch.zeros((num_steps, num_envs))

    global_step = 0
    lengths = []
    start_time = time.time()
    start_cpu = time.process_time()
    next_obs = torch.Tensor(envs.obs())
    next_done = torch.zeros(num_envs)

    for iteration in range(1, num_iterations + 1):
        frac = 1.0 - (iteration - 1.0) / num_iterations
        optimizer.param_groups[0]["lr"] = frac * learning_rate

        for step in range(0, num_steps):
            global_step += num_envs
            obs[step] = next_obs
            dones[step] = next_done
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs)
                values[step] = value.flatten()
            actions[step] = action
            logprobs[step] = logprob
            o, reward, done, finished = envs.step(action.numpy())
            lengths.extend(finished.tolist())
            rewards[step] = torch.from_numpy(reward)
            next_obs, next_done = torch.from_numpy(o), torch.from_numpy(done.astype(np.float32))

        with torch.no_grad():
            next_value = agent.get_value(next_obs).reshape(1, -1)
            advantages = torch.zeros_like(rewards)
            lastgaelam = 0
            for t in reversed(range(num_steps)):
                if t == num_steps - 1:
                    nextnonterminal = 1.0 - next_done
                    nextvalues = next_value
                else:
                    nextnonterminal = 1.0 - dones[t + 1]
                    nextvalues = values[t + 1]
                delta = rewards[t] + gamma * nextvalues * nextnonterminal - values[t]
                advantages[t] = lastgaelam = delta + gamma * gae_lambda * nextnonterminal * lastgaelam
            returns = advantages + values

        b_obs = obs.reshape((-1, 4))
        b_logprobs = logprobs.reshape(-1)
        b_actions = actions.reshape(-1)
        b_advantages = advantages.reshape(-1)
        b_returns = returns.reshape(-1)
        b_values = values.reshape(-1)

        b_inds = np.arange(batch_size)
        for epoch in range(update_epochs):
            np.random.shuffle(b_inds)
            for start in range(0, batch_size, minibatch_size):
                mb_inds = b_inds[start : start + minibatch_size]
                _, newlogprob, entropy, newvalue = agent.get_action_and_value(
                    b_obs[mb_inds], b_actions.long()[mb_inds]
                )
                logratio = newlogprob - b_logprobs[mb_inds]
                ratio = logratio.exp()
                mb_advantages = b_advantages[mb_inds]
                mb_advantages = (mb_advantages - mb_advantages.mean()) / (mb_advantages.std() + 1e-8)
                pg_loss1 = -mb_advantages * ratio
                pg_loss2 = -mb_advantages * torch.clamp(ratio, 1 - clip_coef, 1 + clip_coef)
                pg_loss = torch.max(pg_loss1, pg_loss2).mean()
                newvalue = newvalue.view(-1)
                v_loss_unclipped = (newvalue - b_returns[mb_inds]) ** 2
                v_clipped = b_values[mb_inds] + torch.clamp(newvalue - b_values[mb_inds], -clip_coef, clip_coef)
                v_loss_clipped = (v_clipped - b_returns[mb_inds]) ** 2
                v_loss = 0.5 * torch.max(v_loss_unclipped, v_loss_clipped).mean()
                entropy_loss = entropy.mean()
                loss = pg_loss - ent_coef * entropy_loss + v_loss * vf_coef
                optimizer.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), max_grad_norm)
                optimizer.step()

    wall = time.time() - start_time
    cpu = time.process_time() - start_cpu
    recent = lengths[-50:]
    return global_step / wall, global_step / cpu, (sum(recent) / len(recent) if recent else float("nan"))


def main():
    torch.set_num_threads(1)
    steps = {4: int(sys.argv[1]) if len(sys.argv) > 1 else 100_000, 64: int(sys.argv[2]) if len(sys.argv) > 2 else 500_000}
    print(f"CleanRL ppo.py peer, torch {torch.__version__}, numpy {np.__version__}, 1 thread")
    for num_envs, total in steps.items():
        wall, cpu, length = train(num_envs, total)
        print(
            f"copies {num_envs:3d}: {total} steps, {wall:,.0f} steps/s wall, {cpu:,.0f} per CPU-s, "
            f"mean length of the last 50 episodes {length:.0f}"
        )


if __name__ == "__main__":
    main()
