"""Plain per-run reference implementations of the bandit policies of
:mod:`persuasion.learning.bandits` (one run at a time, pure Python floats).

They exist as the baseline of ``benchmarks/bench_bandits.py`` and as an independent
check of the vectorized engine: fed the same uniforms (``uniforms[t]`` for round
``t + 1``: column 0 for the reward, the rest for the policy's coin flips), they pull
exactly the same arms.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..validation import as_generator, as_positive_int
from .bandits import (
    UCB1,
    AnytimeEpsilonGreedy,
    BanditPolicy,
    DecreasingEpsilonGreedy,
    EpsilonGreedy,
    ExploreThenCommit,
    _means,
)

__all__ = ["ReferenceRun", "reference_run", "simulate_per_seed"]

ReferenceRun = tuple[list[int], float, float]


def _argmax(values: Sequence[float]) -> int:
    best, arg = values[0], 0
    for i in range(1, len(values)):
        if values[i] > best:
            best, arg = values[i], i
    return arg


def reference_run(
    policy: BanditPolicy, params: dict[str, float], means: Sequence[float], uniforms: Any
) -> ReferenceRun:
    """One run of ``policy`` (with the scalar ``params`` of :meth:`BanditPolicy.params`)
    on Bernoulli arms ``means`` for ``len(uniforms)`` rounds. Returns the arms pulled,
    the pseudo-regret and the total reward."""
    mu = [float(m) for m in means]
    K = len(mu)
    best = max(mu)
    U = uniforms.tolist() if isinstance(uniforms, np.ndarray) else list(uniforms)
    counts = [0.0] * K
    sums = [0.0] * K
    mean = [0.0] * K
    inv = [0.0] * K
    arms: list[int] = []
    regret = 0.0
    reward = 0.0
    committed = 0
    end = int(params.get("n_explore", 0)) * K
    eps = params.get("epsilon")
    scale = params.get("scale")
    for t, u in enumerate(U, start=1):
        if isinstance(policy, ExploreThenCommit):
            if t <= end:
                a = (t - 1) % K
            else:
                if t == end + 1:
                    committed = _argmax(mean)
                a = committed
        elif isinstance(policy, EpsilonGreedy):  # includes DecreasingEpsilonGreedy
            if t <= K:
                a = t - 1
            else:
                if isinstance(policy, DecreasingEpsilonGreedy):
                    rate = min(1.0, scale / t)
                elif isinstance(policy, AnytimeEpsilonGreedy):
                    rate = min(1.0, (K * math.log(t) / t) ** (1 / 3))
                else:
                    rate = eps
                a = int(u[2] * K) if u[1] < rate else _argmax(mean)
        elif isinstance(policy, UCB1):
            if t <= K:
                a = t - 1
            else:
                bonus = math.sqrt(2.0 * math.log(t - 1))
                a = _argmax([mean[i] + bonus * inv[i] for i in range(K)])
        else:
            raise ValueError(f"policy {type(policy).__name__} has no reference implementation")
        r = 1.0 if u[0] < mu[a] else 0.0
        counts[a] += 1.0
        sums[a] += r
        mean[a] = sums[a] / counts[a]
        inv[a] = 1.0 / math.sqrt(counts[a])
        regret += best - mu[a]
        reward += r
        arms.append(a)
    return arms, regret, reward


def simulate_per_seed(
    policy: BanditPolicy, means: Any, horizon: int, rng: Any, n_seeds: int = 1
) -> np.ndarray:
    """The plain baseline: a Python loop over seeds, each run drawing its own uniforms
    and calling :func:`reference_run`. Returns the pseudo-regret of each run."""
    T = as_positive_int("horizon", horizon)
    S = as_positive_int("n_seeds", n_seeds)
    gen = as_generator("rng", rng)
    mu, batched = _means(means)
    if batched and mu.shape[0] != 1:
        raise ValueError("means must describe a single instance")
    policy.start(1, S, mu.shape[1], T)
    out = np.empty(S)
    width = 1 + policy.n_uniforms
    for s in range(S):
        U = gen.random((T, width))
        out[s] = reference_run(policy, policy.params(s), mu[0], U)[1]
    return out
