"""CleanRL ppo.py's update loop in PyTorch on a NumPy-vectorized CartPole, for a same-machine throughput peer of
dev.rewardsmith.rl.PpoBenchmark (gym is not installed here; the env is gym's CartPole-v1 dynamics, vectorized).

Usage: /usr/bin/python3 bench/ppo_torch_cartpole.py [num_envs] [total_timesteps]
Prints steps/s of the full loop (rollout + update), single-threaded torch (torch.set_num_threads(1)).
"""
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.categorical import Categorical


class VecCartPole:
    def __init__(self, n, seed):
        self.n = n
        self.rng = np.random.default_rng(seed)
        self.s = self.rng.uniform(-0.05, 0.05, (n, 4))
        self.t = np.zeros(n, dtype=np.int64)

    def reset(self):
        self.s = self.rng.uniform(-0.05, 0.05, (self.n, 4))
        self.t[:] = 0
        return self.s.astype(np.float32)

    def step(self, a):
        x, x_dot, th, th_dot = self.s.T
        force = np.where(a == 1, 10.0, -10.0)
        cos, sin = np.cos(th), np.sin(th)
        temp = (force + 0.05 * th_dot ** 2 * sin) / 1.1
        th_acc = (9.8 * sin - cos * temp) / (0.5 * (4.0 / 3.0 - 0.1 * cos ** 2 / 1.1))
        x_acc = temp - 0.05 * th_acc * cos / 1.1
        self.s = np.stack([x + 0.02 * x_dot, x_dot + 0.02 * x_acc, th + 0.02 * th_dot, th_dot + 0.02 * th_acc], 1)
        self.t += 1
        term = (np.abs(self.s[:, 0]) > 2.4) | (np.abs(self.s[:, 2]) > 12 * 2 * np.pi / 360)
        done = term | (self.t >= 500)
        k = done.sum()
        if k:
            self.s[done] = self.rng.uniform(-0.05, 0.05, (k, 4))
            self.t[done] = 0
        return self.s.astype(np.float32), np.ones(self.n, dtype=np.float32), done


def layer_init(layer, std=np.sqrt(2), bias_const=0.0):
    torch.nn.init.orthogonal_(layer.weight, std)
    torch.nn.init.constant_(layer.bias, bias_const)
    return layer


class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.critic = nn.Sequential(layer_init(nn.Linear(4, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(),
                                    layer_init(nn.Linear(64, 1), std=1.0))
        self.actor = nn.Sequential(layer_init(nn.Linear(4, 64)), nn.Tanh(), layer_init(nn.Linear(64, 64)), nn.Tanh(),
                                   layer_init(nn.Linear(64, 2), std=0.01))

    def get_value(self, x):
        return self.critic(x)

    def get_action_and_value(self, x, action=None):
        probs = Categorical(logits=self.actor(x))
        if action is None:
            action = probs.sample()
        return action, probs.log_prob(action), probs.entropy(), self.critic(x)


def main():
    num_envs = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    num_steps, epochs, minibatches = 128, 4, 4
    lr, gamma, lam, clip, ent, vf, max_norm = 2.5e-4, 0.99, 0.95, 0.2, 0.01, 0.5, 0.5
    torch.set_num_threads(1)
    torch.manual_seed(1)
    envs = VecCartPole(num_envs, 1)
    agent = Agent()
    opt = torch.optim.Adam(agent.parameters(), lr=lr, eps=1e-5)
    batch = num_envs * num_steps
    mb = batch // minibatches
    obs = torch.zeros((num_steps, num_envs, 4))
    actions = torch.zeros((num_steps, num_envs))
    logprobs = torch.zeros((num_steps, num_envs))
    rewards = torch.zeros((num_steps, num_envs))
    dones = torch.zeros((num_steps, num_envs))
    values = torch.zeros((num_steps, num_envs))
    next_obs = torch.tensor(envs.reset())
    next_done = torch.zeros(num_envs)
    iterations = total // batch
    start = time.time()
    for it in range(1, iterations + 1):
        opt.param_groups[0]["lr"] = (1.0 - (it - 1.0) / iterations) * lr
        for step in range(num_steps):
            obs[step] = next_obs
            dones[step] = next_done
            with torch.no_grad():
                action, logprob, _, value = agent.get_action_and_value(next_obs)
                values[step] = value.flatten()
            actions[step] = action
            logprobs[step] = logprob
            o, r, d = envs.step(action.numpy())
            rewards[step] = torch.tensor(r)
            next_obs, next_done = torch.tensor(o), torch.tensor(d, dtype=torch.float32)
        with torch.no_grad():
            next_value = agent.get_value(next_obs).reshape(1, -1)
            advantages = torch.zeros_like(rewards)
            lastgaelam = 0
            for t in reversed(range(num_steps)):
                if t == num_steps - 1:
                    nextnonterminal, nextvalues = 1.0 - next_done, next_value
                else:
                    nextnonterminal, nextvalues = 1.0 - dones[t + 1], values[t + 1]
                delta = rewards[t] + gamma * nextvalues * nextnonterminal - values[t]
                advantages[t] = lastgaelam = delta + gamma * lam * nextnonterminal * lastgaelam
            returns = advantages + values
        b_obs, b_logprobs, b_actions = obs.reshape((-1, 4)), logprobs.reshape(-1), actions.reshape(-1)
        b_adv, b_ret, b_val = advantages.reshape(-1), returns.reshape(-1), values.reshape(-1)
        b_inds = np.arange(batch)
        for epoch in range(epochs):
            np.random.shuffle(b_inds)
            for s in range(0, batch, mb):
                i = b_inds[s:s + mb]
                _, newlogprob, entropy, newvalue = agent.get_action_and_value(b_obs[i], b_actions.long()[i])
                ratio = (newlogprob - b_logprobs[i]).exp()
                a = b_adv[i]
                a = (a - a.mean()) / (a.std() + 1e-8)
                pg = torch.max(-a * ratio, -a * torch.clamp(ratio, 1 - clip, 1 + clip)).mean()
                newvalue = newvalue.view(-1)
                v_unclipped = (newvalue - b_ret[i]) ** 2
                v_clipped = b_val[i] + torch.clamp(newvalue - b_val[i], -clip, clip)
                v_loss = 0.5 * torch.max(v_unclipped, (v_clipped - b_ret[i]) ** 2).mean()
                loss = pg - ent * entropy.mean() + v_loss * vf
                opt.zero_grad()
                loss.backward()
                nn.utils.clip_grad_norm_(agent.parameters(), max_norm)
                opt.step()
    steps = iterations * batch
    print(f"torch {torch.__version__} CleanRL-equivalent PPO, CartPole, {num_envs} copies: "
          f"{steps / (time.time() - start):,.0f} steps/s ({steps} steps)")


if __name__ == "__main__":
    main()
