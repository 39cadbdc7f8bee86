"""Exact optimal persuasive schemes for a weighted objective ``a·U_S + b·U_R``.

The outcome polygon of :mod:`persuasion.bargaining.outcomes` is traced by
maximizing ``a·U_S + b·U_R`` over persuasive direct schemes (the LP of Section
3.1 of Dughmi et al. with the sender's payoff replaced by ``a s + b r`` and no
payments) for a sequence of directions ``(a, b)``.  Each LP is solved in two
steps:

1. HiGHS, through :func:`persuasion.lp.solve` on the instance with sender
   payoff ``a s + b r`` (the book's one LP builder), gives a floating-point vertex;
2. its basis is recomputed in rational arithmetic and a primal simplex with
   Bland's rule (exact, so it terminates) continues from it until every reduced
   cost is non-positive.  The result is an exact optimal vertex with an exact
   certificate: a feasible scheme and dual prices ``y`` (one per state) and
   ``π ≤ 0`` (one per persuasiveness constraint) with equal objective values.

If the floating-point basis is unusable (singular or infeasible in exact
arithmetic), the simplex starts from full revelation with the receiver's best
action in every state, which is always a persuasive vertex.

Standard form: variables ``x[θ n + i] = φ_θ(i) ≥ 0`` and slacks ``s_k ≥ 0``;
rows ``Σ_i φ_θ(i) = 1`` and ``G_k x − s_k = 0`` with ``G_k x = Σ_θ μ_θ φ_θ(i)
(r_θ(i) − r_θ(j))`` for the ordered pair ``k = (i, j)``.  A basis is kept as the
set of basic scheme variables and the set ``K`` of tight persuasiveness rows
(nonbasic slacks); the linear systems to solve then have only ``T + |K|`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SolverError
from ..lp import persuasiveness_matrix, solve
from ..model import Instance
from ..rational import solve_exact, to_fraction

#: Float entries below this are treated as zero when reading HiGHS's vertex.
WARM_TOL = 1e-9

#: The exact simplex gives up (SolverError) after this many pivots.
MAX_PIVOTS = 10_000


@dataclass(frozen=True)
class ExactData:
    """An instance's inputs as Fractions, with its persuasiveness rows."""

    prior: tuple[Fraction, ...]
    sender: tuple[tuple[Fraction, ...], ...]
    receiver: tuple[tuple[Fraction, ...], ...]
    pairs: tuple[tuple[int, int], ...]
    rows: tuple[dict[int, Fraction], ...]  # G_k as {column: coefficient}

    @property
    def n_states(self) -> int:
        return len(self.prior)

    @property
    def n_actions(self) -> int:
        return len(self.sender[0])


def exact_data(instance: Instance) -> ExactData:
    """The exact inputs of ``instance`` (:attr:`persuasion.Instance.exact_values`: the
    rational inputs, or the floats' exact values with the prior rescaled to sum to one)."""
    prior_e, sender_e, receiver_e = instance.exact_values
    prior = [to_fraction(p) for p in prior_e]
    s = tuple(tuple(to_fraction(v) for v in row) for row in sender_e)
    r = tuple(tuple(to_fraction(v) for v in row) for row in receiver_e)
    T, n = len(prior), len(s[0])
    pairs = tuple((i, j) for i in range(n) for j in range(n) if i != j)
    rows = []
    for i, j in pairs:
        row = {}
        for t in range(T):
            coef = prior[t] * (r[t][i] - r[t][j])
            if coef != 0:
                row[t * n + i] = coef
        rows.append(row)
    return ExactData(tuple(prior), s, r, pairs, tuple(rows))


@dataclass(frozen=True)
class WeightedOptimum:
    """An exact optimal vertex of ``max a·U_S + b·U_R`` over persuasive schemes.

    ``scheme`` holds Fractions (rows sum to one exactly), ``sender`` and
    ``receiver`` its exact expected payoffs, ``value = a·sender + b·receiver``;
    ``prices`` (one per state) and ``multipliers`` (one per ordered pair of
    actions, all ``≤ 0``) certify optimality: ``value = Σ prices``.
    """

    weights: tuple[Fraction, Fraction]
    scheme: tuple[tuple[Fraction, ...], ...]
    sender: Fraction
    receiver: Fraction
    value: Fraction
    prices: tuple[Fraction, ...]
    multipliers: tuple[Fraction, ...]
    pivots: int
    basis: tuple[tuple[int, ...], tuple[int, ...]] = ((), ())


def payoffs(data: ExactData, x: list[Fraction]) -> tuple[Fraction, Fraction]:
    """Exact ``(U_S, U_R)`` of the flattened direct scheme ``x`` (receiver obeys)."""
    n = data.n_actions
    us = ur = Fraction(0)
    for j, value in enumerate(x):
        if value:
            t, i = divmod(j, n)
            us += data.prior[t] * value * data.sender[t][i]
            ur += data.prior[t] * value * data.receiver[t][i]
    return us, ur


class _Simplex:
    """Primal simplex with Bland's rule on the exact standard form (module docstring)."""

    def __init__(self, data: ExactData, objective: list[Fraction]) -> None:
        self.data = data
        self.c = objective
        self.T, self.n = data.n_states, data.n_actions
        self.d = self.T * self.n
        self.P = len(data.pairs)

    def _system(self, basic: list[int], tight: list[int]) -> list[list[Fraction]]:
        """Rows: the T simplex rows, then the tight persuasiveness rows; columns: ``basic``."""
        rows = []
        for t in range(self.T):
            rows.append([Fraction(1) if j // self.n == t else Fraction(0) for j in basic])
        for k in tight:
            g = self.data.rows[k]
            rows.append([g.get(j, Fraction(0)) for j in basic])
        return rows

    def _slacks(self, x: dict[int, Fraction]) -> list[Fraction]:
        return [sum((coef * x.get(j, 0) for j, coef in g.items()), Fraction(0))
                for g in self.data.rows]

    def primal(self, basic: list[int], tight: list[int]) -> dict[int, Fraction] | None:
        matrix = self._system(basic, tight)
        rhs = [Fraction(1)] * self.T + [Fraction(0)] * len(tight)
        sol = solve_exact(matrix, rhs) if len(basic) == len(rhs) else None
        return None if sol is None else dict(zip(basic, sol, strict=True))

    def feasible(self, x: dict[int, Fraction]) -> bool:
        return all(v >= 0 for v in x.values()) and all(s >= 0 for s in self._slacks(x))

    def run(self, basic: list[int], tight: list[int]) -> tuple[dict[int, Fraction], list, list,
                                                               int, tuple]:
        x = self.primal(basic, tight)
        for pivots in range(MAX_PIVOTS):
            if x is None:
                raise SolverError("exact simplex: singular basis", status="numerical trouble")
            matrix = self._system(basic, tight)
            transpose = [list(col) for col in zip(*matrix, strict=True)]
            dual = solve_exact(transpose, [self.c[j] for j in basic])
            if dual is None:
                raise SolverError("exact simplex: singular basis", status="numerical trouble")
            y, pi_tight = dual[: self.T], dual[self.T :]
            pi = dict(zip(tight, pi_tight, strict=True))
            entering = None
            basic_set = set(basic)
            for j in range(self.d):
                if j in basic_set:
                    continue
                t, i = divmod(j, self.n)
                reduced = self.c[j] - y[t] - sum(
                    (pk * self.data.rows[k].get(j, 0) for k, pk in pi.items()), Fraction(0))
                if reduced > 0:
                    entering = ("x", j)
                    break
            if entering is None:
                for k in sorted(tight):
                    if pi[k] > 0:
                        entering = ("s", k)
                        break
            if entering is None:
                multipliers = [pi.get(k, Fraction(0)) for k in range(self.P)]
                return x, y, multipliers, pivots, (tuple(basic), tuple(tight))
            basic, tight, x = self._pivot(basic, tight, x, entering)
        raise SolverError("exact simplex: pivot limit reached", status="numerical trouble")

    def _pivot(self, basic, tight, x, entering):
        """One Bland pivot: direction of the entering variable, ratio test, basis update."""
        matrix = self._system(basic, tight)
        kind, e = entering
        if kind == "x":
            t_e = e // self.n
            rhs = [Fraction(-1) if t == t_e else Fraction(0) for t in range(self.T)]
            rhs += [-self.data.rows[k].get(e, Fraction(0)) for k in tight]
        else:
            rhs = [Fraction(0)] * self.T + [Fraction(1) if k == e else Fraction(0) for k in tight]
        step = solve_exact(matrix, rhs)
        if step is None:
            raise SolverError("exact simplex: singular basis", status="numerical trouble")
        delta = dict(zip(basic, step, strict=True))
        if kind == "x":
            delta[e] = Fraction(1)
        slack_now = self._slacks(x)
        slack_delta = self._slacks(delta)
        tight_set = set(tight)
        # candidates: basic scheme variables (index j) and basic slacks (index d + k)
        best = None
        for j in basic:
            if delta[j] < 0:
                ratio = x[j] / -delta[j]
                key = (ratio, j)
                best = key if best is None or key < best else best
        for k in range(self.P):
            if k in tight_set or (kind == "s" and k == e):
                continue
            if slack_delta[k] < 0:
                ratio = slack_now[k] / -slack_delta[k]
                key = (ratio, self.d + k)
                best = key if best is None or key < best else best
        if best is None:
            raise SolverError("exact simplex: unbounded direction", status="unbounded")
        theta, leaving = best
        moved = {j: x[j] + theta * delta[j] for j in basic}
        if kind == "x":
            moved[e] = theta
        basic = list(basic)
        tight = list(tight)
        if kind == "x":
            basic.append(e)
        else:
            tight.remove(e)
        if leaving < self.d:
            basic.remove(leaving)
        else:
            tight.append(leaving - self.d)
        return sorted(basic), sorted(tight), {j: moved[j] for j in basic}


def _objective(data: ExactData, a: Fraction, b: Fraction) -> list[Fraction]:
    n = data.n_actions
    return [data.prior[j // n] * (a * data.sender[j // n][j % n] + b * data.receiver[j // n][j % n])
            for j in range(data.n_states * n)]


def _cold_basis(data: ExactData) -> tuple[list[int], list[int]]:
    """Full revelation with the receiver's best action (lowest index) in every state."""
    n = data.n_actions
    basic = []
    for t, row in enumerate(data.receiver):
        best = max(row)
        basic.append(t * n + row.index(best))
    return basic, []


def _independent_columns(matrix: np.ndarray, order: list[int]) -> list[int]:
    """Greedily pick columns of ``matrix`` (in ``order``) independent of those picked
    (Gram–Schmidt residual test), up to the number of rows."""
    rows = matrix.shape[0]
    q = np.zeros((rows, rows))  # orthonormal basis of the picked columns, as rows of q
    chosen: list[int] = []
    for col in order:
        v = matrix[:, col].astype(float)
        norm = np.linalg.norm(v)
        if norm == 0:
            continue
        basis = q[: len(chosen)]
        r = v - basis.T @ (basis @ v)
        r -= basis.T @ (basis @ r)  # re-orthogonalize once for stability
        size = np.linalg.norm(r)
        if size > 1e-9 * norm:
            q[len(chosen)] = r / size
            chosen.append(int(col))
            if len(chosen) == rows:
                break
    return chosen


def _warm_basis(instance: Instance, data: ExactData, a: Fraction, b: Fraction,
                simplex: _Simplex) -> tuple[list[int], list[int]] | None:
    """A basis read off HiGHS's optimal vertex, or ``None`` if it is unusable."""
    weighted = Instance(instance.prior, float(a) * instance.sender + float(b) * instance.receiver,
                        instance.receiver)
    try:
        float_solution = solve(weighted)
    except SolverError:
        return None
    x = float_solution.scheme.ravel()
    T, n = data.n_states, data.n_actions
    matrix, pairs = persuasiveness_matrix(instance)
    lam = float_solution.multipliers[pairs[:, 0], pairs[:, 1]]
    slack = matrix @ x
    scale = 1.0 + (float(abs(matrix).max()) if matrix.nnz else 0.0)
    # reduced costs c_j + Σ λ_k G_kj − y_θ (≤ 0, zero on basic columns), y_θ the row maximum
    gain = (weighted.prior[:, None] * weighted.sender).ravel() + matrix.T @ lam
    reduced = gain - np.repeat(gain.reshape(T, n).max(axis=1), n)
    # columns of the standard form: scheme variables then slacks; pick independent ones,
    # preferring those complementary slackness allows in an optimal basis
    full = np.zeros((T + len(data.pairs), T * n + len(data.pairs)))
    for t in range(T):
        full[t, t * n : (t + 1) * n] = 1.0
    full[T:, : T * n] = matrix.toarray()
    full[T:, T * n :] = -np.eye(len(data.pairs))
    tol = WARM_TOL * scale
    positive = [j for j in np.argsort(-x, kind="stable") if x[j] > WARM_TOL]
    free_rows = [T * n + k for k in np.argsort(-slack, kind="stable") if lam[k] <= tol]
    zero_cost = [j for j in range(T * n) if j not in positive and reduced[j] >= -tol]
    rest = [c for c in range(T * n + len(data.pairs))
            if c not in positive and c not in free_rows and c not in zero_cost]
    chosen = _independent_columns(full, [*positive, *free_rows, *zero_cost, *rest])
    if len(chosen) != full.shape[0]:
        return None
    basic = sorted(j for j in chosen if j < T * n)
    tight = sorted(k for k in range(len(data.pairs)) if T * n + k not in chosen)
    primal = simplex.primal(basic, tight)
    if primal is None or not simplex.feasible(primal):
        return None
    return basic, tight


def weighted_optimum(instance: Instance, a: object, b: object, data: ExactData | None = None,
                     start: Any = "highs") -> WeightedOptimum:
    """Exact optimal persuasive scheme for ``max a·U_S + b·U_R`` (module docstring).

    ``a`` and ``b`` are read exactly (:func:`persuasion.rational.to_fraction`).
    ``start``: ``"highs"`` (warm start from HiGHS's vertex), ``"cold"`` (full
    revelation), or the ``basis`` of an earlier :class:`WeightedOptimum` of the same
    instance (every basis of an optimum is a feasible basis for any objective).
    """
    a, b = to_fraction(a), to_fraction(b)
    data = exact_data(instance) if data is None else data
    simplex = _Simplex(data, _objective(data, a, b))
    basis = None
    if isinstance(start, tuple):
        basis = (list(start[0]), list(start[1]))
    elif start == "highs":
        basis = _warm_basis(instance, data, a, b, simplex)
    elif start != "cold":
        raise ValueError(f"start must be 'highs', 'cold' or a basis, got {start!r}")
    if basis is None:
        basis = _cold_basis(data)
    x, prices, multipliers, pivots, final = simplex.run(*basis)
    T, n = data.n_states, data.n_actions
    flat = [x.get(j, Fraction(0)) for j in range(T * n)]
    scheme = tuple(tuple(flat[t * n : (t + 1) * n]) for t in range(T))
    us, ur = payoffs(data, flat)
    value = a * us + b * ur
    if value != sum(prices, Fraction(0)):
        raise SolverError("exact simplex: certificate mismatch", status="numerical trouble")
    return WeightedOptimum((a, b), scheme, us, ur, value, tuple(prices), tuple(multipliers),
                           pivots, final)
