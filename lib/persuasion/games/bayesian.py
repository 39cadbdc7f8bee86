"""Two-player Bayesian games with a common prior and their Bayes–Nash equilibria.

The slides' auction game ("state is values v_i of players; information set of i is i's
value; study bids b_i selected in a Bayes Nash equilibrium") and every AI-augmented game
of :mod:`persuasion.games.ai_augmented` are finite Bayesian games: each player has finitely many
types, a common prior ``prior[t1, t2]`` over type profiles, and payoffs
``row[t1, t2, a, b]``, ``col[t1, t2, a, b]``.

A (behavioural) strategy gives each type a mixed action; a profile is a Bayes–Nash
equilibrium (BNE) when every type of every player best-responds to the other player's
strategy given the conditional distribution of the other's type. Three solvers:

* :func:`pure_bayes_nash_equilibria` — all pure BNE, by exhaustive search over one
  player's pure strategies (vectorized) and exact verification;
* :func:`bayes_nash_equilibria` — all BNE pinned down by a support profile, by support
  enumeration in the agent form, in exact arithmetic (small games only);
* :func:`extreme_bayes_nash_equilibrium` — a BNE maximizing or minimizing a weighted sum
  of the players' ex-ante payoffs, by a mixed-integer program (HiGHS), so the range of
  equilibrium payoffs of a larger game can be computed; the answer is polished to exact
  rationals when possible.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ..errors import SolverError
from ..rational import exact_array, exact_distribution, solve_exact
from ..validation import PROBABILITY_TOL, as_finite_array
from .normal_form import _nonempty_subsets

__all__ = [
    "BayesianGame",
    "BayesNashEquilibrium",
    "interim_payoffs",
    "ex_ante_payoffs",
    "is_bayes_nash_equilibrium",
    "pure_bayes_nash_equilibria",
    "bayes_nash_equilibria",
    "extreme_bayes_nash_equilibrium",
]

#: Largest number of support profiles :func:`bayes_nash_equilibria` will enumerate.
MAX_SUPPORT_PROFILES = 200_000
#: Largest number of pure strategies of one player :func:`pure_bayes_nash_equilibria` scans.
MAX_PURE_STRATEGIES = 2_000_000

Strategy = tuple[tuple[Fraction, ...], ...]


@dataclass(frozen=True, eq=False)
class BayesianGame:
    """A finite two-player Bayesian game with a common prior.

    ``prior[t1, t2]`` is the probability of the type profile; ``row[t1, t2, a, b]`` and
    ``col[t1, t2, a, b]`` are the payoffs of the row and column player. Every type must
    have positive probability. Malformed input raises ``ValueError`` naming the argument
    (prior not a probability table, payoff arrays of the wrong shape, NaN/inf).
    """

    prior: np.ndarray
    row: np.ndarray
    col: np.ndarray
    prior_exact: np.ndarray
    row_exact: np.ndarray
    col_exact: np.ndarray
    row_type_labels: tuple[str, ...]
    col_type_labels: tuple[str, ...]
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]

    def __init__(
        self,
        prior: Any,
        row: Any,
        col: Any,
        *,
        row_type_labels: Sequence[str] | None = None,
        col_type_labels: Sequence[str] | None = None,
        row_labels: Sequence[str] | None = None,
        col_labels: Sequence[str] | None = None,
    ) -> None:
        p = as_finite_array("prior", prior, ndim=2)
        if p.size == 0:
            raise ValueError("prior must not be empty")
        if np.any(p < -PROBABILITY_TOL):
            raise ValueError(f"prior must be non-negative (smallest entry {p.min():.3g})")
        if abs(float(p.sum()) - 1.0) > PROBABILITY_TOL:
            raise ValueError(f"prior must sum to one (sums to {float(p.sum()):.12g})")
        r = as_finite_array("row", row, ndim=4)
        c = as_finite_array("col", col, ndim=4)
        t1, t2 = p.shape
        if r.shape[:2] != (t1, t2):
            raise ValueError(f"row must have shape ({t1}, {t2}, m, n), got {r.shape}")
        if c.shape != r.shape:
            raise ValueError(f"col must have the shape of row {r.shape}, got {c.shape}")
        if r.shape[2] == 0 or r.shape[3] == 0:
            raise ValueError("row must give each player at least one action")
        for name, marg in (("row", p.sum(axis=1)), ("column", p.sum(axis=0))):
            zero = np.flatnonzero(marg <= PROBABILITY_TOL)
            if zero.size:
                raise ValueError(
                    f"prior: type {zero[0]} of the {name} player has probability zero; drop it"
                )
        m, n = r.shape[2:]

        def labels(name: str, given: Sequence[str] | None, k: int, stem: str) -> tuple[str, ...]:
            out = tuple(given) if given is not None else tuple(f"{stem}{i}" for i in range(k))
            if len(out) != k:
                raise ValueError(f"{name} must have {k} entries, got {len(out)}")
            return out

        prior_exact = exact_array("prior", prior, (t1, t2))
        total = sum(prior_exact.ravel(), Fraction(0))
        if total != 1:  # float input summing to one only up to rounding
            prior_exact = prior_exact / total
        values = {
            "prior": np.clip(p, 0.0, None),
            "row": r,
            "col": c,
            "prior_exact": prior_exact,
            "row_exact": exact_array("row", row, r.shape),
            "col_exact": exact_array("col", col, c.shape),
            "row_type_labels": labels("row_type_labels", row_type_labels, t1, "s"),
            "col_type_labels": labels("col_type_labels", col_type_labels, t2, "t"),
            "row_labels": labels("row_labels", row_labels, m, "r"),
            "col_labels": labels("col_labels", col_labels, n, "c"),
        }
        for key, value in values.items():
            object.__setattr__(self, key, value)

    @property
    def n_types(self) -> tuple[int, int]:
        """Numbers of types ``(T1, T2)``."""
        return self.prior.shape  # type: ignore[return-value]

    @property
    def n_actions(self) -> tuple[int, int]:
        """Numbers of actions ``(m, n)``."""
        return self.row.shape[2], self.row.shape[3]


@dataclass(frozen=True)
class BayesNashEquilibrium:
    """A BNE in behavioural strategies: ``row_strategy[t1][a]``, ``col_strategy[t2][b]``.

    ``row_payoff`` and ``col_payoff`` are ex-ante expected payoffs. ``exact`` is True
    when the profile was verified to be a BNE in exact rational arithmetic; otherwise it
    was verified up to a tolerance of ``1e-7``.
    """

    row_strategy: Strategy
    col_strategy: Strategy
    row_payoff: Fraction
    col_payoff: Fraction
    exact: bool = True

    @property
    def is_pure(self) -> bool:
        """True when every type of both players plays a single action."""
        return all(max(s) == 1 for s in self.row_strategy + self.col_strategy)

    def pure_actions(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Action index of each type (``ValueError`` if the equilibrium is mixed)."""
        if not self.is_pure:
            raise ValueError("equilibrium is mixed; pure_actions needs a pure one")
        return (
            tuple(s.index(max(s)) for s in self.row_strategy),
            tuple(s.index(max(s)) for s in self.col_strategy),
        )

    def as_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Strategies as float arrays of shapes ``(T1, m)`` and ``(T2, n)``."""
        return (
            np.array([[float(p) for p in s] for s in self.row_strategy]),
            np.array([[float(p) for p in s] for s in self.col_strategy]),
        )


def _check_game(game: Any) -> None:
    """Raise ``ValueError`` unless ``game`` is a :class:`BayesianGame`."""
    if not isinstance(game, BayesianGame):
        raise ValueError(f"game must be a BayesianGame, got {type(game).__name__}")


def _behaviour(name: str, value: Any, types: int, actions: int) -> Strategy:
    """Validate a behavioural strategy (rows: types, columns: action probabilities)."""
    arr = as_finite_array(name, value, ndim=2)
    if arr.shape != (types, actions):
        raise ValueError(f"{name} must have shape ({types}, {actions}), got {arr.shape}")
    return tuple(
        exact_distribution(f"{name}: type {t}", row, actions)
        for t, row in enumerate(np.asarray(value, dtype=object))
    )


def _weighted_payoffs(game: BayesianGame, player: str, other: Strategy) -> list[list[Fraction]]:
    """``W[t][a] = sum_{t'} prior(t, t') E_{other}[u(t, t', a, .)]`` (unnormalized interim)."""
    if player == "row":
        P, U = game.prior_exact, game.row_exact
    else:  # the column player's view: swap the roles of the two players
        P, U = game.prior_exact.T, game.col_exact.transpose(1, 0, 3, 2)
    own_types, other_types = P.shape
    own_actions, other_actions = U.shape[2], U.shape[3]
    return [
        [
            sum(
                (P[t, s] * other[s][b] * U[t, s, a, b]
                 for s in range(other_types) if P[t, s] != 0
                 for b in range(other_actions) if other[s][b] != 0),
                Fraction(0),
            )
            for a in range(own_actions)
        ]
        for t in range(own_types)
    ]


def interim_payoffs(
    game: BayesianGame, player: Literal["row", "col"], opponent_strategy: Any
) -> list[list[Fraction]]:
    """Interim expected payoff ``[type][action]`` of ``player`` against a behavioural
    strategy of the opponent (conditional on the player's own type), exactly."""
    _check_game(game)
    T1, T2 = game.n_types
    m, n = game.n_actions
    if player == "row":
        other = _behaviour("opponent_strategy", opponent_strategy, T2, n)
        marg = game.prior_exact.sum(axis=1)
    elif player == "col":
        other = _behaviour("opponent_strategy", opponent_strategy, T1, m)
        marg = game.prior_exact.sum(axis=0)
    else:
        raise ValueError(f"player must be 'row' or 'col', got {player!r}")
    W = _weighted_payoffs(game, player, other)
    return [[w / marg[t] for w in W[t]] for t in range(len(W))]


def ex_ante_payoffs(game: BayesianGame, row_strategy: Any, col_strategy: Any) -> tuple[
    Fraction, Fraction
]:
    """Exact ex-ante expected payoffs ``(u_row, u_col)`` of a behavioural profile."""
    _check_game(game)
    T1, T2 = game.n_types
    m, n = game.n_actions
    x = _behaviour("row_strategy", row_strategy, T1, m)
    y = _behaviour("col_strategy", col_strategy, T2, n)
    W1 = _weighted_payoffs(game, "row", y)
    W2 = _weighted_payoffs(game, "col", x)
    u1 = sum((x[t][a] * W1[t][a] for t in range(T1) for a in range(m)), Fraction(0))
    u2 = sum((y[t][b] * W2[t][b] for t in range(T2) for b in range(n)), Fraction(0))
    return u1, u2


def is_bayes_nash_equilibrium(game: BayesianGame, row_strategy: Any, col_strategy: Any) -> bool:
    """True when no type of either player gains by deviating (exact comparison)."""
    _check_game(game)
    T1, T2 = game.n_types
    m, n = game.n_actions
    x = _behaviour("row_strategy", row_strategy, T1, m)
    y = _behaviour("col_strategy", col_strategy, T2, n)
    return _is_bne(game, x, y)


def _is_bne(game: BayesianGame, x: Strategy, y: Strategy) -> bool:
    for own, W in ((x, _weighted_payoffs(game, "row", y)), (y, _weighted_payoffs(game, "col", x))):
        for t, w in enumerate(W):
            best = max(w)
            if any(p > 0 and w[a] != best for a, p in enumerate(own[t])):
                return False
    return True


def _equilibrium(game: BayesianGame, x: Strategy, y: Strategy, exact: bool = True) -> (
    BayesNashEquilibrium
):
    u1, u2 = ex_ante_payoffs(game, [list(s) for s in x], [list(s) for s in y])
    return BayesNashEquilibrium(x, y, u1, u2, exact)


def _pure(indices: Sequence[int], actions: int) -> Strategy:
    return tuple(tuple(Fraction(int(a == i)) for a in range(actions)) for i in indices)


def pure_bayes_nash_equilibria(game: BayesianGame) -> list[BayesNashEquilibrium]:
    """All pure-strategy BNE, each verified exactly; sorted lexicographically.

    Scans the row player's ``m**T1`` pure strategies (vectorized), computes the column
    player's type-wise best responses to each, and keeps the profiles in which the row
    player best-responds too. Raises ``ValueError`` if either player has more than
    :data:`MAX_PURE_STRATEGIES` pure strategies.
    """
    _check_game(game)
    T1, T2 = game.n_types
    m, n = game.n_actions
    if m**T1 > MAX_PURE_STRATEGIES or n**T2 > MAX_PURE_STRATEGIES:
        raise ValueError("game has too many pure strategies for exhaustive search")
    P, U1, U2 = game.prior, game.row, game.col
    S1 = np.array(list(itertools.product(range(m), repeat=T1)), dtype=np.int64).reshape(-1, T1)
    S2 = np.array(list(itertools.product(range(n), repeat=T2)), dtype=np.int64).reshape(-1, T2)
    # P2[k, t2, b]: weighted payoff of column type t2 playing b against row strategy S1[k]
    P2 = np.zeros((len(S1), T2, n))
    for t1 in range(T1):
        P2 += P[t1, :][None, :, None] * np.transpose(U2[t1][:, S1[:, t1], :], (1, 0, 2))
    P1 = np.zeros((len(S2), T1, m))
    for t2 in range(T2):
        P1 += P[:, t2][None, :, None] * np.transpose(U1[:, t2][:, :, S2[:, t2]], (2, 0, 1))
    tol = 1e-9 * max(1.0, float(np.abs(U1).max()), float(np.abs(U2).max()))
    ok2 = P2 >= P2.max(axis=2, keepdims=True) - tol
    ok1 = P1 >= P1.max(axis=2, keepdims=True) - tol
    radix = n ** np.arange(T2 - 1, -1, -1)
    found = []
    for k, s1 in enumerate(S1):
        choices = [np.flatnonzero(ok2[k, t]) for t in range(T2)]
        for s2 in itertools.product(*choices):
            j = int(np.dot(s2, radix))
            if all(ok1[j, t, s1[t]] for t in range(T1)):
                x, y = _pure(s1, m), _pure(s2, n)
                if _is_bne(game, x, y):
                    found.append(_equilibrium(game, x, y))
    return found


def _solve_other(
    game: BayesianGame,
    player: str,
    own: Sequence[tuple[int, ...]],
    other: Sequence[tuple[int, ...]],
) -> Strategy | None:
    """Behaviour of the opponent of ``player`` on supports ``other`` making each type of
    ``player`` indifferent on its support ``own``; None unless unique and non-negative."""
    P = game.prior_exact
    if player == "row":
        U = game.row_exact
        n_other = game.n_actions[1]

        def coef(t: int, a: int, s: int, b: int) -> Fraction:
            return P[t, s] * U[t, s, a, b]
    else:
        U = game.col_exact
        n_other = game.n_actions[0]

        def coef(t: int, a: int, s: int, b: int) -> Fraction:
            return P[s, t] * U[s, t, b, a]
    var = [(s, b) for s, supp in enumerate(other) for b in supp]
    n_var = len(var) + len(own)
    rows: list[list[Fraction]] = []
    rhs: list[Fraction] = []
    for t, supp in enumerate(own):
        for a in supp:
            row = [coef(t, a, s, b) for s, b in var] + [Fraction(0)] * len(own)
            row[len(var) + t] = Fraction(-1)
            rows.append(row)
            rhs.append(Fraction(0))
    for s in range(len(other)):
        rows.append([Fraction(int(v[0] == s)) for v in var] + [Fraction(0)] * len(own))
        rhs.append(Fraction(1))
    if len(rows) < n_var:
        return None
    sol = solve_exact(rows, rhs)
    if sol is None or any(p < 0 for p in sol[: len(var)]):
        return None
    mix = [[Fraction(0)] * n_other for _ in other]
    for (s, b), p in zip(var, sol, strict=False):
        mix[s][b] = p
    return tuple(tuple(r) for r in mix)


def bayes_nash_equilibria(game: BayesianGame) -> list[BayesNashEquilibrium]:
    """All BNE pinned down by a support profile, in exact arithmetic (small games).

    Support enumeration in the agent form: for every choice of a support for every type
    of both players, the indifference conditions of each player's types are linear in
    the opponent's behaviour; a profile whose systems have unique non-negative solutions
    and admit no profitable deviation is a BNE. For a one-type game this is ordinary
    support enumeration. Complete for nondegenerate games; in degenerate games only the
    equilibria pinned down by some support profile are returned. Pure BNE are always
    included. Raises ``ValueError`` beyond :data:`MAX_SUPPORT_PROFILES` profiles.
    """
    _check_game(game)
    T1, T2 = game.n_types
    m, n = game.n_actions
    count = (2**m - 1) ** T1 * (2**n - 1) ** T2
    if count > MAX_SUPPORT_PROFILES:
        raise ValueError(
            f"game is too large for support enumeration ({count} support profiles); "
            "use pure_bayes_nash_equilibria or extreme_bayes_nash_equilibrium"
        )
    found: dict[tuple[Strategy, Strategy], BayesNashEquilibrium] = {}
    if m**T1 <= MAX_PURE_STRATEGIES and n**T2 <= MAX_PURE_STRATEGIES:
        for eq in pure_bayes_nash_equilibria(game):
            found[(eq.row_strategy, eq.col_strategy)] = eq
    subs1, subs2 = _nonempty_subsets(m), _nonempty_subsets(n)
    for S1 in itertools.product(subs1, repeat=T1):
        for S2 in itertools.product(subs2, repeat=T2):
            y = _solve_other(game, "row", S1, S2)
            if y is None:
                continue
            x = _solve_other(game, "col", S2, S1)
            if x is None or (x, y) in found:
                continue
            if _is_bne(game, x, y):
                found[(x, y)] = _equilibrium(game, x, y)

    def key(eq: BayesNashEquilibrium) -> tuple:
        size = sum(p > 0 for s in eq.row_strategy + eq.col_strategy for p in s)
        flat = [-p for s in eq.row_strategy + eq.col_strategy for p in s]
        return (size, flat)

    return sorted(found.values(), key=key)


def _mask(name: str, value: Any, shape: tuple[int, int]) -> np.ndarray:
    if value is None:
        return np.ones(shape, dtype=bool)
    arr = np.asarray(value)
    if arr.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {arr.shape}")
    arr = arr.astype(bool)
    if not np.all(arr.any(axis=1)):
        raise ValueError(f"{name} must allow at least one action for every type")
    return arr


def extreme_bayes_nash_equilibrium(
    game: BayesianGame,
    weights: tuple[float, float] = (1.0, 1.0),
    sense: Literal["max", "min"] = "max",
    row_allowed: Any = None,
    col_allowed: Any = None,
) -> BayesNashEquilibrium:
    """A BNE maximizing (or minimizing) ``w1 * u_row + w2 * u_col`` (ex-ante payoffs).

    Mixed-integer program in the spirit of Sandholm, Gilpin and Conitzer (2005), in the
    agent form: binary variables mark the support of each type's mixed action; an action
    in the support must earn the type's best interim payoff (big-M constraints), and the
    best-response inequalities hold against *every* action, so the answer is a BNE of the
    whole game. ``row_allowed[t1, a]`` / ``col_allowed[t2, b]`` (boolean) restrict the
    supports, e.g. to rule out weakly dominated bids. Solved with HiGHS through
    :func:`scipy.optimize.milp`; the solution is then polished to exact rationals (exact
    indifference solve on its support, or rationalization) and verified, else verified
    to ``1e-7`` and returned with ``exact=False``. Raises
    :class:`~persuasion.errors.SolverError` when the MILP fails.

    The game is split into the connected components of its type graph (row type ``t1`` and
    column type ``t2`` linked when ``prior[t1, t2] > 0``): a type's
    interim payoffs involve only the opponent types in its component and the objective
    is a sum over type profiles, so a BNE of the game is a BNE on each component and an
    extreme one is extreme on each; with perfectly correlated types (e.g. bidders who
    learn each other's value exactly) every component is a small complete-information
    game. (Without the split, the first-price auction with
    bids on multiples of 1/16 and perfectly informed bidders ran for more than eight
    minutes without an answer; split, it takes seconds.)
    """
    _check_game(game)
    if sense not in ("max", "min"):
        raise ValueError(f"sense must be 'max' or 'min', got {sense!r}")
    w = as_finite_array("weights", weights, ndim=1)
    if w.shape != (2,):
        raise ValueError(f"weights must have 2 entries, got {w.shape[0]}")
    T1, T2 = game.n_types
    m, n = game.n_actions
    A1 = _mask("row_allowed", row_allowed, (T1, m))
    A2 = _mask("col_allowed", col_allowed, (T2, n))
    x = np.zeros((T1, m))
    y = np.zeros((T2, n))
    for rows_c, cols_c in _type_components(game.prior):
        xc, yc = _extreme_component(game, w, sense, A1, A2, rows_c, cols_c)
        x[rows_c] = xc
        y[cols_c] = yc
    return _polish(game, x, y)


def _type_components(prior: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Connected components of the bipartite type graph (edges where ``prior > 0``)."""
    T1, T2 = prior.shape
    label = -np.ones(T1 + T2, dtype=np.int64)
    comps = []
    for start in range(T1):
        if label[start] >= 0:
            continue
        k = len(comps)
        label[start] = k
        stack = [start]
        while stack:
            v = stack.pop()
            nbrs = (T1 + np.flatnonzero(prior[v] > 0)) if v < T1 else np.flatnonzero(
                prior[:, v - T1] > 0)
            for u in nbrs:
                if label[u] < 0:
                    label[u] = k
                    stack.append(int(u))
        comps.append(k)
    return [(np.flatnonzero(label[:T1] == k), np.flatnonzero(label[T1:] == k)) for k in comps]


def _extreme_component(
    game: BayesianGame, w: np.ndarray, sense: str, A1_all: np.ndarray, A2_all: np.ndarray,
    rows_c: np.ndarray, cols_c: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The MILP of :func:`extreme_bayes_nash_equilibrium` on one component of types."""
    P = game.prior[np.ix_(rows_c, cols_c)]
    U1 = game.row[np.ix_(rows_c, cols_c)]
    U2 = game.col[np.ix_(rows_c, cols_c)]
    A1, A2 = A1_all[rows_c], A2_all[cols_c]
    T1, T2 = P.shape
    m, n = game.n_actions
    nx, ny = T1 * m, T2 * n
    o_y, o_v1, o_v2 = nx, nx + ny, nx + ny + T1
    o_s1 = o_v2 + T2
    o_s2 = o_s1 + nx
    N = o_s2 + ny
    # weighted payoffs: W1[t1, a, t2, b] = P[t1, t2] U1[t1, t2, a, b]
    W1 = np.einsum("st,stab->satb", P, U1).reshape(T1, m, ny)
    W2 = np.einsum("st,stab->tbsa", P, U2).reshape(T2, n, nx)
    # big-M: a payoff range of the type (tighter, per-action constants were tried: HiGHS
    # was slower with them on the chapter's auctions)
    M1 = np.repeat(((U1.max() - U1.min()) * P.sum(axis=1) + 1.0)[:, None], m, axis=1)
    M2 = np.repeat(((U2.max() - U2.min()) * P.sum(axis=0) + 1.0)[:, None], n, axis=1)
    rows, lo, hi = [], [], []

    def add(row: np.ndarray, low: float, high: float) -> None:
        rows.append(row)
        lo.append(low)
        hi.append(high)

    for t in range(T1):
        r = np.zeros(N)
        r[t * m:(t + 1) * m] = 1
        add(r, 1, 1)
    for t in range(T2):
        r = np.zeros(N)
        r[o_y + t * n:o_y + (t + 1) * n] = 1
        add(r, 1, 1)
    for t in range(T1):
        for a in range(m):
            r = np.zeros(N)
            r[o_y:o_y + ny] = W1[t, a]
            r[o_v1 + t] = -1
            add(r, -np.inf, 0)  # payoff of a <= value of the type
            if not A1[t, a]:
                continue
            r = -r
            r[o_s1 + t * m + a] = M1[t, a]
            add(r, -np.inf, M1[t, a])  # in the support => payoff of a >= value
            r = np.zeros(N)
            r[t * m + a] = 1
            r[o_s1 + t * m + a] = -1
            add(r, -np.inf, 0)
    for t in range(T2):
        for b in range(n):
            r = np.zeros(N)
            r[:nx] = W2[t, b]
            r[o_v2 + t] = -1
            add(r, -np.inf, 0)
            if not A2[t, b]:
                continue
            r = -r
            r[o_s2 + t * n + b] = M2[t, b]
            add(r, -np.inf, M2[t, b])
            r = np.zeros(N)
            r[o_y + t * n + b] = 1
            r[o_s2 + t * n + b] = -1
            add(r, -np.inf, 0)
    lb = np.zeros(N)
    ub = np.ones(N)
    lb[o_v1:o_s1] = -np.inf
    ub[o_v1:o_s1] = np.inf
    ub[:nx][~A1.ravel()] = 0
    ub[o_s1:o_s2][~A1.ravel()] = 0
    ub[o_y:o_v1][~A2.ravel()] = 0
    ub[o_s2:][~A2.ravel()] = 0
    c = np.zeros(N)
    sign = -1.0 if sense == "max" else 1.0
    c[o_v1:o_v2] = sign * w[0]
    c[o_v2:o_s1] = sign * w[1]
    integrality = np.zeros(N)
    integrality[o_s1:] = 1
    # variables fixed at zero (forbidden actions) are dropped from the model
    keep = ub != 0
    model = {
        "c": c[keep],
        "constraints": LinearConstraint(np.array(rows)[:, keep], lo, hi),
        "integrality": integrality[keep],
        "bounds": Bounds(lb[keep], ub[keep]),
    }
    res = milp(**model, options={"mip_rel_gap": 1e-9})
    if res.status in (2, 4):
        # HiGHS's presolve occasionally reports a solve error or a spurious infeasibility
        # on these big-M models: confirm without presolve before believing it
        res = milp(**model, options={"mip_rel_gap": 1e-9, "presolve": False})
    if res.status != 0 or res.x is None:
        status = {2: "infeasible", 3: "unbounded"}.get(res.status, "numerical trouble")
        raise SolverError(f"equilibrium MILP failed: {res.message}", status=status)
    full = np.zeros(N)
    full[keep] = res.x
    x = np.clip(full[:nx].reshape(T1, m), 0, None)
    y = np.clip(full[o_y:o_v1].reshape(T2, n), 0, None)
    return x, y


def _polish(game: BayesianGame, x: np.ndarray, y: np.ndarray) -> BayesNashEquilibrium:
    """Turn a numerical BNE into an exact one when possible, else verify it numerically."""
    S1 = [tuple(np.flatnonzero(r > 1e-9)) for r in x]
    S2 = [tuple(np.flatnonzero(r > 1e-9)) for r in y]
    ys = _solve_other(game, "row", S1, S2)
    xs = _solve_other(game, "col", S2, S1)
    if xs is not None and ys is not None and _is_bne(game, xs, ys):
        return _equilibrium(game, xs, ys)

    def rational(mix: np.ndarray) -> Strategy:
        out = []
        for r in mix:
            fr = [
                Fraction(float(p)).limit_denominator(10**6) if p > 1e-9 else Fraction(0)
                for p in r
            ]
            k = int(np.argmax(r))
            fr[k] = 1 - (sum(fr, Fraction(0)) - fr[k])
            out.append(tuple(fr))
        return tuple(out)

    xr, yr = rational(x), rational(y)
    if all(p >= 0 for s in xr + yr for p in s) and _is_bne(game, xr, yr):
        return _equilibrium(game, xr, yr)
    xf = tuple(tuple(Fraction(float(p)) for p in r / r.sum()) for r in x)
    yf = tuple(tuple(Fraction(float(p)) for p in r / r.sum()) for r in y)
    gain = _max_gain(game, x / x.sum(1, keepdims=True), y / y.sum(1, keepdims=True))
    if gain > 1e-7:
        raise SolverError(f"MILP answer is not an equilibrium (a type gains {gain:.3g})",
                          status="numerical trouble")
    return _equilibrium(game, xf, yf, exact=False)


def _max_gain(game: BayesianGame, x: np.ndarray, y: np.ndarray) -> float:
    """Largest interim gain (weighted by the prior) of a deviation, in floats."""
    W1 = np.einsum("st,stab,tb->sa", game.prior, game.row, y)
    W2 = np.einsum("st,stab,sa->tb", game.prior, game.col, x)
    g1 = (W1.max(axis=1) - (W1 * x).sum(axis=1)).max()
    g2 = (W2.max(axis=1) - (W2 * y).sum(axis=1)).max()
    return float(max(g1, g2))
