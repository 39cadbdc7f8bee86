"""Quantal (noisy) bargaining agents: logit quantal response, agent QRE by backward induction.

A boundedly rational agent chooses better options more often but not always
(McKelvey and Palfrey's quantal response). With temperature ``λ > 0``:

- a responder to offer ``k`` accepts with probability ``σ((u − C_k)/λ)``, where ``u`` is
  her payoff from the deal, ``C_k`` what rejecting is worth to her and σ the logistic
  function;
- a proposer picks each proposal ``p`` of a finite grid with probability proportional to
  ``exp(EU_k(p)/λ)``, where ``EU_k(p) = a_k(p) u(p) + (1 − a_k(p)) C_k`` is her expected
  payoff given the responder's acceptance probability ``a_k(p)``.

The *agent* quantal response equilibrium is computed by backward induction over the
offers: ``C_T = d`` (a rejected last offer ends at the disagreement point),
``C_k = δ V_{k+1} + (1 − δ) d``, and ``V_k`` is the expected payoff pair of offer ``k``
under the two rules above. The proposal grid: for a split game ``x`` on ``grid + 1``
equally spaced points; for a persuasion game with two states and two actions every
scheme ``(x1, x2)`` with ``x1 ≤ x2`` on the lattice of step ``1/grid`` — persuasive or
not, so a noisy proposer can offer schemes the receiver would not follow (``x1 ≤ x2``
is the public code's labelling convention: without it every scheme would have a
relabelled twin, non-persuasive and worth the same once the receiver best-responds to
her posteriors) — and for larger games
``grid + 1`` points along each edge of the Pareto frontier with their schemes. The
payoffs of each proposal are the engine's exact deal values
(:func:`persuasion.bargaining.agents.deal_of`).

As ``λ → 0`` the agent approaches :class:`~persuasion.bargaining.agents.RationalAgent`:
responses become best responses (a proposal exactly at a responder's indifference
point is accepted with probability 1/2, so the proposer's limit is the best grid
point strictly above it: within one grid step of the subgame-perfect proposal).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
from scipy.special import expit, logsumexp

from ..validation import as_generator, as_positive_int
from .agents import GameView, Proposal, Response, deal_of
from .games import BargainingGame, SplitGame, bargaining_set, other
from .language_agent import scheme_of
from .polygon import lerp


def check_temperature(temperature: Any) -> float:
    """``temperature`` as a positive finite float, else ``ValueError`` naming it."""
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, Fraction)):
        raise ValueError(f"temperature must be a positive number, got {temperature!r}")
    value = float(temperature)
    if not math.isfinite(value) or value <= 0:
        raise ValueError(f"temperature must be positive and finite, got {temperature!r}")
    return value


@lru_cache(maxsize=64)
def proposal_grid(source: Any, grid: int) -> tuple[Proposal, ...]:
    """The proposals a quantal agent chooses among (module docstring)."""
    grid = as_positive_int("grid", grid)
    if isinstance(source, SplitGame):
        low, high = source.bounds
        return tuple(Proposal(split=low + (high - low) * Fraction(i, grid))
                     for i in range(grid + 1))
    if source.n_states == 2 and source.n_actions == 2:
        steps = [Fraction(i, grid) for i in range(grid + 1)]
        return tuple(Proposal(scheme=scheme_of(a, b)) for b in steps for a in steps if a <= b)
    bset = bargaining_set(source)
    points = []
    for p, q in bset.frontier.segments() or [(bset.frontier.vertices[0],) * 2]:
        points += [lerp(p, q, Fraction(i, grid)) for i in range(grid + 1)]
    unique = list(dict.fromkeys(points))
    return tuple(Proposal(scheme=bset.agreement(pt).scheme) for pt in unique)


@lru_cache(maxsize=256)
def _grid_values(source: Any, rule: str, proposer: str, grid: int) -> np.ndarray:
    """Payoff pairs (floats) of each grid proposal by ``proposer`` if accepted (they
    depend on the game only through what is bargained over and the rule)."""
    game = BargainingGame(source, "one_shot", 1, Fraction(1), "sender", rule)
    proposals = proposal_grid(source, grid)
    return np.array([[float(v) for v in deal_of(game, proposer, p).value] for p in proposals])


@lru_cache(maxsize=64)
def _grid_index(source: Any, grid: int) -> dict[Proposal, int]:
    return {p: i for i, p in enumerate(proposal_grid(source, grid))}


def _game_key(game: BargainingGame) -> tuple:
    return (game.source, game.horizon, game.max_offers, game.continuation, game.first,
            game.rule)


@dataclass(frozen=True, eq=False)
class QuantalEquilibrium:
    """Agent QRE of a finite-horizon game: per offer ``k`` (index ``k − 1``) the
    proposal probabilities, the acceptance probabilities of each grid proposal, what
    rejecting is worth (``C_k``) and the value ``V_k``; ``value`` is ``V_1``."""

    game: BargainingGame
    temperature: float
    grid: int
    proposals: tuple[Proposal, ...]
    choice: tuple[np.ndarray, ...]
    acceptance: tuple[np.ndarray, ...]
    thresholds: tuple[np.ndarray, ...]
    values: tuple[np.ndarray, ...]

    @property
    def value(self) -> np.ndarray:
        return self.values[0]


def quantal_equilibrium(game: BargainingGame, temperature: Any, grid: int = 20
                        ) -> QuantalEquilibrium:
    """The agent quantal response equilibrium of ``game`` (module docstring)."""
    if not isinstance(game, BargainingGame):
        raise ValueError(f"game must be a BargainingGame, got {type(game).__name__}")
    lam = check_temperature(temperature)
    grid = as_positive_int("grid", grid)
    if game.max_offers is None:
        raise ValueError("max_offers must be finite for a quantal equilibrium")
    return _solve(_game_key(game), game, lam, grid)


_SOLVED: dict[tuple, QuantalEquilibrium] = {}


def _solve(key: tuple, game: BargainingGame, lam: float, grid: int) -> QuantalEquilibrium:
    cached = _SOLVED.get((key, lam, grid))
    if cached is not None:
        return cached
    bset = bargaining_set(game)
    d = np.array([float(v) for v in bset.disagreement])
    delta = float(game.continuation)
    T = game.max_offers
    choice: list[np.ndarray] = [np.empty(0)] * T
    acceptance: list[np.ndarray] = [np.empty(0)] * T
    thresholds: list[np.ndarray] = [d] * T
    values: list[np.ndarray] = [d] * T
    value = d
    for k in range(T, 0, -1):
        floor = d if k == T else delta * value + (1 - delta) * d
        proposer = game.proposer(k)
        own, them = (0, 1) if proposer == "sender" else (1, 0)
        u = _grid_values(game.source, game.rule, proposer, grid)
        accept = expit((u[:, them] - floor[them]) / lam)
        expected = accept * u[:, own] + (1 - accept) * floor[own]
        logits = expected / lam
        probs = np.exp(logits - logsumexp(logits))
        outcome = accept[:, None] * u + (1 - accept[:, None]) * floor[None, :]
        value = probs @ outcome
        choice[k - 1], acceptance[k - 1] = probs, accept
        thresholds[k - 1], values[k - 1] = floor, value
    result = QuantalEquilibrium(game, lam, grid, proposal_grid(game.source, grid),
                                tuple(choice), tuple(acceptance), tuple(thresholds),
                                tuple(values))
    if len(_SOLVED) > 512:
        _SOLVED.clear()
    _SOLVED[(key, lam, grid)] = result
    return result


class QuantalAgent:
    """Plays the agent QRE at ``temperature`` (module docstring), drawing its choices
    from ``rng`` (a seed or a NumPy generator)."""

    def __init__(self, temperature: Any, grid: int = 20, rng: Any = 0) -> None:
        self.temperature = check_temperature(temperature)
        self.grid = as_positive_int("grid", grid)
        self.rng = as_generator("rng", rng)
        self._solved: dict[int, tuple[BargainingGame, QuantalEquilibrium]] = {}

    def equilibrium(self, game: BargainingGame) -> QuantalEquilibrium:
        """The (cached) quantal equilibrium of ``game``."""
        key = id(game)
        if key not in self._solved or self._solved[key][0] is not game:
            self._solved[key] = (game, quantal_equilibrium(game, self.temperature, self.grid))
        return self._solved[key][1]

    def propose(self, view: GameView) -> Proposal:
        eq = self.equilibrium(view.game)
        probs = eq.choice[view.offer - 1]
        return eq.proposals[int(self.rng.choice(probs.size, p=probs))]

    def accept_probability(self, view: GameView, proposal: Proposal) -> float:
        """The probability of accepting ``proposal`` at ``view``."""
        eq = self.equilibrium(view.game)
        own = 0 if view.role == "sender" else 1
        game, proposer = view.game, other(view.role)
        index = _grid_index(game.source, self.grid).get(proposal)
        if index is not None:  # a grid proposal: its value is already known
            value = _grid_values(game.source, game.rule, proposer, self.grid)[index][own]
        else:
            value = float(deal_of(game, proposer, proposal).value[own])
        floor = eq.thresholds[view.offer - 1][own]
        return float(expit((value - floor) / self.temperature))

    def respond(self, view: GameView, proposal: Proposal) -> Response:
        return Response(bool(self.rng.random() < self.accept_probability(view, proposal)))
