"""Two-player normal-form games: payoffs, best responses, Nash and Stackelberg equilibria.

The slides' "economic settings" (Immorlica, *Theoretical Models of Generative AI in
Economic Environments*) start from a bimatrix game (battle of the sexes, "study actions
selected in a Nash equilibrium") and end with prompting as a Stackelberg game ("leader
commits to an action a, then follower (knowing a) selects an action b"). This module
holds both solution concepts for two-player games with finite action sets.

Exactness: every game keeps an exact copy of its payoffs as :class:`fractions.Fraction`
(integers, fractions, SymPy rationals and decimal strings are taken literally; a float
is read through its shortest decimal representation, so ``0.1`` means 1/10). Nash
equilibria are found by support enumeration in exact arithmetic, so the equilibria of
the book's examples are exact fixtures.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from scipy.optimize import linprog

from ..errors import SolverError
from ..rational import exact_array, exact_distribution, solve_exact
from ..validation import as_finite_array, check_size

__all__ = [
    "NormalFormGame",
    "NashEquilibrium",
    "StackelbergEquilibrium",
    "MixedStackelbergEquilibrium",
    "expected_payoffs",
    "best_responses",
    "pure_nash_equilibria",
    "nash_equilibria",
    "is_nash_equilibrium",
    "stackelberg_equilibrium",
    "mixed_stackelberg_equilibrium",
]

#: Largest number of support pairs that :func:`nash_equilibria` is willing to enumerate.
MAX_SUPPORT_PAIRS = 200_000


# --------------------------------------------------------------------------- exact helpers


def _dot(weights: Sequence[Fraction], values: Sequence[Fraction]) -> Fraction:
    return sum((w * v for w, v in zip(weights, values, strict=True)), Fraction(0))


def _nonempty_subsets(n: int) -> list[tuple[int, ...]]:
    return [s for k in range(1, n + 1) for s in itertools.combinations(range(n), k)]


# --------------------------------------------------------------------------- the game


@dataclass(frozen=True, eq=False)
class NormalFormGame:
    """A two-player game in normal form (a bimatrix game).

    ``row[i, j]`` and ``col[i, j]`` are the payoffs of the row and column player when
    the row player plays action ``i`` and the column player action ``j``. Labels are
    optional names of the actions. Malformed payoffs raise ``ValueError`` naming the
    argument: matrices that are not 2-D, of mismatched shapes, empty, or with NaN/inf.
    """

    row: np.ndarray
    col: np.ndarray
    row_labels: tuple[str, ...] = ()
    col_labels: tuple[str, ...] = ()
    row_exact: np.ndarray = field(repr=False, compare=False, default=None)  # type: ignore[assignment]
    col_exact: np.ndarray = field(repr=False, compare=False, default=None)  # type: ignore[assignment]

    def __init__(
        self,
        row: Any,
        col: Any,
        row_labels: Sequence[str] | None = None,
        col_labels: Sequence[str] | None = None,
    ) -> None:
        row_f = as_finite_array("row", row, ndim=2)
        col_f = as_finite_array("col", col, ndim=2)
        if row_f.shape != col_f.shape:
            raise ValueError(
                f"col must have the shape of row {row_f.shape}, got {col_f.shape}"
            )
        if row_f.size == 0:
            raise ValueError("row must hold at least one action for each player")
        m, n = row_f.shape
        rl = tuple(row_labels) if row_labels is not None else tuple(f"r{i}" for i in range(m))
        cl = tuple(col_labels) if col_labels is not None else tuple(f"c{j}" for j in range(n))
        if len(rl) != m:
            raise ValueError(f"row_labels must have {m} entries, got {len(rl)}")
        if len(cl) != n:
            raise ValueError(f"col_labels must have {n} entries, got {len(cl)}")
        object.__setattr__(self, "row", row_f)
        object.__setattr__(self, "col", col_f)
        object.__setattr__(self, "row_labels", rl)
        object.__setattr__(self, "col_labels", cl)
        object.__setattr__(self, "row_exact", exact_array("row", row, (m, n)))
        object.__setattr__(self, "col_exact", exact_array("col", col, (m, n)))

    @property
    def shape(self) -> tuple[int, int]:
        """Numbers of actions ``(m, n)`` of the row and column player."""
        return self.row.shape  # type: ignore[return-value]

    def transpose(self) -> NormalFormGame:
        """The same game with the roles of the players swapped."""
        return NormalFormGame(
            self.col_exact.T, self.row_exact.T, self.col_labels, self.row_labels
        )


def _check_game(game: Any) -> None:
    """Raise ``ValueError`` unless ``game`` is a :class:`NormalFormGame`."""
    if not isinstance(game, NormalFormGame):
        raise ValueError(f"game must be a NormalFormGame, got {type(game).__name__}")


@dataclass(frozen=True)
class NashEquilibrium:
    """A (possibly mixed) Nash equilibrium with exact probabilities and payoffs."""

    row_strategy: tuple[Fraction, ...]
    col_strategy: tuple[Fraction, ...]
    row_payoff: Fraction
    col_payoff: Fraction

    @property
    def is_pure(self) -> bool:
        """True when both players put probability one on a single action."""
        return max(self.row_strategy) == 1 and max(self.col_strategy) == 1

    @property
    def payoffs(self) -> tuple[Fraction, Fraction]:
        """``(row_payoff, col_payoff)``."""
        return (self.row_payoff, self.col_payoff)


def _strategy(name: str, value: Any, size: int) -> tuple[Fraction, ...]:
    """Validate a mixed strategy (a pure action index is accepted too) and return Fractions."""
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        if not 0 <= int(value) < size:
            raise ValueError(f"{name} must be an action index in [0, {size}), got {value}")
        return tuple(Fraction(int(i == value)) for i in range(size))
    return exact_distribution(name, value, size)


def expected_payoffs(game: NormalFormGame, row_strategy: Any, col_strategy: Any) -> tuple[
    Fraction, Fraction
]:
    """Exact expected payoffs ``(u_row, u_col)`` of a pair of mixed strategies.

    Strategies are probability vectors (or pure action indices); they must be
    non-negative and sum to one, else ``ValueError`` names the argument.
    """
    _check_game(game)
    m, n = game.shape
    x = _strategy("row_strategy", row_strategy, m)
    y = _strategy("col_strategy", col_strategy, n)
    u_row = sum(
        (x[i] * y[j] * game.row_exact[i, j] for i in range(m) for j in range(n)), Fraction(0)
    )
    u_col = sum(
        (x[i] * y[j] * game.col_exact[i, j] for i in range(m) for j in range(n)), Fraction(0)
    )
    return u_row, u_col


def best_responses(
    game: NormalFormGame, player: Literal["row", "col"], opponent_strategy: Any
) -> tuple[int, ...]:
    """Pure best responses of ``player`` to the other player's (mixed) strategy, exactly."""
    _check_game(game)
    m, n = game.shape
    if player == "row":
        y = _strategy("opponent_strategy", opponent_strategy, n)
        values = [_dot(y, game.row_exact[i, :]) for i in range(m)]
    elif player == "col":
        x = _strategy("opponent_strategy", opponent_strategy, m)
        values = [_dot(x, game.col_exact[:, j]) for j in range(n)]
    else:
        raise ValueError(f"player must be 'row' or 'col', got {player!r}")
    best = max(values)
    return tuple(k for k, v in enumerate(values) if v == best)


def pure_nash_equilibria(game: NormalFormGame) -> list[tuple[int, int]]:
    """All pure Nash equilibria ``(i, j)``, in lexicographic order (exact comparison)."""
    _check_game(game)
    m, n = game.shape
    out = []
    for i in range(m):
        for j in range(n):
            col_i = game.row_exact[:, j]
            row_j = game.col_exact[i, :]
            if game.row_exact[i, j] == max(col_i) and game.col_exact[i, j] == max(row_j):
                out.append((i, j))
    return out


def _indifference(
    payoff: np.ndarray, own_support: tuple[int, ...], other_support: tuple[int, ...]
) -> tuple[list[Fraction], Fraction] | None:
    """Mix of the *other* player on ``other_support`` making the owner of ``payoff``
    (rows = own actions) indifferent on ``own_support``; returns (mix, value) or None."""
    k = len(other_support)
    matrix = [[payoff[i, j] for j in other_support] + [Fraction(-1)] for i in own_support]
    matrix.append([Fraction(1)] * k + [Fraction(0)])
    rhs = [Fraction(0)] * len(own_support) + [Fraction(1)]
    sol = solve_exact(matrix, rhs)
    if sol is None:
        return None
    return sol[:k], sol[k]


def nash_equilibria(game: NormalFormGame) -> list[NashEquilibrium]:
    """All Nash equilibria found by support enumeration, in exact arithmetic.

    For every pair of supports the indifference conditions are solved exactly; a pair
    whose system has a unique solution that is a probability vector and admits no
    profitable deviation gives an equilibrium. Pure equilibria are always included.
    For nondegenerate games this is the complete list; in degenerate games (payoff ties)
    a continuum of equilibria can exist, and then only its extreme points that are
    pinned down by some pair of supports are returned. Sorted by support size, then
    lexicographically. Raises ``ValueError`` when there are more than
    :data:`MAX_SUPPORT_PAIRS` support pairs to try.
    """
    _check_game(game)
    m, n = game.shape
    # check the size before building any support: 25x25 actions mean 3.4e7 supports each
    check_size(
        "game", (2**m - 1) * (2**n - 1), MAX_SUPPORT_PAIRS,
        f"support enumeration of a {m}x{n} game tries every pair of supports; the limit "
        "allows about 8x8 actions. Use pure_nash_equilibria, mixed_stackelberg_equilibrium "
        "or a smaller game",
    )
    row_supports = _nonempty_subsets(m)
    col_supports = _nonempty_subsets(n)
    A, B = game.row_exact, game.col_exact
    found: dict[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], NashEquilibrium] = {}
    for i, j in pure_nash_equilibria(game):
        x = tuple(Fraction(int(k == i)) for k in range(m))
        y = tuple(Fraction(int(k == j)) for k in range(n))
        found[(x, y)] = NashEquilibrium(x, y, A[i, j], B[i, j])
    for sr in row_supports:
        for sc in col_supports:
            col_mix = _indifference(A, sr, sc)
            if col_mix is None or any(p < 0 for p in col_mix[0]):
                continue
            row_mix = _indifference(B.T, sc, sr)
            if row_mix is None or any(p < 0 for p in row_mix[0]):
                continue
            x = [Fraction(0)] * m
            y = [Fraction(0)] * n
            for k, p in zip(sr, row_mix[0], strict=True):
                x[k] = p
            for k, p in zip(sc, col_mix[0], strict=True):
                y[k] = p
            if is_nash_equilibrium(game, x, y):
                u = expected_payoffs(game, x, y)
                found[(tuple(x), tuple(y))] = NashEquilibrium(tuple(x), tuple(y), *u)

    def key(eq: NashEquilibrium) -> tuple:
        size = sum(p > 0 for p in eq.row_strategy) + sum(p > 0 for p in eq.col_strategy)
        return (size, [-p for p in eq.row_strategy], [-p for p in eq.col_strategy])

    return sorted(found.values(), key=key)


def is_nash_equilibrium(game: NormalFormGame, row_strategy: Any, col_strategy: Any) -> bool:
    """True when neither player gains by a unilateral deviation (exact comparison)."""
    _check_game(game)
    m, n = game.shape
    x = _strategy("row_strategy", row_strategy, m)
    y = _strategy("col_strategy", col_strategy, n)
    u_row, u_col = expected_payoffs(game, x, y)
    dev_row = max(_dot(y, game.row_exact[i, :]) for i in range(m))
    dev_col = max(_dot(x, game.col_exact[:, j]) for j in range(n))
    return dev_row <= u_row and dev_col <= u_col


# --------------------------------------------------------------------------- Stackelberg


@dataclass(frozen=True)
class StackelbergEquilibrium:
    """A pure Stackelberg equilibrium: the leader's commitment and the follower's reply.

    ``responses[a]`` is the follower's reply to each leader action under the stated
    tie-breaking rule, ``best_response_sets[a]`` all of its best replies.
    """

    leader_action: int
    follower_action: int
    leader_payoff: Fraction
    follower_payoff: Fraction
    responses: tuple[int, ...]
    best_response_sets: tuple[tuple[int, ...], ...]
    tie_break: str


def stackelberg_equilibrium(
    game: NormalFormGame,
    leader: Literal["row", "col"] = "row",
    tie_break: Literal["leader", "adverse"] = "leader",
) -> StackelbergEquilibrium:
    """Stackelberg equilibrium with pure commitment (slides: "prompting as a Stackelberg game").

    The leader commits to an action ``a``; the follower, knowing ``a``, plays a best
    response ``b*(a)``; the leader picks ``a`` maximizing its payoff given ``b*(a)``.
    Tie-breaking rule, stated explicitly:

    * among the follower's best responses, ``tie_break="leader"`` picks the one best for
      the leader (the *strong* Stackelberg equilibrium), ``"adverse"`` the one worst for
      the leader (the *weak*, pessimistic one); any remaining tie goes to the lowest index;
    * among equally good commitments the leader picks the lowest index.

    Actions are indices into the leader's and follower's action lists (for
    ``leader="col"`` the column player leads).
    """
    _check_game(game)
    if leader not in ("row", "col"):
        raise ValueError(f"leader must be 'row' or 'col', got {leader!r}")
    if tie_break not in ("leader", "adverse"):
        raise ValueError(f"tie_break must be 'leader' or 'adverse', got {tie_break!r}")
    g = game if leader == "row" else game.transpose()
    L, F = g.row_exact, g.col_exact
    m, n = g.shape
    br_sets = []
    responses = []
    for a in range(m):
        best = max(F[a, :])
        br = tuple(b for b in range(n) if F[a, b] == best)
        br_sets.append(br)
        pick = max if tie_break == "leader" else min
        target = pick(L[a, b] for b in br)
        responses.append(next(b for b in br if L[a, b] == target))
    values = [L[a, responses[a]] for a in range(m)]
    a_star = values.index(max(values))
    b_star = responses[a_star]
    return StackelbergEquilibrium(
        leader_action=a_star,
        follower_action=b_star,
        leader_payoff=L[a_star, b_star],
        follower_payoff=F[a_star, b_star],
        responses=tuple(responses),
        best_response_sets=tuple(br_sets),
        tie_break=tie_break,
    )


@dataclass(frozen=True, eq=False)
class MixedStackelbergEquilibrium:
    """Optimal mixed commitment (strong Stackelberg equilibrium), solved by LPs."""

    leader_strategy: np.ndarray
    follower_action: int
    leader_payoff: float
    follower_payoff: float


def mixed_stackelberg_equilibrium(
    game: NormalFormGame, leader: Literal["row", "col"] = "row"
) -> MixedStackelbergEquilibrium:
    """Optimal commitment to a *mixed* strategy (von Stengel and Zamir 2010).

    One linear program per follower action ``b`` (Conitzer and Sandholm's method):
    maximize the leader's payoff over mixed strategies ``x`` under which ``b`` is a
    follower best response; ties in the follower's reply are broken in the leader's
    favour (strong Stackelberg equilibrium), the best LP wins, lowest ``b`` on ties.
    Solved with HiGHS; raises :class:`~persuasion.errors.SolverError` if an LP fails.
    """
    _check_game(game)
    if leader not in ("row", "col"):
        raise ValueError(f"leader must be 'row' or 'col', got {leader!r}")
    g = game if leader == "row" else game.transpose()
    L, F = g.row, g.col
    m, n = g.shape
    best: tuple[float, int, np.ndarray] | None = None
    for b in range(n):
        # b is a best response: x @ (F[:, b'] - F[:, b]) <= 0 for all b'
        a_ub = (F - F[:, [b]]).T
        res = linprog(
            -L[:, b],
            A_ub=a_ub,
            b_ub=np.zeros(n),
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            bounds=[(0, None)] * m,
            method="highs",
        )
        if res.status == 2:  # infeasible: b is never a best response
            continue
        if res.status != 0:
            raise SolverError(f"commitment LP for follower action {b} failed: {res.message}",
                              status="numerical trouble")
        value = -float(res.fun)
        if best is None or value > best[0] + 1e-12:
            best = (value, b, np.clip(res.x, 0.0, None))
    if best is None:  # pragma: no cover - some action is always a best response
        raise SolverError("no follower action is ever a best response", status="infeasible")
    value, b, x = best
    x = x / x.sum()
    return MixedStackelbergEquilibrium(
        leader_strategy=x,
        follower_action=b,
        leader_payoff=float(x @ L[:, b]),
        follower_payoff=float(x @ F[:, b]),
    )
