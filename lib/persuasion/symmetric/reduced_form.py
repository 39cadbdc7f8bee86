"""Symmetric priors at scale: the reduced-form LP for i.i.d. action types.

Setting (Section 2 and Appendix C of Dughmi et al.; Dughmi and Xu 2016): each
of the ``n`` actions has a type ``t ∈ [m]`` drawn i.i.d. from ``p``; taking an
action of type ``t`` gives the sender ``ξ_t`` and the receiver ``ρ_t``.  The
full LP has ``m**n`` states.  By Proposition 2 some optimal scheme is
symmetric, with equal expected payments ``P(i) = P``, and a symmetric scheme is
described by its *reduced form*

.. math::

    q_t = \\Pr[\\text{action } i \\text{ has type } t \\text{ and is recommended}],

the same for every action ``i``.  Then ``Pr[action j ≠ i has type t and i is
recommended] = (p_t − q_t)/(n − 1)``, and with ``y_t = n q_t`` (the
probability that the recommended action has type ``t``) the optimal-scheme LP
becomes (LP-Independent-with-Payments of Appendix C of Dughmi et al., in reduced form)

.. math::

    \\max\\; ξ·y − nP \\quad\\text{s.t.}\\quad ρ·y + (n − 1)P \\ge ρ·p,
    \\qquad y(S) \\le 1 − (1 − p(S))^n \\;\\; (S ⊆ [m]),\\qquad y([m]) = 1,

with ``P = 0`` (no payments), ``P ≥ 0`` (non-negative) or ``P`` free
(arbitrary).  Budget balance ``Σ_i P(i) = nP = 0`` forces ``P = 0``: on an
i.i.d. prior the budget-balanced optimum *is* the no-payment optimum.  The
constraints on ``y`` are Border's (1991): a reduced form is realizable iff they
hold, and the most violated set is a prefix of the types sorted by
``q_t / p_t`` (:func:`persuasion.border.border_violations`), which separates in ``O(m log m)``.

The LP has ``m`` variables whatever ``n`` is.  :func:`iid_optimum` solves it
with HiGHS (all ``2^m − 1`` Border sets when ``m`` is small, cutting planes
otherwise), then certifies the optimum exactly: a small simplex in rational
arithmetic, started at HiGHS's active set when that vertex is exactly
feasible (otherwise at the receiver-preferred vertex), ends at a vertex whose
exact dual multipliers prove optimality.
:func:`persuasion.realization.realize` turns any Border-feasible reduced form
into a symmetric scheme (:class:`Realization`): a lottery over *ordered
partitions* of the types — the recommended action is drawn uniformly
among the actions whose types lie in the highest block present — whose
recommendation for one type profile costs ``O(n m)`` without enumerating
states.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import cvxpy as cp
import numpy as np
import sympy as sp

from ..errors import SolverError
from ..lp import run_lp
from ..model import MAX_PROFILES, Instance, _types_table, check_payment_model
from ..rational import fractions_or_none, rational, solve_exact
from ..validation import as_choice, as_distribution, as_finite_array, as_flag, as_positive_int
from .border import FLOAT_TOL, border_bound, border_violations
from .realization import Realization, realize

#: With at most this many types of positive probability, all ``2^m − 2`` proper
#: Border sets are written out; with more, they are generated as cutting planes.
ALL_SETS_LIMIT = 8

#: Border strategies accepted by :func:`iid_optimum`.
BORDER_METHODS = ("auto", "all", "cutting_plane")


#: Largest number of states :meth:`IidSolution.instance` agrees to enumerate.
MAX_STATES = MAX_PROFILES

#: Iteration cap of the rational simplex (Bland's rule terminates; this guards bugs).
MAX_PIVOTS = 10_000


# ------------------------------------------------------------------------------ inputs
@dataclass(frozen=True)
class _IidData:
    """Validated inputs: floats, and Fractions when every input is rational."""

    n: int
    prior: np.ndarray
    xi: np.ndarray
    rho: np.ndarray
    exact: tuple[list[Fraction], list[Fraction], list[Fraction]] | None


def _iid_inputs(
    type_prior: Any, sender_by_type: Any, receiver_by_type: Any, n_actions: Any
) -> _IidData:
    """Validate as :meth:`persuasion.Instance.from_types` does, and require the
    same payoffs for every action (i.i.d. action types)."""
    n = as_positive_int("n_actions", n_actions, minimum=2)
    prior = as_distribution("type_prior", type_prior)
    m = prior.shape[0]
    rows = []
    for name, value in (("sender_by_type", sender_by_type), ("receiver_by_type", receiver_by_type)):
        table = _types_table(name, value, n, m)
        if any(list(row) != list(table[0]) for row in table[1:]):
            raise ValueError(
                f"{name} must give every action the same payoff per type (i.i.d. action types)"
            )
        rows.append(table[0])
    xi, rho = (np.asarray(as_finite_array("payoffs", row), dtype=float) for row in rows)
    parts = [fractions_or_none(type_prior), fractions_or_none(rows[0]), fractions_or_none(rows[1])]
    exact = None
    if all(part is not None for part in parts) and sum(parts[0]) == 1:
        exact = tuple(list(part) for part in parts)
    return _IidData(n, prior, xi, rho, exact)


# ------------------------------------------------------------------------------ the LP
@dataclass(frozen=True)
class _ReducedLP:
    """``max objective·z`` s.t. ``rows[0]·z = rhs[0]`` and ``rows[k]·z ≤ rhs[k]`` (k ≥ 1).

    ``z = (y_t for the types in support) + (P,)`` when the model has payments.
    ``kinds[k]`` names row ``k``: ``("total",)``, ``("border", S)``,
    ``("nonnegative", t)``, ``("persuasive",)`` or ``("payment",)``.
    """

    rows: list[list[Any]]
    rhs: list[Any]
    kinds: list[tuple[Any, ...]]
    objective: list[Any]


def _magnitude(values: np.ndarray) -> float:
    """Largest absolute entry, or 1 when all are zero (a scale factor)."""
    largest = float(np.max(np.abs(values))) if values.size else 0.0
    return largest if largest > 0 else 1.0


def _has_payment(model: str) -> bool:
    return model in ("nonnegative", "arbitrary")


def _build_lp(
    prior: list[Any], xi: list[Any], rho: list[Any], n: int, model: str, family: list[tuple]
) -> _ReducedLP:
    """The reduced-form LP over the Border sets ``family``, in any number type."""
    k = len(prior)
    zero, one = prior[0] * 0, prior[0] * 0 + 1
    pay = [zero] if _has_payment(model) else []
    rows, rhs, kinds = [[one] * k + pay], [one], [("total",)]
    for subset in family:
        rows.append([one if t in subset else zero for t in range(k)] + pay)
        rhs.append(border_bound(sum((prior[t] for t in subset), zero), n))
        kinds.append(("border", subset))
    for t in range(k):
        rows.append([-one if s == t else zero for s in range(k)] + pay)
        rhs.append(zero)
        kinds.append(("nonnegative", t))
    rows.append([-r for r in rho] + ([-(n - 1) * one] if pay else []))
    rhs.append(-sum((r * p for r, p in zip(rho, prior, strict=True)), zero))
    kinds.append(("persuasive",))
    if model == "nonnegative":
        rows.append([zero] * k + [-one])
        rhs.append(zero)
        kinds.append(("payment",))
    objective = list(xi) + ([-n * one] if pay else [])
    return _ReducedLP(rows, rhs, kinds, objective)


def _solve_highs(lp: _ReducedLP, model: str) -> tuple[np.ndarray, np.ndarray]:
    """Solve ``lp`` (float rows) with HiGHS; return the solution and row duals (≥ 0)."""
    matrix = np.array(lp.rows, dtype=float)
    rhs = np.array(lp.rhs, dtype=float)
    z = cp.Variable(matrix.shape[1])
    total = matrix[0] @ z == rhs[0]
    upper = matrix[1:] @ z <= rhs[1:]
    problem = cp.Problem(cp.Maximize(np.array(lp.objective, dtype=float) @ z), [total, upper])
    run_lp(problem, f"reduced-form LP ({model} payments)")
    duals = np.r_[0.0, np.maximum(np.asarray(upper.dual_value, dtype=float), 0.0)]
    return np.asarray(z.value, dtype=float), duals


def _prefixes(order: list[int]) -> list[tuple[int, ...]]:
    return [tuple(sorted(order[:k])) for k in range(1, len(order))]


def _receiver_order(prior: list[Any], xi: list[Any], rho: list[Any]) -> list[int]:
    """Types by decreasing receiver payoff (then sender payoff, then index)."""
    return sorted(range(len(prior)), key=lambda t: (-rho[t], -xi[t], t))


def _family(k: int, method: str, order: list[int]) -> list[tuple[int, ...]]:
    if method == "all":
        return [s for r in range(1, k) for s in itertools.combinations(range(k), r)]
    return _prefixes(order)


def _separate(
    prior: list[Any], z: list[Any], n: int, family: list[tuple], tol: Any
) -> list[tuple[int, ...]]:
    """Violated Border prefix sets not yet in ``family``."""
    known = set(family)
    k = len(prior)
    return [s for s, _ in border_violations(prior, z[:k], n, tol) if s not in known]


# ------------------------------------------------------------------------------ exact simplex
def _solve_square(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction]:
    """Exact solution of a square system; ``SolverError`` if ``matrix`` is singular."""
    solution = solve_exact(matrix, rhs)
    if solution is None:
        raise SolverError("exact simplex: singular basis", status="numerical trouble")
    return solution


def _dot(row: list[Any], z: list[Any]) -> Any:
    return sum((a * b for a, b in zip(row, z, strict=True)), row[0] * 0)


def _independent(rows: list[list[Fraction]], candidates: list[int], size: int) -> list[int]:
    """Greedily pick rows (in the given order) that are linearly independent."""
    echelon: list[tuple[int, list[Fraction]]] = []
    picked = []
    for k in candidates:
        vec = list(rows[k])
        for col, base in echelon:
            if vec[col] != 0:
                factor = vec[col] / base[col]
                vec = [a - factor * b for a, b in zip(vec, base, strict=True)]
        lead = next((c for c, v in enumerate(vec) if v != 0), None)
        if lead is not None:
            echelon.append((lead, vec))
            picked.append(k)
            if len(picked) == size:
                break
    return picked


def _feasible(lp: _ReducedLP, z: list[Fraction]) -> bool:
    return _dot(lp.rows[0], z) == lp.rhs[0] and all(
        _dot(row, z) <= b for row, b in zip(lp.rows[1:], lp.rhs[1:], strict=True)
    )


def _exact_simplex(lp: _ReducedLP, basis: list[int]) -> tuple[list[Fraction], dict[int, Fraction]]:
    """Primal simplex in rational arithmetic on the vertices of ``lp``.

    A basis is ``d`` linearly independent rows, row 0 (the equality) among
    them, tight at a feasible vertex.  While some inequality of the basis has
    a negative multiplier (``Bᵀu = c``), leave it (smallest index) and walk
    along the edge to the first row that becomes tight (smallest index among
    ties): Bland's rule, so no cycling.  Returns the optimal vertex and the
    exact multipliers ``u`` of the basis rows — an optimality certificate:
    ``c = Σ u_k a_k`` with ``u_k ≥ 0`` on inequalities.
    """
    d = len(lp.objective)
    for _ in range(MAX_PIVOTS):
        matrix = [lp.rows[k] for k in basis]
        z = _solve_square(matrix, [lp.rhs[k] for k in basis])
        transpose = [list(col) for col in zip(*matrix, strict=True)]
        u = _solve_square(transpose, list(lp.objective))
        negative = [(basis[pos], pos) for pos in range(d) if basis[pos] != 0 and u[pos] < 0]
        if not negative:
            return z, {basis[pos]: u[pos] for pos in range(d)}
        _, pos = min(negative)
        unit = [Fraction(-1) if r == pos else Fraction(0) for r in range(d)]
        direction = _solve_square(matrix, unit)
        in_basis = set(basis)
        best = None
        for k in range(1, len(lp.rows)):
            if k in in_basis:
                continue
            rate = _dot(lp.rows[k], direction)
            if rate > 0:
                step = (lp.rhs[k] - _dot(lp.rows[k], z)) / rate
                if best is None or step < best[0]:
                    best = (step, k)
        if best is None:
            raise SolverError("exact simplex: the reduced-form LP is unbounded", status="unbounded")
        basis = basis[:pos] + [best[1]] + basis[pos + 1 :]
    raise SolverError("exact simplex: pivot limit reached", status="numerical trouble")


def _start_basis(lp: _ReducedLP, order: list[int], model: str) -> list[int]:
    """A feasible vertex: greedy by receiver payoff (the receiver-preferred scheme).

    Its prefix sets are tight, it is persuasive (it maximizes ``ρ·y`` over the
    Border polytope, which contains ``y = p``), and the payment is fixed by
    ``P = 0`` (non-negative) or by the persuasiveness row (arbitrary).
    """
    index = {kind: k for k, kind in enumerate(lp.kinds)}
    basis = [0] + [index[("border", s)] for s in _prefixes(order)]
    if model == "nonnegative":
        basis.append(index[("payment",)])
    elif model == "arbitrary":
        basis.append(index[("persuasive",)])
    return basis


def _warm_basis(lp: _ReducedLP, z: np.ndarray, duals: dict) -> list[int] | None:
    """Independent rows active at HiGHS's solution, largest duals (by row kind) first."""
    matrix = np.array(lp.rows, dtype=float)
    rhs = np.array(lp.rhs, dtype=float)
    slack = rhs - matrix @ z
    active = [k for k in range(1, len(rhs)) if slack[k] <= FLOAT_TOL * (1 + abs(rhs[k]))]
    active.sort(key=lambda k: (-duals.get(lp.kinds[k], 0.0), slack[k], k))
    basis = _independent(lp.rows, [0, *active], len(lp.objective))
    return basis if len(basis) == len(lp.objective) else None


def _certify(
    data: _IidData,
    model: str,
    support: list[int],
    method: str,
    family: list[tuple],
    warm: tuple[np.ndarray, dict] | None,
) -> tuple[list[Fraction], Fraction]:
    """Exact optimum of the reduced-form LP: vertex and persuasiveness multiplier."""
    prior_e, xi_e, rho_e = ([part[t] for t in support] for part in data.exact)
    order = _receiver_order(prior_e, xi_e, rho_e)
    family = list(dict.fromkeys([*_prefixes(order), *family]))
    while True:
        lp = _build_lp(prior_e, xi_e, rho_e, data.n, model, family)
        basis = _warm_basis(lp, *warm) if warm is not None else None
        if basis is not None:
            z0 = _solve_square([lp.rows[k] for k in basis], [lp.rhs[k] for k in basis])
            if not _feasible(lp, z0):
                basis = None
        if basis is None:
            basis = _start_basis(lp, order, model)
            start = _solve_square([lp.rows[k] for k in basis], [lp.rhs[k] for k in basis])
            if not _feasible(lp, start):
                raise SolverError("exact simplex: no feasible start", status="numerical trouble")
        z, u = _exact_simplex(lp, basis)
        cuts = [] if method == "all" else _separate(prior_e, z, data.n, family, 0)
        if not cuts:
            persuasive = lp.kinds.index(("persuasive",))
            return z, u.get(persuasive, Fraction(0))
        family += cuts
        warm = None


# ------------------------------------------------------------------------------ result
@dataclass(frozen=True, eq=False)
class IidSolution:
    """The optimum over symmetric schemes of an i.i.d. action-types instance.

    Attributes
    ----------
    value: the sender's expected utility net of payments (equals the full LP's optimum).
    reduced_form: shape ``(m,)``, ``q_t`` = Pr[a given action has type ``t`` and is recommended].
    payments: shape ``(n,)``, the expected payment ``P(i) = P`` of each action (symmetric).
    receiver_value: the receiver's expected utility when following, payments included.
    multiplier: a symmetric dual ``λ`` (Corollary 1): the scheme maximizes ``s + nλ r``.
    payment_model: one of :data:`persuasion.model.PAYMENT_MODELS`.
    realization: a symmetric scheme implementing ``reduced_form`` (:func:`realize`).
    value_exact, reduced_form_exact, payment_exact, multiplier_exact: SymPy
        rationals certified by the rational simplex, or ``None`` (inputs not rational).
    """

    value: float
    reduced_form: np.ndarray
    payments: np.ndarray
    receiver_value: float
    multiplier: float
    payment_model: str
    realization: Realization = field(repr=False)
    type_prior: np.ndarray = field(repr=False)
    sender_by_type: np.ndarray = field(repr=False)
    receiver_by_type: np.ndarray = field(repr=False)
    value_exact: sp.Rational | None = None
    reduced_form_exact: tuple[sp.Rational, ...] | None = field(default=None, repr=False)
    payment_exact: sp.Rational | None = None
    multiplier_exact: sp.Rational | None = None

    @property
    def n_actions(self) -> int:
        """Number of actions ``n``."""
        return self.realization.n_actions

    def recommendation(self, profile: Any, exact: bool = False) -> np.ndarray:
        """The optimal scheme's recommendation distribution on one type profile."""
        return self.realization.recommendation(profile, exact=exact)

    def sample_recommendation(self, profile: Any, rng: Any) -> int:
        """A recommended action sampled from the optimal scheme on one type profile."""
        return self.realization.sample_recommendation(profile, rng)

    def instance(self) -> Instance:
        """The full instance (``m**n`` states; refused beyond :data:`MAX_STATES`)."""
        m, n = self.type_prior.shape[0], self.n_actions
        if m**n > MAX_STATES:
            raise ValueError(
                f"the instance has {m}**{n} states, more than the limit {MAX_STATES:,}; use "
                "the realization (recommendation, sample_recommendation) profile by profile"
            )
        return Instance.from_types(
            self.realization.type_prior, self.sender_by_type, self.receiver_by_type, n
        )

    def full_scheme(self, exact: bool = False) -> np.ndarray:
        """The realized scheme on every state of :meth:`instance`, shape ``(m**n, n)``."""
        exact = as_flag("exact", exact)
        return self.realization.scheme_on(self.instance().types, exact=exact)


def iid_optimum(
    type_prior: Any,
    sender_by_type: Any,
    receiver_by_type: Any,
    n_actions: int,
    payments: str = "none",
    *,
    border: str = "auto",
    exact: bool = True,
) -> IidSolution:
    """The optimal scheme for i.i.d. action types without enumerating the ``m**n`` states.

    Solves the reduced-form LP of the module docstring (``m`` variables,
    Border's constraints) with HiGHS for ``payments`` in ``"none"``,
    ``"nonnegative"``, ``"budget_balanced"`` (the same optimum as ``"none"``:
    symmetric payments with ``nP = 0``) or ``"arbitrary"``; the optimum equals
    that of :func:`persuasion.solve` on :meth:`persuasion.Instance.from_types`
    (Proposition 2).  ``border`` selects all ``2^m − 1`` Border sets
    (``"all"``), cutting planes separated by sorting (``"cutting_plane"``), or
    the first when at most :data:`ALL_SETS_LIMIT` types have positive
    probability (``"auto"``).  With ``exact`` and rational inputs (ints,
    Fractions, SymPy rationals, decimal floats; ``type_prior`` summing to
    exactly one) the optimum is certified in rational arithmetic and the float
    fields are rounded from it.
    """
    data = _iid_inputs(type_prior, sender_by_type, receiver_by_type, n_actions)
    model = check_payment_model(payments)
    border = as_choice("border", border, BORDER_METHODS)
    exact = as_flag("exact", exact)
    n, m = data.n, data.prior.shape[0]
    support = [t for t in range(m) if data.prior[t] > 0]
    k = len(support)
    method = border if border != "auto" else ("all" if k <= ALL_SETS_LIMIT else "cutting_plane")
    prior_f, xi_f, rho_f = ([float(v[t]) for t in support] for v in (data.prior, data.xi, data.rho))
    order = _receiver_order(prior_f, xi_f, rho_f)
    family = _family(k, method, order)
    # Rescaled LP (as persuasion.lp.solve does): payoffs divided by their largest
    # magnitude, the payment in units of the receiver's payoffs; unscaled below.
    xi_scale, rho_scale = _magnitude(data.xi), _magnitude(data.rho)
    xi_s, rho_s = [v / xi_scale for v in xi_f], [v / rho_scale for v in rho_f]
    for _ in range(2**k):
        lp = _build_lp(prior_f, xi_s, rho_s, n, model, family)
        if _has_payment(model):
            lp.objective[-1] = -n * rho_scale / xi_scale
        z, duals = _solve_highs(lp, model)
        cuts = [] if method == "all" else _separate(prior_f, list(z), n, family, 1e-9)
        if not cuts:
            break
        family += cuts
    else:  # pragma: no cover - each round adds a new set, so 2^k rounds suffice
        raise SolverError(
            "reduced-form LP: cutting planes did not converge", status="numerical trouble"
        )
    if _has_payment(model):
        z = np.r_[z[:k], z[k] * rho_scale]
    nu = float(duals[lp.kinds.index(("persuasive",))]) * xi_scale / rho_scale
    exact_fields: dict[str, Any] = {}
    if exact and data.exact is not None:
        warm = (z, dict(zip(lp.kinds, duals, strict=True)))
        z_e, nu_e = _certify(data, model, support, method, family, warm)
        y_e = [Fraction(0)] * m
        for pos, t in enumerate(support):
            y_e[t] = z_e[pos]
        pay_e = z_e[k] if _has_payment(model) else Fraction(0)
        prior_e, xi_e, rho_e = data.exact
        value_e = _dot(xi_e, y_e) - n * pay_e
        receiver_e = _dot(rho_e, y_e) + n * pay_e
        q_e = [v / n for v in y_e]
        exact_fields = {
            "value_exact": rational(value_e),
            "reduced_form_exact": tuple(rational(v) for v in q_e),
            "payment_exact": rational(pay_e),
            "multiplier_exact": rational(nu_e / n),
        }
        realization = realize(prior_e, q_e, n)
        value, receiver_value, pay, nu = (float(v) for v in (value_e, receiver_e, pay_e, nu_e))
        q = np.array([float(v) for v in q_e])
    else:
        y = np.zeros(m)
        y[support] = np.clip(z[:k], 0.0, None)
        y /= y.sum()
        pay = float(z[k]) if _has_payment(model) else 0.0
        if model == "nonnegative":
            pay = max(pay, 0.0)
        value = float(data.xi @ y - n * pay)
        receiver_value = float(data.rho @ y + n * pay)
        q = y / n
        realization = realize(data.prior, q, n, exact=False)
    return IidSolution(
        value=value,
        reduced_form=q,
        payments=np.full(n, pay),
        receiver_value=receiver_value,
        multiplier=nu / n,
        payment_model=model,
        realization=realization,
        type_prior=data.prior,
        sender_by_type=np.array(data.exact[1], dtype=object) if data.exact else data.xi,
        receiver_by_type=np.array(data.exact[2], dtype=object) if data.exact else data.rho,
        **exact_fields,
    )
