"""Stochastic multi-armed bandits, simulated for many seeds at once.

Slides "multi-armed bandits": a planner picks one of ``K`` arms per round for ``T``
rounds, sees only the chosen arm's reward (bandit feedback), rewards i.i.d. across arms
and time; ``Regret(T) = OPT reward − ALG reward``. Optimal regret is ``Õ(T^{2/3})`` with
non-adaptive exploration (explore-then-exploit, ε-greedy) and ``Õ(T^{1/2})`` with
adaptive exploration (decreasing ε-greedy, UCB).

Design. Rewards are Bernoulli with the given means. :func:`simulate` runs one policy on
``n_runs = n_instances × n_seeds`` independent runs *vectorized across runs*: arrays
have a leading runs axis and the only Python loop is over rounds. Each round consumes
one block of uniforms of shape ``(n_runs, 1 + policy.n_uniforms)`` from the generator
(column 0 draws the reward of the pulled arm, the others the policy's own coin flips),
drawn in chunks; :mod:`persuasion.learning.bandit_reference` replays the very same uniforms one
run at a time in plain Python, so the two agree exactly. Regret is the *pseudo-regret*
``Σ_t (μ* − μ_{a_t})`` (the expectation of the slides' regret given the arms pulled).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..validation import (
    as_finite_array,
    as_flag,
    as_generator,
    as_int,
    as_positive_int,
    as_real,
    as_real_array,
)

__all__ = [
    "BanditState",
    "BanditPolicy",
    "ExploreThenCommit",
    "EpsilonGreedy",
    "DecreasingEpsilonGreedy",
    "AnytimeEpsilonGreedy",
    "UCB1",
    "BanditRun",
    "simulate",
    "uniform_chunks",
    "two_armed_means",
    "etc_exploration",
    "epsilon_for_horizon",
    "ucb1_regret_bound",
    "RegretSweep",
    "regret_sweep",
    "fit_loglog_slope",
    "bootstrap_slope",
    "SlopeEstimate",
]

#: Rounds of uniforms drawn from the generator at once (memory ≈ chunk × runs × width × 8 B).
CHUNK_ELEMENTS = 1 << 20


def _means(means: Any) -> tuple[np.ndarray, bool]:
    mu = as_finite_array("means", means)
    if mu.ndim not in (1, 2):
        raise ValueError(f"means must have 1 or 2 dimensions, got shape {mu.shape}")
    batched = mu.ndim == 2
    mu = np.atleast_2d(mu)
    if mu.shape[1] < 2:
        raise ValueError(f"means must hold at least two arms, got {mu.shape[1]}")
    if np.any((mu < 0) | (mu > 1)):
        raise ValueError("means must lie in [0, 1] (Bernoulli rewards)")
    return mu, batched


def _per_instance(name: str, value: Any, n_instances: int, n_seeds: int) -> np.ndarray:
    """Broadcast a scalar or per-instance parameter to one value per run."""
    arr = as_finite_array(name, value)
    if arr.ndim == 0:
        return np.full(n_instances * n_seeds, float(arr))
    if arr.shape != (n_instances,):
        raise ValueError(f"{name} must be a scalar or have {n_instances} entries, got {arr.shape}")
    return np.repeat(arr, n_seeds)


class BanditState:
    """What a policy sees of the runs: pull counts, reward sums and empirical means,
    arrays of shape ``(n_runs, K)`` (means are 0 for arms never pulled)."""

    def __init__(self, n_runs: int, n_arms: int) -> None:
        self.counts = np.zeros((n_runs, n_arms))
        self.sums = np.zeros((n_runs, n_arms))
        self.means = np.zeros((n_runs, n_arms))
        self.inv_sqrt_counts = np.zeros((n_runs, n_arms))
        self.n_arms = n_arms
        self.n_runs = n_runs

    def greedy(self) -> np.ndarray:
        """Arm with the highest empirical mean in each run (lowest index on ties)."""
        m = self.means
        if self.n_arms == 2:
            return (m[:, 1] > m[:, 0]).astype(np.int64)
        return np.argmax(m, axis=1)


class BanditPolicy:
    """Base class of the vectorized policies.

    At round ``t`` (1-based) a policy returns one arm per run from the
    :class:`BanditState` and its own uniforms. ``n_uniforms`` is the number of its own
    uniforms per run and round; :meth:`prepare` may turn a whole chunk of them into
    decisions at once (they do not depend on rewards). A policy whose next arms do not
    depend on rewards for a while may return them all from :meth:`plan`. ``start``
    receives the number of instances and seeds so that parameters given per instance
    are spread over runs (run index = instance × n_seeds + seed).
    """

    n_uniforms: int = 0
    name: str = "policy"
    uses_inv_sqrt: bool = False

    def start(self, n_instances: int, n_seeds: int, n_arms: int, horizon: int) -> None:
        """Prepare the state of ``n_instances * n_seeds`` runs."""
        self.n_arms = n_arms

    def prepare(self, t0: int, uniforms: np.ndarray) -> None:
        """Receive the policy's uniforms for rounds ``t0, t0 + 1, ...`` (one chunk,
        shape ``(rounds, n_runs, n_uniforms)``)."""

    def plan(self, t: int, t_last: int, state: BanditState) -> np.ndarray | None:
        """Arms for rounds ``t, t + 1, ...`` (at most up to ``t_last``) when they are
        known now, as an array ``(rounds, n_runs)``; ``None`` to go round by round."""
        return None

    def choose(self, t: int, i: int, state: BanditState) -> np.ndarray:
        """Arms (int array of shape ``(n_runs,)``) to pull at round ``t``, the ``i``-th
        round of the current chunk."""
        raise NotImplementedError

    def params(self, run: int) -> dict[str, float]:
        """Scalar parameters of one run (for the plain per-run reference)."""
        return {}


class ExploreThenCommit(BanditPolicy):
    """Explore-then-commit (slides' explore-then-exploit, non-adaptive exploration).

    Pulls the arms round-robin for ``K·N`` rounds (each arm exactly ``N`` times), then
    commits to the arm with the highest empirical mean (lowest index on ties) for the
    remaining rounds. ``N`` may be given per instance. Regret ``Õ(T^{2/3})`` for
    ``N ≈ T^{2/3}`` (Slivkins 2019, Thm 1.4). ``K·N > T`` raises ``ValueError``.
    Its arms never depend on rewards except at the commit, so the engine simulates it
    in whole blocks of rounds.
    """

    name = "explore-then-commit"

    def __init__(self, n_explore: Any) -> None:
        self.n_explore = n_explore

    def start(self, n_instances: int, n_seeds: int, n_arms: int, horizon: int) -> None:
        super().start(n_instances, n_seeds, n_arms, horizon)
        N = _per_instance("n_explore", self.n_explore, n_instances, n_seeds)
        if np.any(N < 1) or np.any(N != np.round(N)):
            raise ValueError("n_explore must be a positive integer")
        if np.any(N * n_arms > horizon):
            raise ValueError(
                f"n_explore must satisfy K*N <= T (K={n_arms}, T={horizon}, N={int(N.max())})"
            )
        self.end = (N * n_arms).astype(np.int64)  # last exploration round of each run
        self.committed = np.zeros(len(N), dtype=np.int64)
        self.boundaries = np.unique(self.end)

    def _commit(self, t: int, state: BanditState) -> None:
        ending = self.end == t - 1
        if ending.any():
            self.committed[ending] = np.argmax(state.means[ending], axis=1)

    def plan(self, t: int, t_last: int, state: BanditState) -> np.ndarray | None:
        self._commit(t, state)
        later = self.boundaries[self.boundaries >= t]
        stop = min(int(later[0]), t_last) if later.size else t_last
        rounds = np.arange(t, stop + 1)
        explore = rounds[:, None] <= self.end[None, :]
        return np.where(explore, ((rounds - 1) % self.n_arms)[:, None], self.committed[None, :])

    def choose(self, t: int, i: int, state: BanditState) -> np.ndarray:
        self._commit(t, state)
        return np.where(self.end >= t, (t - 1) % self.n_arms, self.committed)

    def params(self, run: int) -> dict[str, float]:
        return {"n_explore": float(self.end[run] // self.n_arms)}


class EpsilonGreedy(BanditPolicy):
    """ε-greedy with a constant exploration rate (non-adaptive exploration).

    Rounds ``1..K`` pull each arm once; afterwards, with probability ``ε`` pull a
    uniformly random arm, otherwise the arm with the highest empirical mean (lowest
    index on ties). With ``ε = (K ln T / T)^{1/3}`` (:func:`epsilon_for_horizon`) the
    regret is ``Õ(T^{2/3})`` (Slivkins 2019, Thm 1.6). ``epsilon`` may be per instance.
    """

    n_uniforms = 2
    name = "epsilon-greedy"

    def __init__(self, epsilon: Any) -> None:
        self.epsilon = epsilon

    def start(self, n_instances: int, n_seeds: int, n_arms: int, horizon: int) -> None:
        super().start(n_instances, n_seeds, n_arms, horizon)
        eps = _per_instance("epsilon", self.epsilon, n_instances, n_seeds)
        if np.any((eps < 0) | (eps > 1)):
            raise ValueError("epsilon must lie in [0, 1]")
        self.eps = eps

    def rates(self, rounds: np.ndarray) -> np.ndarray:
        """Exploration probability of each run (columns) at the given rounds (rows)."""
        return np.broadcast_to(self.eps, (len(rounds), len(self.eps)))

    def prepare(self, t0: int, uniforms: np.ndarray) -> None:
        rounds = np.arange(t0, t0 + len(uniforms))
        self._explore = uniforms[:, :, 0] < self.rates(rounds)
        self._random = (uniforms[:, :, 1] * self.n_arms).astype(np.int64)

    def choose(self, t: int, i: int, state: BanditState) -> np.ndarray:
        if t <= self.n_arms:
            return np.full(state.n_runs, t - 1, dtype=np.int64)
        return np.where(self._explore[i], self._random[i], state.greedy())

    def params(self, run: int) -> dict[str, float]:
        return {"epsilon": float(self.eps[run])}


class DecreasingEpsilonGreedy(EpsilonGreedy):
    """ε_t-greedy of Auer, Cesa-Bianchi and Fischer (2002): ``ε_t = min(1, c K / (d² t))``.

    ``d`` must be a lower bound on the gap between the best and second-best mean (it
    may be given per instance). With ``c > 5`` the expected regret is ``O(log T / d)``
    on each instance (their Thm 3); *told the true gap* of each instance, its worst case
    over gaps grows like ``√T`` — an oracle tuning, not an algorithm that could be run
    without knowing the instance. :class:`AnytimeEpsilonGreedy` is the
    instance-independent schedule.
    """

    name = "decreasing epsilon-greedy"

    def __init__(self, gap: Any, c: float = 5.0) -> None:
        g = as_real_array("gap", gap, low=0, low_open=True)
        if g.ndim > 1:
            raise ValueError(f"gap must be a number or one number per instance, got shape "
                             f"{g.shape}")
        self.gap = g
        self.c = as_real("c", c, low=0, low_open=True)

    def start(self, n_instances: int, n_seeds: int, n_arms: int, horizon: int) -> None:
        BanditPolicy.start(self, n_instances, n_seeds, n_arms, horizon)
        d = _per_instance("gap", self.gap, n_instances, n_seeds)
        if np.any(d <= 0):
            raise ValueError("gap must be positive")
        self.scale = self.c * n_arms / (d * d)

    def rates(self, rounds: np.ndarray) -> np.ndarray:
        return np.minimum(1.0, self.scale[None, :] / rounds[:, None])

    def params(self, run: int) -> dict[str, float]:
        return {"scale": float(self.scale[run])}


class AnytimeEpsilonGreedy(EpsilonGreedy):
    """ε_t-greedy with the instance-independent schedule ``ε_t = min(1, (K ln t / t)^{1/3})``
    (Slivkins 2019, Thm 1.6 with the horizon replaced by the current round): it needs
    neither the gap nor the horizon, and its regret is ``Õ(T^{2/3})`` — no schedule that
    ignores the instance does better for ε-greedy, whose exploration is blind."""

    name = "anytime epsilon-greedy"

    def __init__(self) -> None:
        self.epsilon = 0.0

    def start(self, n_instances: int, n_seeds: int, n_arms: int, horizon: int) -> None:
        BanditPolicy.start(self, n_instances, n_seeds, n_arms, horizon)
        self.eps = np.zeros(n_instances * n_seeds)

    def rates(self, rounds: np.ndarray) -> np.ndarray:
        t = np.maximum(rounds, 2).astype(float)
        rate = np.minimum(1.0, (self.n_arms * np.log(t) / t) ** (1 / 3))
        return np.broadcast_to(rate[:, None], (len(rounds), len(self.eps)))

    def params(self, run: int) -> dict[str, float]:
        return {}


class UCB1(BanditPolicy):
    """UCB1 (Auer, Cesa-Bianchi and Fischer 2002): adaptive exploration.

    Rounds ``1..K`` pull each arm once; at round ``t > K`` pull the arm maximizing
    ``μ̂_a + sqrt(2 ln(t − 1) / n_a)`` (``t − 1`` plays so far; lowest index on ties).
    Expected regret at most ``Σ_a 8 ln T / Δ_a + (1 + π²/3) Σ_a Δ_a``
    (:func:`ucb1_regret_bound`), hence ``O(√(K T log T))`` in the worst case.
    """

    name = "UCB1"
    uses_inv_sqrt = True

    def choose(self, t: int, i: int, state: BanditState) -> np.ndarray:
        if t <= self.n_arms:
            return np.full(state.n_runs, t - 1, dtype=np.int64)
        bonus = math.sqrt(2.0 * math.log(t - 1))
        index = state.means + bonus * state.inv_sqrt_counts
        if self.n_arms == 2:
            return (index[:, 1] > index[:, 0]).astype(np.int64)
        return np.argmax(index, axis=1)


@dataclass(frozen=True, eq=False)
class BanditRun:
    """Result of :func:`simulate`. Leading axes: ``(n_instances, n_seeds)`` when the
    means were given per instance, else ``(n_seeds,)``.

    ``regret[..., k]``: cumulative pseudo-regret after round ``checkpoints[k]``;
    ``pulls[..., a]``: number of pulls of arm ``a``; ``reward``: total realized reward;
    ``arms``: the arm pulled in each round (only with ``record_arms=True``).
    """

    checkpoints: np.ndarray
    regret: np.ndarray
    pulls: np.ndarray
    reward: np.ndarray
    arms: np.ndarray | None


def as_checkpoints(checkpoints: Any, horizon: int) -> np.ndarray:
    """The rounds at which regret is recorded: integers in ``[1, horizon]``, sorted and
    distinct (``None``: the horizon only).  Non-integers are refused, not truncated."""
    if checkpoints is None:
        return np.array([horizon], dtype=np.int64)
    raw = as_real_array("checkpoints", checkpoints, ndim=1)
    if np.any(raw != np.round(raw)):
        raise ValueError("checkpoints must be integers (rounds), not truncated fractions")
    cp = np.unique(raw.astype(np.int64))
    if cp.size == 0 or cp[0] < 1 or cp[-1] > horizon:
        raise ValueError(f"checkpoints must lie in [1, horizon={horizon}]")
    return cp


def uniform_chunks(
    rng: np.random.Generator, horizon: int, n_runs: int, width: int, per_round: int = 0
) -> Iterator[tuple[int, np.ndarray]]:
    """Yield ``(t0, block)`` with the uniforms of rounds ``t0, t0 + 1, ...``, shape
    ``(rounds, n_runs, width)``; the stream equals one draw of shape
    ``(horizon, n_runs, width)`` whatever the chunk size. ``per_round`` is the number of
    further floats per run and round the caller derives from a block (sizes chunks)."""
    chunk = max(1, CHUNK_ELEMENTS // max(1, n_runs * (width + per_round)))
    done = 0
    while done < horizon:
        c = min(chunk, horizon - done)
        yield done + 1, rng.random((c, n_runs, width))
        done += c


def simulate(
    policy: BanditPolicy,
    means: Any,
    horizon: int,
    rng: Any,
    n_seeds: int = 1,
    checkpoints: Any = None,
    record_arms: bool = False,
) -> BanditRun:
    """Run ``policy`` on Bernoulli bandits, vectorized across instances and seeds.

    ``means``: arm means, shape ``(K,)`` or ``(n_instances, K)``, in ``[0, 1]``.
    ``horizon``: number of rounds ``T ≥ 1``. ``rng``: a ``numpy.random.Generator`` or an
    int seed. ``checkpoints``: rounds at which the cumulative pseudo-regret is recorded
    (default: only ``T``). Malformed input raises ``ValueError`` naming the argument.
    """
    if not isinstance(policy, BanditPolicy):
        raise ValueError(
            f"policy must be an instance of a BanditPolicy such as UCB1(), got {policy!r}"
        )
    T = as_positive_int("horizon", horizon)
    S = as_positive_int("n_seeds", n_seeds)
    gen = as_generator("rng", rng)
    as_flag("record_arms", record_arms)
    mu, batched = _means(means)
    n_inst, K = mu.shape
    R = n_inst * S
    cp = as_checkpoints(checkpoints, T)
    policy.start(n_inst, S, K, T)
    mu_runs = np.repeat(mu, S, axis=0)
    gaps = mu_runs.max(axis=1, keepdims=True) - mu_runs
    gap_flat = gaps.ravel()
    st = BanditState(R, K)
    counts_f, sums_f = st.counts.reshape(-1), st.sums.reshape(-1)
    means_f, inv_f = st.means.reshape(-1), st.inv_sqrt_counts.reshape(-1)
    base = np.arange(R) * K
    out = np.zeros((R, len(cp)))
    arms_rec = np.zeros((R, T), dtype=np.int16 if K < 2**15 else np.int64) if record_arms else None
    k = 0  # next checkpoint
    for t0, block in uniform_chunks(gen, T, R, 1 + policy.n_uniforms, per_round=2 * K):
        c = len(block)
        # reward of every arm in every round of the chunk (only the pulled one is used)
        rewards = (block[:, :, :1] < mu_runs[None]).reshape(c, R * K).astype(float)
        if policy.n_uniforms:
            policy.prepare(t0, block[:, :, 1:])
        i = 0
        while i < c:
            t = t0 + i
            planned = policy.plan(t, t0 + c - 1, st)
            if planned is not None:
                L = len(planned)
                flat = base[None, :] + planned
                r = np.take_along_axis(rewards[i:i + L], flat, axis=1)
                for a in range(K):
                    hit = planned == a
                    st.counts[:, a] += hit.sum(axis=0)
                    st.sums[:, a] += (r * hit).sum(axis=0)
                pulled = st.counts > 0
                np.divide(st.sums, st.counts, out=st.means, where=pulled)
                np.divide(1.0, np.sqrt(st.counts), out=st.inv_sqrt_counts, where=pulled)
                if arms_rec is not None:
                    arms_rec[:, t - 1:t - 1 + L] = planned.T
                while k < len(cp) and cp[k] < t + L:
                    # regret at cp[k]: now minus what the rounds after cp[k] added
                    after = gap_flat[flat[cp[k] - t + 1:]].sum(axis=0)
                    out[:, k] = (st.counts * gaps).sum(axis=1) - after
                    k += 1
                i += L
                continue
            arms = policy.choose(t, i, st)
            flat = base + arms
            n_new = counts_f[flat] + 1.0
            s_new = sums_f[flat] + rewards[i][flat]
            counts_f[flat] = n_new
            sums_f[flat] = s_new
            means_f[flat] = s_new / n_new
            if policy.uses_inv_sqrt:
                inv_f[flat] = 1.0 / np.sqrt(n_new)
            if arms_rec is not None:
                arms_rec[:, t - 1] = arms
            if k < len(cp) and t == cp[k]:
                out[:, k] = (st.counts * gaps).sum(axis=1)
                k += 1
            i += 1
    lead = (n_inst, S) if batched else (S,)
    return BanditRun(
        checkpoints=cp,
        regret=out.reshape(*lead, len(cp)),
        pulls=st.counts.astype(np.int64).reshape(*lead, K),
        reward=st.sums.sum(axis=1).reshape(lead),
        arms=None if arms_rec is None else arms_rec.reshape(*lead, T),
    )


def two_armed_means(gaps: Any) -> np.ndarray:
    """Two-armed Bernoulli instances ``(1/2 + Δ/2, 1/2 − Δ/2)``, one row per gap Δ."""
    g = as_finite_array("gaps", gaps, ndim=1)
    if np.any((g < 0) | (g > 1)):
        raise ValueError("gaps must lie in [0, 1]")
    return np.stack([0.5 + g / 2, 0.5 - g / 2], axis=1)


def etc_exploration(horizon: int, n_arms: int = 2, scale: float = 1.0) -> int:
    """Explorations per arm ``N = ⌈scale · T^{2/3}⌉`` (capped so that ``K N ≤ T``)."""
    T = as_positive_int("horizon", horizon)
    K = as_positive_int("n_arms", n_arms, minimum=2)
    return int(max(1, min(math.ceil(scale * T ** (2 / 3)), T // K)))


def epsilon_for_horizon(horizon: int, n_arms: int = 2) -> float:
    """``ε = min(1, (K ln T / T)^{1/3})``, the ε-greedy rate tuned to the horizon."""
    T = as_positive_int("horizon", horizon)
    K = as_positive_int("n_arms", n_arms, minimum=2)
    return float(min(1.0, (K * math.log(max(T, 2)) / T) ** (1 / 3)))


def ucb1_regret_bound(means: Any, horizon: int) -> float:
    """Auer, Cesa-Bianchi and Fischer (2002), Thm 1: expected regret of UCB1 after
    ``T`` rounds is at most ``Σ_{a: Δ_a > 0} 8 ln T / Δ_a + (1 + π²/3) Σ_a Δ_a``."""
    mu, _ = _means(means)
    if mu.shape[0] != 1:
        raise ValueError("means must describe a single instance")
    T = as_positive_int("horizon", horizon)
    gaps = mu.max() - mu[0]
    pos = gaps[gaps > 0]
    return float(np.sum(8 * math.log(T) / pos) + (1 + math.pi**2 / 3) * gaps.sum())


@dataclass(frozen=True, eq=False)
class RegretSweep:
    """Pseudo-regret at each horizon (rows) for each gap (columns) of two-armed
    instances: mean, standard error across seeds, and the worst case over gaps."""

    horizons: np.ndarray
    gaps: np.ndarray
    mean: np.ndarray
    sem: np.ndarray
    n_seeds: int
    runs: np.ndarray | None = None  #: per-seed regret, shape (horizons, gaps, seeds)

    @property
    def worst_index(self) -> np.ndarray:
        """Index of the gap with the largest mean regret at each horizon."""
        return np.argmax(self.mean, axis=1)

    @property
    def worst_mean(self) -> np.ndarray:
        """Largest mean regret over the gaps, per horizon."""
        return self.mean[np.arange(len(self.horizons)), self.worst_index]

    @property
    def worst_sem(self) -> np.ndarray:
        """Standard error of the mean at the worst gap, per horizon."""
        return self.sem[np.arange(len(self.horizons)), self.worst_index]


def regret_sweep(
    make_policy: Callable[[int], BanditPolicy],
    gaps: Any,
    horizons: Sequence[int],
    n_seeds: int,
    rng: Any,
    anytime: bool = False,
) -> RegretSweep:
    """Pseudo-regret of a policy on two-armed Bernoulli instances, for several gaps and
    horizons, ``n_seeds`` runs each, vectorized over gaps and seeds.

    ``make_policy(T)`` builds the policy for horizon ``T`` (parameters may be given per
    gap). With ``anytime=True`` the policy does not depend on ``T``: one run to the
    largest horizon is read at every horizon; otherwise each horizon is a fresh run.
    """
    H = np.array(sorted({as_int("horizons", h, low=1) for h in horizons}), dtype=np.int64)
    if len(H) != len(horizons):
        raise ValueError("horizons must be distinct")
    gen = as_generator("rng", rng)
    means = two_armed_means(gaps)
    S = as_positive_int("n_seeds", n_seeds, minimum=2)
    if anytime:
        run = simulate(make_policy(int(H[-1])), means, int(H[-1]), gen, S, checkpoints=H)
        reg = run.regret  # (G, S, H)
    else:
        reg = np.stack(
            [simulate(make_policy(int(T)), means, int(T), gen, S).regret[..., 0] for T in H],
            axis=-1,
        )
    mean = reg.mean(axis=1).T
    sem = reg.std(axis=1, ddof=1).T / math.sqrt(S)
    runs = np.transpose(reg, (2, 0, 1))  # (H, G, S)
    return RegretSweep(H, np.asarray(gaps, dtype=float), mean, sem, S, runs)


def fit_loglog_slope(x: Any, y: Any) -> tuple[float, float]:
    """Least-squares fit of ``log y = slope · log x + intercept``; returns both."""
    xa = as_finite_array("x", x, ndim=1)
    ya = as_finite_array("y", y, ndim=1)
    if xa.shape != ya.shape or xa.size < 2:
        raise ValueError("x and y must have the same length, at least 2")
    if np.any(xa <= 0) or np.any(ya <= 0):
        raise ValueError("x and y must be positive for a log-log fit")
    slope, intercept = np.polyfit(np.log(xa), np.log(ya), 1)
    return float(slope), float(intercept)


@dataclass(frozen=True)
class SlopeEstimate:
    """A log–log slope with a bootstrap percentile interval (``level``, e.g. 0.95)."""

    slope: float
    low: float
    high: float
    level: float


def bootstrap_slope(
    x: Any, runs: Any, rng: Any, n_boot: int = 1000, level: float = 0.95,
    worst_over: bool = True,
) -> SlopeEstimate:
    """Slope of ``log(worst mean) ~ log x`` with a bootstrap interval over seeds.

    ``runs[h, g, s]``: the quantity (e.g. regret) of seed ``s`` for gap ``g`` at
    ``x[h]`` (with ``worst_over=False``, ``runs[h, s]``: no maximum over gaps). The
    point estimate fits the worst (over gaps) mean across seeds; each bootstrap
    replicate resamples the seeds with replacement — one seed index stands for all of
    its cells, so dependence across horizons of one run (anytime policies) is kept —
    recomputes the worst mean and refits. Percentile interval.
    """
    xa = as_finite_array("x", x, ndim=1)
    r = as_finite_array("runs", runs)
    if not worst_over:
        r = r[:, None, :]
    if r.ndim != 3 or r.shape[0] != xa.size:
        raise ValueError(f"runs must have shape ({xa.size}, gaps, seeds), got {r.shape}")
    B = as_positive_int("n_boot", n_boot, minimum=10)
    lvl = as_real("level", level, low=0, high=1, low_open=True, high_open=True)
    gen = as_generator("rng", rng)
    S = r.shape[2]
    logx = np.log(xa)
    point = fit_loglog_slope(xa, r.mean(axis=2).max(axis=1))[0]
    X = np.stack([logx, np.ones_like(logx)], axis=1)
    proj = np.linalg.pinv(X)[0]  # slope of a least-squares fit = proj @ log y
    slopes = np.empty(B)
    for start in range(0, B, 50):
        k = min(50, B - start)
        idx = gen.integers(0, S, size=(k, S))
        worst = r[:, :, idx].mean(axis=3).max(axis=1)  # (H, k)
        if np.any(worst <= 0):
            raise ValueError("runs must have a positive worst mean in every replicate")
        slopes[start:start + k] = proj @ np.log(worst)
    lo, hi = np.quantile(slopes, [(1 - lvl) / 2, (1 + lvl) / 2])
    return SlopeEstimate(float(point), float(lo), float(hi), lvl)
