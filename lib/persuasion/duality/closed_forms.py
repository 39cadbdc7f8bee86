"""Closed-form optimal schemes with payments (Section 6, Propositions 4–6).

With payments in ``𝒫`` the coefficient of ``P(i)`` in the partial Lagrangian
(equation (1)) is ``Σ_{j≠i} λ(i, j) − 1``; with a symmetric dual ``λ`` it is
``(n − 1)λ − 1`` (Corollary 1).  Hence:

- arbitrary payments force ``(n − 1)λ = 1``: ``λ = 1/(n − 1)``, weight
  ``nλ = n/(n − 1)`` on the receiver's payoff (Proposition 5, symmetric
  priors), and for ``n = 2`` and any prior ``λ(0, 1) = λ(1, 0) = 1``, weight
  ``2`` (Proposition 4);
- non-negative payments force ``λ ≤ 1/(n − 1)``: the dual minimizes the convex
  function ``g(λ)`` of :class:`persuasion.threshold.LambdaPath` over
  ``[0, 1/(n − 1)]``, so the optimum is the no-payment optimum when
  ``λ* ≤ 1/(n − 1)`` and the ``n/(n − 1)`` scheme with optimal non-negative
  payments otherwise (Proposition 6's dichotomy);
- budget-balanced payments on a symmetric instance: the coefficients are equal
  so ``Σ_i P(i) = 0`` kills the payment term, and the optimum equals the
  no-payment optimum (a symmetric optimal solution pays ``P(i) = 0``).

Every function returns an :class:`~persuasion.duality.ExactSolution` whose
``exact_value`` is certified by :func:`persuasion.duality.lagrangian_bound` at
the symmetric dual ``multiplier``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ..model import Instance, check_payment_model
from ..rational import rational, to_fractions
from ..validation import as_positive_int
from .lagrangian import _check_instance, _require_symmetric
from .threshold import threshold_optimum
from .weighted import ExactSolution, exact_solution
from .weighted import weighted_scheme as _weighted


def _payment_scheme(instance: Instance, payments: str, model: str, regime: str) -> ExactSolution:
    """``argmax s + n/(n−1) r`` (uniform ties) with optimal or optimal non-negative payments."""
    n = instance.n_actions
    lam = Fraction(1, n - 1)
    scheme = _weighted(instance, n * lam, exact=True)
    return exact_solution(
        instance, scheme, payments, payment_model=model, multiplier=lam, regime=regime
    )


def arbitrary_payment_optimum(instance: Instance) -> ExactSolution:
    """The optimum with arbitrary payments: Propositions 4 and 5.

    Recommends, state by state, a uniformly random action maximizing
    ``s + n/(n − 1)·r`` (``s + 2r`` when ``n = 2``) and pays the optimal payments
    ``T_i`` of Observation 1.  Valid for symmetric instances (Proposition 5)
    and for every two-action instance (Proposition 4); other instances raise
    ``ValueError``.
    """
    instance = _check_instance(instance)
    n = instance.n_actions
    if instance.is_symmetric():
        regime = "Proposition 5: argmax s + n/(n-1) r, optimal payments"
    elif n == 2:
        regime = "Proposition 4: argmax s + 2r, optimal payments"
    else:
        raise ValueError(
            "instance must be symmetric (Proposition 5) or have two actions (Proposition 4), "
            f"got a non-symmetric instance with {n} actions"
        )
    return _payment_scheme(instance, "optimal", "arbitrary", regime)


def nonnegative_payment_optimum(instance: Instance) -> ExactSolution:
    """The optimum with non-negative payments on a symmetric instance (Proposition 6).

    With ``λ*`` the no-payment threshold (:func:`persuasion.threshold_optimum`):
    if ``λ* ≤ 1/(n − 1)`` the no-payment optimum (regime 1), otherwise the
    ``n/(n − 1)`` scheme with its optimal non-negative payments (regime 2).  The
    value equals Proposition 6's "better of the two" (tested), and the regime
    is read off ``λ*`` without comparing values.
    """
    instance = _require_symmetric(instance)
    n = instance.n_actions
    none = threshold_optimum(instance)
    if none.multiplier <= Fraction(1, n - 1):
        return dataclasses.replace(
            none,
            payment_model="nonnegative",
            regime="Proposition 6 (1): the no-payment optimum (λ* ≤ 1/(n-1))",
        )
    return _payment_scheme(
        instance,
        "optimal_nonnegative",
        "nonnegative",
        "Proposition 6 (2): argmax s + n/(n-1) r, optimal non-negative payments (λ* > 1/(n-1))",
    )


def closed_form_optimum(instance: Instance, payments: str = "none") -> ExactSolution:
    """The exact optimum of a symmetric instance (or a two-action one, with
    arbitrary payments) without an LP, for each of the four payment models.

    ``"none"``: :func:`persuasion.threshold_optimum`; ``"budget_balanced"``: the
    same scheme, without payments (see the module docstring);
    ``"nonnegative"``: :func:`nonnegative_payment_optimum`; ``"arbitrary"``:
    :func:`arbitrary_payment_optimum`.
    """
    model = check_payment_model(payments)
    if model == "arbitrary":
        return arbitrary_payment_optimum(instance)
    if model == "nonnegative":
        return nonnegative_payment_optimum(instance)
    solution = threshold_optimum(instance)
    if model == "budget_balanced":
        return dataclasses.replace(
            solution,
            payment_model="budget_balanced",
            regime="budget-balanced = no payments on a symmetric instance (λ(i, j) all equal)",
        )
    return solution


# ------------------------------------------------------------------------- helpers for Section 4
def recommendation_by_type(
    instance: Instance, scheme: Any, action: int = 0
) -> tuple[sp.Rational | None, ...]:
    """``Pr[action is recommended | action has type t]`` for each type ``t``, exactly.

    The interim recommendation probabilities quoted in Section 4.1 ("conditioned
    on action A having type (1, 1), it is recommended with probability 7/8").
    Requires an action-types instance and a rational scheme; a type of
    probability zero gives ``None``.
    """
    instance = _check_instance(instance)
    if instance.types is None:
        raise ValueError("instance must be an action-types instance (from_types / from_profiles)")
    n = instance.n_actions
    if isinstance(action, bool) or not isinstance(action, int | np.integer) or not 0 <= action < n:
        raise ValueError(f"action must be an integer in 0..{n - 1}, got {action!r}")
    phi = to_fractions("scheme", scheme)
    if phi.shape != (instance.n_states, n):
        raise ValueError(f"scheme must have shape {(instance.n_states, n)}, got {phi.shape}")
    prior = instance.exact_values[0]
    out: list[sp.Rational | None] = []
    for t in range(int(instance.types.max()) + 1):
        rows = instance.types[:, action] == t
        mass = sum(prior[rows], Fraction(0))
        joint = sum(prior[rows] * phi[rows, action], Fraction(0))
        out.append(rational(joint / mass) if mass else None)
    return tuple(out)


@dataclass(frozen=True)
class SymmetricLagrangian:
    """The partial Lagrangian (1) of one state with a symmetric dual, in SymPy.

    ``expression = Σ_i φ_i (s_i + r_i Σ_{j≠i} λ − Σ_{j≠i} λ r_j) + Σ_i P_i (Σ_{j≠i} λ − 1)``
    for ``n`` concrete actions (probability of the state folded into ``φ``).
    """

    expression: sp.Expr
    lam: sp.Symbol
    phi: tuple[sp.Symbol, ...]
    s: tuple[sp.Symbol, ...]
    r: tuple[sp.Symbol, ...]
    P: tuple[sp.Symbol, ...]


def symmetric_lagrangian(n_actions: int) -> SymmetricLagrangian:
    """Equation (1) with ``λ(i, j) = λ`` for ``n_actions`` actions, symbolically
    (the starting point of Corollary 1 and of Propositions 4–6)."""
    n = as_positive_int("n_actions", n_actions, minimum=2)
    lam = sp.Symbol("lambda", nonnegative=True)
    phi = sp.symbols(f"phi1:{n + 1}", nonnegative=True)
    s = sp.symbols(f"s1:{n + 1}", real=True)
    r = sp.symbols(f"r1:{n + 1}", real=True)
    pay = sp.symbols(f"P1:{n + 1}", real=True)
    others = [[j for j in range(n) if j != i] for i in range(n)]
    expression = sum(
        phi[i] * (s[i] + r[i] * sum(lam for _ in others[i]) - sum(lam * r[j] for j in others[i]))
        + pay[i] * (sum(lam for _ in others[i]) - 1)
        for i in range(n)
    )
    return SymmetricLagrangian(sp.expand(expression), lam, phi, s, r, pay)
