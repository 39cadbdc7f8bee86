"""The realization stage: the committed scheme and policies, played for ``n`` rounds.

After the bargaining stage of Lin et al. (2025) nothing is decided any more: each
round a state is drawn from the prior, the committed scheme draws a
recommendation, and the receiver plays her committed policy — π1 (best-respond
to the posterior of the recommendation; she obeys a persuasive scheme, and obeys
when indifferent) or π0 (ignore the signal, play her best response to the
prior).  :func:`realization_stage` simulates this with a seeded generator and
compares the running means of the realized payoffs with their exact
expectations; the confidence band is ``expected ± z σ / √t`` with the exact
per-round standard deviation ``σ`` (normal approximation).  Split games have
deterministic payoffs (``σ = 0``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..validation import as_generator, as_positive_int
from .games import BargainingSet, SplitGame, bargaining_set
from .outcomes import induced_play, prior_action
from .polygon import Point

#: Receiver policies of the realization stage.
POLICIES = ("obey", "ignore")


@dataclass(frozen=True, eq=False)
class RealizationStage:
    """``rounds`` simulated rounds of a committed agreement.

    ``states``, ``signals`` (recommended action, ``-1`` under π0) and ``actions``
    are per round; ``payoffs`` has shape ``(rounds, 2)`` (sender, receiver);
    ``expected`` the exact expected payoffs per round and ``std`` the exact
    per-round standard deviations.
    """

    policy: str
    states: np.ndarray = field(repr=False)
    signals: np.ndarray = field(repr=False)
    actions: np.ndarray = field(repr=False)
    payoffs: np.ndarray = field(repr=False)
    expected: Point
    std: tuple[float, float]

    @property
    def rounds(self) -> int:
        return int(self.payoffs.shape[0])

    @property
    def empirical(self) -> tuple[float, float]:
        """Mean realized payoffs ``(sender, receiver)``."""
        means = self.payoffs.mean(axis=0)
        return float(means[0]), float(means[1])

    def running_means(self) -> np.ndarray:
        """Shape ``(rounds, 2)``: the mean of the first ``t`` rounds, ``t = 1..rounds``."""
        return np.cumsum(self.payoffs, axis=0) / np.arange(1, self.rounds + 1)[:, None]

    def band(self, level: float = 0.95) -> np.ndarray:
        """Half-widths ``z σ / √t`` of the confidence band, shape ``(rounds, 2)``."""
        if not 0 < level < 1:
            raise ValueError(f"level must lie in (0, 1), got {level!r}")
        z = math.sqrt(2.0) * _erfinv(level)
        t = np.arange(1, self.rounds + 1)[:, None]
        return z * np.array(self.std)[None, :] / np.sqrt(t)

    def within_band(self, level: float = 0.95) -> tuple[bool, bool]:
        """Whether the final means lie within the band around the expectation."""
        half = self.band(level)[-1]
        gap = np.abs(np.array(self.empirical) - np.array([float(v) for v in self.expected]))
        return bool(gap[0] <= half[0] + 1e-12), bool(gap[1] <= half[1] + 1e-12)


def _erfinv(level: float) -> float:
    """Inverse error function by bisection (enough for band widths)."""
    lo, hi = 0.0, 10.0
    for _ in range(80):
        mid = (lo + hi) / 2
        if math.erf(mid) < level:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def outcome_distribution(bset: BargainingSet, scheme: Any, policy: str
                         ) -> list[tuple[Fraction, int, int, int, Fraction, Fraction]]:
    """Exact joint distribution of one round: ``(probability, state, signal, action,
    sender payoff, receiver payoff)`` for every pair with positive probability."""
    instance = bset.source
    data = bset.outcomes.data
    T, n = data.n_states, data.n_actions
    rows = []
    if policy == "ignore":
        action = prior_action(instance, data)
        for t in range(T):
            if data.prior[t] > 0:
                rows.append((data.prior[t], t, -1, action, data.sender[t][action],
                             data.receiver[t][action]))
        return rows
    play = induced_play(instance, scheme, data)
    for t in range(T):
        for i in range(n):
            prob = data.prior[t] * Fraction(scheme[t][i])
            if prob > 0:
                a = play.actions[i]
                rows.append((prob, t, i, a, data.sender[t][a], data.receiver[t][a]))
    return rows


def realization_stage(game: Any, agreement: Any, rounds: int, rng: Any,
                      policy: str = "obey") -> RealizationStage:
    """Simulate ``rounds`` rounds of a committed agreement.

    ``game``: an instance, split game, :class:`BargainingGame` or bargaining set;
    ``agreement``: a direct scheme (``(T, n)``, rows exact distributions) for a
    persuasion game, a split ``x`` for a split game; ``policy``: ``"obey"`` (π1)
    or ``"ignore"`` (π0; the agreement is then irrelevant for persuasion games,
    and a split game pays the disagreement point); ``rng``: a seeded generator or
    an int seed.
    """
    bset = bargaining_set(game)
    rounds = as_positive_int("rounds", rounds)
    rng = as_generator("rng", rng)
    if policy not in POLICIES:
        raise ValueError(f"policy must be one of {POLICIES}, got {policy!r}")
    empty = np.full(rounds, -1, dtype=int)
    if isinstance(bset.source, SplitGame):
        point = bset.disagreement if policy == "ignore" else bset.source.payoffs(agreement)
        payoffs = np.tile([float(point[0]), float(point[1])], (rounds, 1))
        return RealizationStage(policy, empty, empty, empty, payoffs, point, (0.0, 0.0))
    if policy == "obey":
        scheme = [[Fraction(v) for v in row] for row in agreement]
        if len(scheme) != bset.source.n_states or any(
            len(row) != bset.source.n_actions or sum(row) != 1 or min(row) < 0 for row in scheme
        ):
            raise ValueError("agreement must be a direct scheme of shape (T, n) whose rows are "
                             "exact distributions")
    else:
        scheme = None
    rows = outcome_distribution(bset, scheme, policy)
    probs = np.array([float(r[0]) for r in rows])
    pick = rng.choice(len(rows), size=rounds, p=probs / probs.sum())
    table = np.array([[r[1], r[2], r[3]] for r in rows], dtype=int)
    values = np.array([[float(r[4]), float(r[5])] for r in rows])
    expected = (sum(r[0] * r[4] for r in rows), sum(r[0] * r[5] for r in rows))
    second = (sum(r[0] * r[4] ** 2 for r in rows), sum(r[0] * r[5] ** 2 for r in rows))
    std = tuple(math.sqrt(float(second[k] - expected[k] ** 2)) for k in range(2))
    return RealizationStage(policy, table[pick, 0], table[pick, 1], table[pick, 2],
                            values[pick], expected, std)
