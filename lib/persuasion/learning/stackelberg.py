"""Prompting as a repeated Stackelberg game with two decentralized learners.

Slides "prompting as a Stackelberg game" to "AI and learning: misaligned setting"
(Immorlica's talk; Donahue, Immorlica, Jagadeesan, Lucier and Slivkins, ICML 2024).
Each round the human (leader) picks a prompt ``a ∈ A``, the AI agent (follower) sees
``a`` and picks a response ``b ∈ B``; each observes only its own stochastic reward, with
means ``v^H[a, b]`` and ``v^AI[a, b]``. The human runs a bandit algorithm over ``A``, the
AI one over ``A × B`` (one bandit over ``B`` per prompt). The regret of player ``i`` with
respect to a benchmark ``α`` is ``R^{i,α} = α T − Σ_t r^i_{a_t b_t}``; here it is computed
as the pseudo-regret ``α T − Σ_t v^i[a_t, b_t]``.

Rewards are Bernoulli with the given means, so means must lie in ``[0, 1]``;
:func:`normalize` maps the slides' payoffs (from −1 to 10) there. Simulations are
vectorized across instances and seeds (arrays ``(runs, ...)``; the only loop is over
rounds); each round consumes a block ``(runs, 2)`` of uniforms (human's reward, AI's).

This module also holds the benchmarks of the slides: Stackelberg values, approximate best
responses ``B_ε(a)``, approximately optimal commitments ``A_ε`` and the relaxed
Stackelberg benchmarks, in exact arithmetic, and the two regret bounds of the aligned
setting as formulas.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np

from ..games.normal_form import NormalFormGame, stackelberg_equilibrium
from ..rational import exact_array, to_fraction
from ..validation import (
    as_choice,
    as_finite_array,
    as_generator,
    as_positive_int,
    as_real,
    as_real_array,
)
from .bandits import as_checkpoints

__all__ = [
    "PROMPTING_HUMAN",
    "PROMPTING_AI",
    "prompting_game",
    "misaligned_payoffs",
    "normalize",
    "stackelberg_values",
    "approximate_best_responses",
    "approximately_optimal_commitments",
    "relaxed_benchmarks",
    "RelaxedBenchmarks",
    "anytime_ucb_regret",
    "etc_regret_bound",
    "ra_ucb_regret_bound",
    "LeaderPolicy",
    "FollowerPolicy",
    "LeaderETC",
    "LeaderUCB1",
    "RegretAdjustedUCB",
    "ExploreTwiceThenCommit",
    "FollowerUCB",
    "FollowerETC",
    "FollowerRegretAdjustedUCB",
    "RepeatedRun",
    "simulate_repeated",
    "MisalignedSweep",
    "misaligned_sweep",
]

#: The slides' prompting game: human (leader) payoffs, prompts a1, a2 × responses b1..b3.
#: The infeasible transcripts (× on the later slides) carry the (−1, −1) of the first table.
PROMPTING_HUMAN = ((10, 5, -1), (-1, -1, 8))
#: The AI's (follower's) payoffs in the same table.
PROMPTING_AI = ((9, 8, -1), (-1, -1, 10))


def prompting_game() -> NormalFormGame:
    """The slides' 2×3 Stackelberg game ((10,9), (5,8), (−1,−1) / (−1,−1), (−1,−1), (8,10)),
    human = row player (leader), AI = column player (follower)."""
    return NormalFormGame(PROMPTING_HUMAN, PROMPTING_AI, ("a1", "a2"), ("b1", "b2", "b3"))


def misaligned_payoffs(delta: Any, state: Literal[1, 2]) -> tuple[np.ndarray, np.ndarray]:
    """The slides' two-state misaligned instance, exactly (object arrays of Fractions).

    Human: (10, 5, ×) / (×, ×, 8). AI in state ω1: (9 + δ, 9 − δ, ×) / (×, ×, 10); in ω2
    the AI's payoffs of b1 and b2 are swapped. × (an infeasible transcript) is given the
    payoff −1 for both, as in the slides' first Stackelberg table.
    """
    as_real("delta", delta, low=0, high=1, high_open=True)
    d = to_fraction(delta)
    as_choice("state", state, (1, 2))
    hi, lo = (9 + d, 9 - d) if state == 1 else (9 - d, 9 + d)
    human = exact_array("human", [[10, 5, -1], [-1, -1, 8]])
    ai = exact_array("ai", [[hi, lo, Fraction(-1)], [Fraction(-1), Fraction(-1), Fraction(10)]])
    return human, ai


def normalize(payoffs: Any, low: Any = -1, high: Any = 10) -> np.ndarray:
    """Map payoffs affinely from ``[low, high]`` to ``[0, 1]`` (Bernoulli means); exact
    when given Fractions. Payoffs outside the range raise ``ValueError``."""
    arr = exact_array("payoffs", payoffs)
    as_real("low", low)
    as_real("high", high)
    lo, hi = to_fraction(low), to_fraction(high)
    if not hi > lo:
        raise ValueError("high must exceed low")
    if any(v < lo or v > hi for v in arr.ravel()):
        raise ValueError(f"payoffs must lie in [{lo}, {hi}]")
    return (arr - lo) / (hi - lo)


# --------------------------------------------------------------------------- benchmarks


def _pair(human: Any, ai: Any) -> tuple[np.ndarray, np.ndarray]:
    h = exact_array("human", human)
    a = exact_array("ai", ai)
    if h.ndim != 2:
        raise ValueError(f"human must have 2 dimensions, got shape {h.shape}")
    if a.shape != h.shape:
        raise ValueError(f"ai must have the shape of human {h.shape}, got {a.shape}")
    if h.size == 0:
        raise ValueError("human must not be empty")
    return h, a


def stackelberg_values(human: Any, ai: Any) -> tuple[Fraction, Fraction]:
    """Payoffs (human, AI) in the Stackelberg equilibrium of the stage game: the human
    commits to a prompt, the AI best-responds (ties broken in the human's favour)."""
    h, a = _pair(human, ai)
    se = stackelberg_equilibrium(NormalFormGame(h, a), leader="row", tie_break="leader")
    return se.leader_payoff, se.follower_payoff


def approximate_best_responses(ai: Any, eps: Any) -> tuple[tuple[int, ...], ...]:
    """``B_ε(a) = {b : v^AI[a, b] ≥ max_b' v^AI[a, b'] − ε}`` for every prompt ``a``."""
    a = exact_array("ai", ai)
    if a.ndim != 2:
        raise ValueError(f"ai must have 2 dimensions, got shape {a.shape}")
    as_real("eps", eps, low=0)
    e = to_fraction(eps)
    return tuple(tuple(b for b in range(a.shape[1]) if a[r, b] >= max(a[r]) - e)
                 for r in range(a.shape[0]))


def _pessimistic(h: np.ndarray, br: tuple[tuple[int, ...], ...]) -> list[Fraction]:
    return [min(h[r, b] for b in br[r]) for r in range(h.shape[0])]


def approximately_optimal_commitments(
    human: Any, ai: Any, eps: Any, reading: Literal["max", "min"] = "max"
) -> tuple[int, ...]:
    """``A_ε``: prompts that are approximately optimal when the AI best-responds only
    approximately.

    ``reading="max"`` (the slide as printed): ``a ∈ A_ε`` iff
    ``max_{b ∈ B_ε(a)} v^H[a, b] ≥ max_{a'} min_{b' ∈ B_ε(a')} v^H[a', b'] − ε`` — some
    approximate response makes ``a`` as good as the best pessimistic commitment.
    ``reading="min"`` uses ``min`` on the left (only commitments that are good against
    every approximate response). The slides' right-hand side shows ``v^{AI}``; it must be
    the human's pessimistic value ``v^H`` (the definition is about the human's
    commitment), which is what is implemented.
    """
    h, a = _pair(human, ai)
    as_choice("reading", reading, ("max", "min"))
    as_real("eps", eps, low=0)
    e = to_fraction(eps)
    br = approximate_best_responses(a, e)
    target = max(_pessimistic(h, br)) - e
    pick = max if reading == "max" else min
    return tuple(r for r in range(h.shape[0]) if pick(h[r, b] for b in br[r]) >= target)


@dataclass(frozen=True)
class RelaxedBenchmarks:
    """The relaxed Stackelberg benchmarks and the ε attaining each infimum."""

    human: Fraction
    ai: Fraction
    human_eps: Fraction
    ai_eps: Fraction


def relaxed_benchmarks(
    human: Any, ai: Any, reading: Literal["max", "min"] = "max"
) -> RelaxedBenchmarks:
    """The slides' relaxed Stackelberg benchmarks, exactly.

    Human: ``inf_ε ( max_a min_{b ∈ B_ε(a)} v^H[a, b] + ε )``;
    AI: ``inf_ε ( min_{a ∈ A_ε} max_b v^AI[a, b] + ε )``.
    Both objectives are piecewise constant in ε plus ε, with pieces closed on the left,
    so each infimum is a minimum over the finitely many places where ``B_ε`` or ``A_ε``
    change (the AI's gaps ``max_b' v^AI[a, b'] − v^AI[a, b]`` and the thresholds at which
    a prompt enters ``A_ε``), together with ``ε = 0``.
    """
    h, a = _pair(human, ai)
    as_choice("reading", reading, ("max", "min"))
    gaps = sorted({max(a[r]) - a[r, b] for r in range(a.shape[0]) for b in range(a.shape[1])}
                  | {Fraction(0)})
    candidates = set(gaps)
    pick = max if reading == "max" else min
    for k, g in enumerate(gaps):
        nxt = gaps[k + 1] if k + 1 < len(gaps) else None
        br = approximate_best_responses(a, g)
        opt = max(_pessimistic(h, br))
        for r in range(h.shape[0]):
            thr = opt - pick(h[r, b] for b in br[r])
            if thr >= g and (nxt is None or thr < nxt):
                candidates.add(thr)

    def human_obj(e: Fraction) -> Fraction:
        return max(_pessimistic(h, approximate_best_responses(a, e))) + e

    def ai_obj(e: Fraction) -> Fraction:
        commits = approximately_optimal_commitments(h, a, e, reading)
        return min(max(a[r]) for r in commits) + e

    eps = sorted(candidates)
    hv = [human_obj(e) for e in eps]
    av = [ai_obj(e) for e in eps]
    ih, ia = hv.index(min(hv)), av.index(min(av))
    return RelaxedBenchmarks(hv[ih], av[ia], eps[ih], eps[ia])


# --------------------------------------------------------------------------- regret bounds


def anytime_ucb_regret(t: Any, delta: Any, n_arms: int) -> np.ndarray:
    """Anytime high-probability regret bound of :class:`FollowerUCB` with confidence ``δ``
    on one ``K``-armed bandit with rewards in ``[0, 1]``:
    ``R(t, δ) = min(t, K + sqrt(2 K t log(π² K t² / (3 δ))))``.

    Derivation (for this book): with radius ``sqrt(β(n) / (2n))``, ``β(n) =
    log(π² K n² / (3δ))``, Hoeffding and a union bound over arms and sample sizes give,
    with probability ``1 − δ``, every empirical mean within its radius at all times; then
    an arm with gap ``Δ`` is pulled at most ``1 + 2β(t)/Δ²`` times, and Cauchy–Schwarz
    over arms gives the bound. It grows like ``Õ(√t)``.
    """
    tt = as_real_array("t", t, low=0)
    d = as_real_array("delta", delta, low=0, high=1, low_open=True, high_open=True)
    K = as_positive_int("n_arms", n_arms)
    safe = np.maximum(tt, 1.0)
    bound = K + np.sqrt(2 * K * safe * np.log(math.pi**2 * K * safe**2 / (3 * d)))
    return np.minimum(tt, bound)


def etc_regret_bound(
    horizon: int, n_explore: Any, n_prompts: int, delta: float,
    regret: Callable[[Any, float], Any],
) -> np.ndarray:
    """The slides' bound for a human running explore-then-commit with parameter ``N``
    against an AI with anytime regret ``R(t, δ)`` (aligned setting): with probability at
    least ``1 − δ`` the human's regret is at most
    ``N K + T (R(N, δ/8T)/N + 2 sqrt(2 log(8T/δ)/N)) + K R(T/K, 4δ/T)``."""
    T = as_positive_int("horizon", horizon)
    K = as_positive_int("n_prompts", n_prompts)
    delta = _confidence("delta", delta)
    _regret_function(regret)
    N = np.asarray(as_finite_array("n_explore", n_explore), dtype=float)
    if np.any(N < 1):
        raise ValueError("n_explore must be at least 1")
    return (
        N * K
        + T * (
            np.asarray(regret(N, delta / (8 * T))) / N
            + 2 * np.sqrt(2 * np.log(8 * T / delta) / N)
        )
        + K * np.asarray(regret(T / K, 4 * delta / T))
    )


def ra_ucb_regret_bound(
    horizon: Any, n_prompts: int, delta: float, regret: Callable[[Any, float], Any]
) -> np.ndarray:
    """The slides' bound for a human running regret-adjusted UCB (aligned setting): with
    probability at least ``1 − δ`` the regret is at most
    ``2 sqrt(2 T log(8T²/δ)) + 2 K R(T/K, δ/8T²)`` — ``Õ(√T)`` when ``R`` is."""
    T = np.asarray(as_finite_array("horizon", horizon), dtype=float)
    if np.any(T < 1):
        raise ValueError("horizon must be at least 1")
    K = as_positive_int("n_prompts", n_prompts)
    delta = _confidence("delta", delta)
    _regret_function(regret)
    return 2 * np.sqrt(2 * T * np.log(8 * T**2 / delta)) + 2 * K * np.asarray(
        regret(T / K, delta / (8 * T**2))
    )


def _confidence(name: str, value: Any) -> float:
    """A confidence level in the open interval (0, 1) (validation layer)."""
    return as_real(name, value, low=0, high=1, low_open=True, high_open=True)


def _regret_function(regret: Any) -> Callable[[Any, float], Any]:
    """The AI's anytime regret bound ``R(t, δ)``: a callable, vectorized in ``t``."""
    if not callable(regret):
        raise ValueError(f"regret must be a callable R(t, delta), got {regret!r}")
    return regret


# --------------------------------------------------------------------------- learners


class LeaderPolicy:
    """Base class of the human's (leader's) vectorized learners over prompts ``A``.

    ``counts``, ``sums`` and ``means`` (shape ``(R, |A|)``) hold the human's own
    statistics (the ones the learner uses; EETC keeps only its second phase)."""

    name = "leader"

    def start(self, n_runs: int, n_prompts: int, horizon: int) -> None:
        """Prepare ``n_runs`` runs with ``n_prompts`` prompts and horizon ``T``."""
        self.K = n_prompts
        self.T = horizon
        self.counts = np.zeros((n_runs, n_prompts), dtype=np.int64)
        self.sums = np.zeros((n_runs, n_prompts))
        self.means = np.zeros((n_runs, n_prompts))
        self._base = np.arange(n_runs) * n_prompts

    def choose(self, t: int) -> np.ndarray:
        """Prompt of each run at round ``t`` (1-based)."""
        raise NotImplementedError

    def update(self, t: int, prompts: np.ndarray, rewards: np.ndarray) -> None:
        """Observe the human's own rewards."""
        flat = self._base + prompts
        cf, sf, mf = self.counts.reshape(-1), self.sums.reshape(-1), self.means.reshape(-1)
        n = cf[flat] + 1
        s = sf[flat] + rewards
        cf[flat] = n
        sf[flat] = s
        mf[flat] = s / n

    def frozen(self, t: int) -> np.ndarray | None:
        """The prompt every run will play from round ``t`` on, whatever happens, or None."""
        return None


class LeaderETC(LeaderPolicy):
    """Explore-then-commit with parameter ``N`` (slides): play each prompt ``N`` times
    round-robin, then commit to the prompt with the highest empirical mean (lowest index
    on ties) for the remaining ``T − K N`` rounds."""

    name = "explore-then-commit"

    def __init__(self, n_explore: int) -> None:
        self.N = as_positive_int("n_explore", n_explore)

    def start(self, n_runs: int, n_prompts: int, horizon: int) -> None:
        super().start(n_runs, n_prompts, horizon)
        if self.N * n_prompts > horizon:
            raise ValueError(f"n_explore must satisfy K*N <= T, got N={self.N}")
        self.end = self.N * n_prompts
        self.committed = np.zeros(n_runs, dtype=np.int64)

    def choose(self, t: int) -> np.ndarray:
        if t <= self.end:
            return np.full(self.counts.shape[0], (t - 1) % self.K, dtype=np.int64)
        if t == self.end + 1:
            self.committed = np.argmax(self.means, axis=1)
        return self.committed

    def frozen(self, t: int) -> np.ndarray | None:
        return self.committed if t > self.end + 1 else None


class LeaderUCB1(LeaderPolicy):
    """A standard learner for the human: UCB1 over prompts (``μ̂_a + sqrt(2 ln(t−1)/n_a)``)
    that ignores that the AI is learning too."""

    name = "UCB1"

    def start(self, n_runs: int, n_prompts: int, horizon: int) -> None:
        super().start(n_runs, n_prompts, horizon)
        n = np.arange(horizon + 1, dtype=float)
        self._inv_sqrt = 1.0 / np.sqrt(np.maximum(n, 1.0))

    def choose(self, t: int) -> np.ndarray:
        if t <= self.K:
            return np.full(self.counts.shape[0], t - 1, dtype=np.int64)
        index = self.means + math.sqrt(2 * math.log(t - 1)) * self._inv_sqrt[self.counts]
        return np.argmax(index, axis=1)


class RegretAdjustedUCB(LeaderPolicy):
    """The slides' regret-adjusted UCB for the human: play each prompt once, then the
    prompt maximizing ``μ̂_a + sqrt(2 log(2T²/δ)/T_a) + R(T_a, δ/2T²)/T_a``, where ``R`` is
    the AI's anytime regret bound (a callable ``R(t, δ)``, vectorized in ``t``)."""

    name = "regret-adjusted UCB"

    def __init__(self, delta: float, regret: Callable[[Any, float], Any]) -> None:
        self.delta = _confidence("delta", delta)
        self.regret = _regret_function(regret)

    def start(self, n_runs: int, n_prompts: int, horizon: int) -> None:
        super().start(n_runs, n_prompts, horizon)
        n = np.arange(1, horizon + 1, dtype=float)
        conf = np.sqrt(2 * math.log(2 * horizon**2 / self.delta) / n)
        adjust = np.asarray(self.regret(n, self.delta / (2 * horizon**2)), dtype=float) / n
        self._bonus = np.concatenate([[np.inf], conf + adjust])  # indexed by T_a

    def choose(self, t: int) -> np.ndarray:
        if t <= self.K:
            return np.full(self.counts.shape[0], t - 1, dtype=np.int64)
        return np.argmax(self.means + self._bonus[self.counts], axis=1)


class ExploreTwiceThenCommit(LeaderETC):
    """The slides' EETC(N1, N2): phase 1 plays the prompts round-robin ``N1`` times each
    (those samples are thrown away), phase 2 round-robin ``N2`` times each, phase 3
    commits to the prompt with the highest phase-2 empirical mean (lowest index on ties).
    It is :class:`LeaderETC` with ``K (N1 + N2)`` exploration rounds whose first
    ``K N1`` are not counted.

    Reading: the slides say "for N1 steps"; here ``N1`` and ``N2`` count plays *per
    prompt*, so that with ``EETC(N|B|, N)`` every prompt is played ``N|B|`` times in
    phase 1 — exactly what an AI exploring each response ``N`` times needs.
    """

    name = "explore twice then commit"

    def __init__(self, n_first: int, n_second: int) -> None:
        self.N1 = as_positive_int("n_first", n_first)
        self.N2 = as_positive_int("n_second", n_second)

    def start(self, n_runs: int, n_prompts: int, horizon: int) -> None:
        LeaderPolicy.start(self, n_runs, n_prompts, horizon)
        self.end1 = self.N1 * n_prompts
        self.end = self.end1 + self.N2 * n_prompts
        if self.end > horizon:
            raise ValueError(f"EETC needs K*(N1+N2) <= T, got {self.end} > {horizon}")
        self.committed = np.zeros(n_runs, dtype=np.int64)

    def update(self, t: int, prompts: np.ndarray, rewards: np.ndarray) -> None:
        if self.end1 < t <= self.end:  # only phase 2 counts
            super().update(t, prompts, rewards)


class FollowerPolicy:
    """Base class of the AI's vectorized learners: one bandit over responses per prompt.

    Statistics are kept in flat arrays indexed by ``(run, prompt, response)``.
    """

    name = "follower"

    def start(self, n_runs: int, n_prompts: int, n_responses: int, horizon: int) -> None:
        """Prepare the per-prompt statistics of ``n_runs`` runs."""
        self.KA, self.KB = n_prompts, n_responses
        size = n_runs * n_prompts * n_responses
        self.counts = np.zeros(size, dtype=np.int64)
        self.sums = np.zeros(size)
        self.means = np.zeros(size)
        self.plays = np.zeros(n_runs * n_prompts, dtype=np.int64)
        self._row = np.arange(n_runs) * n_prompts
        self._cols = np.arange(n_responses)

    def _rows(self, prompts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Index of (run, prompt) and the flat indices of its responses, ``(R, |B|)``."""
        rp = self._row + prompts
        return rp, (rp * self.KB)[:, None] + self._cols[None, :]

    def choose(self, t: int, prompts: np.ndarray) -> np.ndarray:
        """Response of each run to its prompt at round ``t``."""
        raise NotImplementedError

    def update(
        self, t: int, prompts: np.ndarray, responses: np.ndarray, rewards: np.ndarray
    ) -> None:
        """Observe the AI's own rewards."""
        rp = self._row + prompts
        flat = rp * self.KB + responses
        n = self.counts[flat] + 1
        s = self.sums[flat] + rewards
        self.counts[flat] = n
        self.sums[flat] = s
        self.means[flat] = s / n
        self.plays[rp] += 1

    def frozen(self, prompts: np.ndarray) -> np.ndarray | None:
        """The response every run will give to ``prompts`` from now on, or None."""
        return None

    def counts_of(self, prompts: np.ndarray) -> np.ndarray:
        """Pulls of each response for the given prompts, shape ``(R, |B|)``."""
        return self.counts[self._rows(prompts)[1]]


class FollowerUCB(FollowerPolicy):
    """UCB for the AI, one bandit per prompt. With ``delta=None`` it is UCB1 (radius
    ``sqrt(2 ln n_a / n_ab)``, ``n_a`` = plays of the prompt so far); with a ``delta`` it
    uses the radius ``sqrt(log(π² K n² / (3δ)) / (2n))`` whose anytime regret bound is
    :func:`anytime_ucb_regret`. Untried responses first (lowest index)."""

    name = "UCB"

    def __init__(self, delta: float | None = None) -> None:
        self.delta = None if delta is None else _confidence("delta", delta)

    def start(self, n_runs: int, n_prompts: int, n_responses: int, horizon: int) -> None:
        super().start(n_runs, n_prompts, n_responses, horizon)
        n = np.arange(horizon + 1, dtype=float)
        safe = np.maximum(n, 1.0)
        if self.delta is None:
            # index = mean + sqrt(2 ln n_a) * n_ab^{-1/2}
            self._inv_sqrt = np.where(n > 0, 1.0 / np.sqrt(safe), np.inf)
            self._log_term = np.sqrt(2 * np.log(np.maximum(n, 2.0)))
        else:
            beta = np.log(math.pi**2 * n_responses * safe**2 / (3 * self.delta))
            self._radius = np.where(n > 0, np.sqrt(beta / (2 * safe)), np.inf)

    def choose(self, t: int, prompts: np.ndarray) -> np.ndarray:
        rp, idx = self._rows(prompts)
        n = self.counts[idx]
        if self.delta is None:
            index = self.means[idx] + self._log_term[self.plays[rp]][:, None] * self._inv_sqrt[n]
        else:
            index = self.means[idx] + self._radius[n]
        if self.KB == 3:  # argmax over three columns, lowest index on ties
            c0, c1, c2 = index[:, 0], index[:, 1], index[:, 2]
            first = c1 > c0
            best = np.where(first, c1, c0)
            return np.where(c2 > best, 2, first.astype(np.int64))
        return np.argmax(index, axis=1)


class FollowerRegretAdjustedUCB(FollowerPolicy):
    """The slides' regret-adjusted UCB run by the AI instead of the human (our reading).

    The slides note that "if the follower uses a regret-adjusted UCB algorithm, [the pair]
    can still get Õ(√T) even if the leader does not", without defining it. Read here: for
    the prompt ``a`` it is shown, the AI answers with the response maximizing the index
    of :class:`RegretAdjustedUCB` over its own arms ``(a, b)``,
    ``μ̂_ab + sqrt(2 log(2T²/δ)/n_ab) + R(n_ab, δ/2T²)/n_ab`` (untried responses first,
    lowest index on ties), where ``R`` is the anytime regret bound of the learner the
    *human* runs. Whether the pair then gets ``Õ(√T)`` is checked by simulation in the
    chapter, not proved.
    """

    name = "regret-adjusted UCB (AI)"

    def __init__(self, delta: float, regret: Callable[[Any, float], Any]) -> None:
        self.delta = _confidence("delta", delta)
        self.regret = _regret_function(regret)

    def start(self, n_runs: int, n_prompts: int, n_responses: int, horizon: int) -> None:
        super().start(n_runs, n_prompts, n_responses, horizon)
        n = np.arange(1, horizon + 1, dtype=float)
        conf = np.sqrt(2 * math.log(2 * horizon**2 / self.delta) / n)
        adjust = np.asarray(self.regret(n, self.delta / (2 * horizon**2)), dtype=float) / n
        self._bonus = np.concatenate([[np.inf], conf + adjust])

    def choose(self, t: int, prompts: np.ndarray) -> np.ndarray:
        _, idx = self._rows(prompts)
        return np.argmax(self.means[idx] + self._bonus[self.counts[idx]], axis=1)


class FollowerETC(FollowerPolicy):
    """Explore-then-commit for the AI, per prompt: the first ``N |B|`` times a prompt is
    played, cycle through the responses (each ``N`` times); afterwards always give the
    response with the highest empirical mean for that prompt (lowest index on ties)."""

    name = "explore-then-commit"

    def __init__(self, n_explore: int) -> None:
        self.N = as_positive_int("n_explore", n_explore)

    def start(self, n_runs: int, n_prompts: int, n_responses: int, horizon: int) -> None:
        super().start(n_runs, n_prompts, n_responses, horizon)
        self.committed = np.full(n_runs * n_prompts, -1, dtype=np.int64)

    def choose(self, t: int, prompts: np.ndarray) -> np.ndarray:
        rp = self._row + prompts
        plays = self.plays[rp]
        exploring = plays < self.N * self.KB
        done = ~exploring & (self.committed[rp] < 0)
        if done.any():
            rows = rp[done]
            idx = (rows * self.KB)[:, None] + self._cols[None, :]
            self.committed[rows] = np.argmax(self.means[idx], axis=1)
        return np.where(exploring, plays % self.KB, self.committed[rp])

    def frozen(self, prompts: np.ndarray) -> np.ndarray | None:
        c = self.committed[self._row + prompts]
        return c if np.all(c >= 0) else None


# --------------------------------------------------------------------------- simulation


@dataclass(frozen=True, eq=False)
class RepeatedRun:
    """Result of :func:`simulate_repeated`. Leading axes ``(n_instances, n_seeds)`` when
    the payoffs were batched, else ``(n_seeds,)``.

    ``human_value[..., k]`` and ``ai_value[..., k]``: cumulative mean payoffs
    ``Σ_{t ≤ checkpoints[k]} v[a_t, b_t]`` (normalized units); ``plays[..., a, b]``:
    number of rounds with transcript ``(a, b)``.
    """

    checkpoints: np.ndarray
    human_value: np.ndarray
    ai_value: np.ndarray
    plays: np.ndarray

    def regret(self, player: Literal["human", "ai"], benchmark: Any) -> np.ndarray:
        """Pseudo-regret ``α t − Σ_{s ≤ t} v[a_s, b_s]`` at each checkpoint; ``benchmark``
        is a scalar or one value per instance (broadcast over seeds)."""
        as_choice("player", player, ("human", "ai"))
        value = self.human_value if player == "human" else self.ai_value
        alpha = np.asarray(benchmark, dtype=float)
        if alpha.ndim == 1:
            alpha = alpha[:, None, None]
        return alpha * self.checkpoints - value


def simulate_repeated(
    leader: LeaderPolicy,
    follower: FollowerPolicy,
    human: Any,
    ai: Any,
    horizon: int,
    rng: Any,
    n_seeds: int = 1,
    checkpoints: Any = None,
) -> RepeatedRun:
    """Simulate the repeated prompting game, vectorized across instances and seeds.

    ``human`` and ``ai``: mean rewards in ``[0, 1]``, shape ``(|A|, |B|)`` or batched
    ``(n_instances, |A|, |B|)``. Each round: the human's learner picks ``a``, the AI's
    learner picks ``b`` knowing ``a``, each draws its own Bernoulli reward and updates.
    Once both learners are frozen (committed for good), the remaining rounds are added
    in closed form (pseudo-regret needs only the means). Malformed input (mismatched
    shapes, means outside ``[0, 1]``, ``T ≤ 0``) raises ``ValueError``.
    """
    if not isinstance(leader, LeaderPolicy):
        raise ValueError(f"leader must be an instance of a LeaderPolicy such as LeaderUCB1(), "
                         f"got {leader!r}")
    if not isinstance(follower, FollowerPolicy):
        raise ValueError(f"follower must be an instance of a FollowerPolicy such as "
                         f"FollowerUCB(), got {follower!r}")
    T = as_positive_int("horizon", horizon)
    S = as_positive_int("n_seeds", n_seeds)
    gen = as_generator("rng", rng)
    h = as_finite_array("human", human)
    a = as_finite_array("ai", ai)
    if h.ndim not in (2, 3):
        raise ValueError(f"human must have 2 or 3 dimensions, got shape {h.shape}")
    if a.shape != h.shape:
        raise ValueError(f"ai must have the shape of human {h.shape}, got {a.shape}")
    for name, arr in (("human", h), ("ai", a)):
        if np.any((arr < 0) | (arr > 1)):
            raise ValueError(f"{name} means must lie in [0, 1] (use normalize)")
    batched = h.ndim == 3
    h3 = h if batched else h[None]
    a3 = a if batched else a[None]
    n_inst, KA, KB = h3.shape
    if KA < 1 or KB < 1:
        raise ValueError("human must have at least one prompt and one response")
    R = n_inst * S
    vh = np.repeat(h3.reshape(n_inst, -1), S, axis=0).ravel()
    va = np.repeat(a3.reshape(n_inst, -1), S, axis=0).ravel()
    cp = as_checkpoints(checkpoints, T)
    leader.start(R, KA, T)
    follower.start(R, KA, KB, T)
    base = np.arange(R) * KA * KB
    cum_h = np.zeros(R)
    cum_a = np.zeros(R)
    plays = np.zeros(R * KA * KB)
    out_h = np.zeros((R, len(cp)))
    out_a = np.zeros((R, len(cp)))
    k = 0
    t = 1
    chunk = max(1, (1 << 20) // (2 * R))
    while t <= T:
        block = gen.random((min(chunk, T - t + 1), R, 2))
        for u in block:
            fa = leader.frozen(t)
            if fa is not None:
                fb = follower.frozen(fa)
                if fb is not None:  # both committed for good: finish in closed form
                    flat = base + fa * KB + fb
                    while k < len(cp):
                        out_h[:, k] = cum_h + (cp[k] - t + 1) * vh[flat]
                        out_a[:, k] = cum_a + (cp[k] - t + 1) * va[flat]
                        k += 1
                    np.add.at(plays, flat, T - t + 1)
                    t = T + 1
                    break
            prompts = leader.choose(t)
            responses = follower.choose(t, prompts)
            flat = base + prompts * KB + responses
            mh, ma = vh[flat], va[flat]
            leader.update(t, prompts, u[:, 0] < mh)
            follower.update(t, prompts, responses, u[:, 1] < ma)
            cum_h += mh
            cum_a += ma
            plays[flat] += 1.0
            if k < len(cp) and t == cp[k]:
                out_h[:, k] = cum_h
                out_a[:, k] = cum_a
                k += 1
            t += 1
    lead = (n_inst, S) if batched else (S,)
    return RepeatedRun(
        checkpoints=cp,
        human_value=out_h.reshape(*lead, len(cp)),
        ai_value=out_a.reshape(*lead, len(cp)),
        plays=plays.reshape(*lead, KA, KB),
    )


# --------------------------------------------------------------------------- δ_T experiments


@dataclass(frozen=True, eq=False)
class MisalignedSweep:
    """Result of :func:`misaligned_sweep`: for each horizon ``T`` (rows) the
    misalignment ``δ_T``, and, in slide units per round, the mean (over seeds) regret
    against the Stackelberg value, ``per_round[h, player, state]`` with player 0 = human,
    1 = AI and state 0 = ω1, 1 = ω2, its standard error ``sem``, and ``worst[h]``, the
    largest of the four. ``a1_share[h, state]``: fraction of rounds in which the human
    prompts ``a1``; ``b1_share[h, state]``: fraction of the AI's answers to ``a1`` that
    are ``b1``."""

    horizons: np.ndarray
    deltas: np.ndarray
    per_round: np.ndarray
    sem: np.ndarray
    worst: np.ndarray
    a1_share: np.ndarray
    b1_share: np.ndarray


def misaligned_sweep(
    make_leader: Callable[[int], LeaderPolicy],
    make_follower: Callable[[int], FollowerPolicy],
    horizons: Any,
    scale: Any,
    n_seeds: int,
    rng: Any,
) -> MisalignedSweep:
    """The slides' two-state misaligned instance with ``δ_T = scale / √T``, both states.

    For each horizon ``T`` the payoffs of :func:`misaligned_payoffs` with ``δ_T`` (read
    exactly through its shortest decimal) are normalized, both states are simulated at
    once with the learners ``make_leader(T)``, ``make_follower(T)`` (``n_seeds`` runs
    each), and each player's regret against its Stackelberg value in each state is
    reported per round, in slide units. The linear-regret theorem says that
    ``max over {human, AI} × {ω1, ω2}`` of regret/T cannot vanish for every pair of
    low-regret learners when ``δ_T → 0`` like this.
    """
    H = as_real_array("horizons", horizons, ndim=1, low=1)
    if H.size == 0 or np.any(H != np.round(H)):
        raise ValueError("horizons must be a non-empty list of integers")
    c = as_real("scale", scale, low=0, low_open=True)
    S = as_positive_int("n_seeds", n_seeds, minimum=2)
    gen = as_generator("rng", rng)
    if not callable(make_leader) or not callable(make_follower):
        raise ValueError("make_leader and make_follower must be callables of the horizon")
    rows = []
    for T in H.astype(int):
        d = min(c / math.sqrt(T), 0.5)
        hs, as_, se = [], [], []
        for state in (1, 2):
            h, a = misaligned_payoffs(d, state)
            hs.append(normalize(h).astype(float))
            as_.append(normalize(a).astype(float))
            se.append([(float(v) + 1) / 11 for v in stackelberg_values(h, a)])
        se_arr = np.array(se)  # (state, player)
        run = simulate_repeated(make_leader(int(T)), make_follower(int(T)), np.array(hs),
                                np.array(as_), int(T), gen, n_seeds=S)
        reg = np.stack([run.regret("human", se_arr[:, 0])[..., 0],
                        run.regret("ai", se_arr[:, 1])[..., 0]])  # (player, state, seed)
        per = 11 * reg / T
        plays = run.plays  # (state, seed, A, B)
        a1 = plays[:, :, 0, :].sum(axis=2) / T
        b1 = plays[:, :, 0, 0].sum(axis=1) / np.maximum(plays[:, :, 0, :].sum(axis=(1, 2)), 1)
        rows.append((d, per.mean(axis=2), per.std(axis=2, ddof=1) / math.sqrt(S),
                     a1.mean(axis=1), b1))
    per_round = np.array([r[1] for r in rows])
    return MisalignedSweep(
        horizons=H.astype(np.int64),
        deltas=np.array([r[0] for r in rows]),
        per_round=per_round,
        sem=np.array([r[2] for r in rows]),
        worst=per_round.reshape(len(rows), -1).max(axis=1),
        a1_share=np.array([r[3] for r in rows]),
        b1_share=np.array([r[4] for r in rows]),
    )
