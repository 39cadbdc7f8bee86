"""A simple (1 − 1/e)-approximate scheme for i.i.d. action types (Dughmi and Xu, 2016).

Besides the exact reduced-form optimum (:func:`persuasion.symmetric.iid_optimum`),
Dughmi and Xu give a *simple* scheme for i.i.d. actions that guarantees a
``1 − 1/e`` fraction of the optimum (no payments, non-negative sender payoffs).
This module implements it and computes its value exactly.

**The relaxation.**  A symmetric scheme has ``x_t = q_t / p_t`` (the probability
that an action is recommended given that its type is ``t``) with
``Σ_t p_t x_t = 1/n`` (exactly one action is recommended) and, by Lemma 1,
persuasiveness ``n Σ_t p_t x_t ρ_t ≥ Σ_t p_t ρ_t``.  Keeping only these and
``0 ≤ x ≤ 1`` (dropping Border's constraints) gives an LP, with two constraints,
whose value ``n Σ_t p_t x_t ξ_t`` is at least the optimum.

**The scheme.**  Independently for each action ``i``, flag it with probability
``x_{θ_i}``.  Recommend a uniformly random flagged action; if none is flagged,
a uniformly random action.

*Persuasive:* if none is flagged, the recommended action and the others have the
same type distribution (the receiver is indifferent).  If some is flagged, the
recommended one has type distribution ``∝ p_t x_t`` and any other one a mixture
of ``∝ p_t x_t`` and ``∝ p_t (1 − x_t)``; the persuasiveness constraint of the
relaxation says exactly that the first has the larger mean of ``ρ``.

*(1 − 1/e):* the number of other flagged actions is binomial
``(n − 1, 1/n)``, so a flagged action is recommended with probability
``E[1/(1 + K)] = 1 − (1 − 1/n)^n ≥ 1 − 1/e``: the flagged part alone earns that
fraction of the relaxation's value, and the fallback adds ``≥ 0`` when ``ξ ≥ 0``.

The reduced form of the scheme is
``y_t = (1 − (1 − π)^n) p_t x_t / π + (1 − π)^n p_t (1 − x_t) / (1 − π)`` with
``π = Σ_t p_t x_t``; :func:`approximate_scheme` returns it exactly (rational
inputs) together with the relaxation's value.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from ..errors import SolverError
from ..rational import solve_exact, to_fraction
from ..validation import as_distribution, as_finite_array, as_positive_int, check_shape

#: Coordinates of the relaxation's solution within this of 0 or 1 are taken at the bound.
BOUND_TOL = 1e-9


@dataclass(frozen=True)
class ApproximateScheme:
    """The simple scheme of the module doc for one i.i.d. instance.

    Attributes
    ----------
    flags: ``x_t``, the probability of flagging an action of type ``t`` (Fractions).
    value: the sender's expected payoff of the scheme (Fraction).
    receiver_value: the receiver's expected payoff from following it (Fraction).
    relaxation_value: the relaxation's optimum, an upper bound on the optimum.
    reduced_form: ``y_t``, the probability that the recommended action has type ``t``.
    guarantee: ``1 − (1 − 1/n)^n``, the fraction of ``relaxation_value`` the flagged
        part alone earns (``≥ 1 − 1/e``).
    persuasive: whether ``ρ·y ≥ ρ·p`` holds exactly (Lemma 1); always true by construction.
    """

    flags: tuple[Fraction, ...]
    value: Fraction
    receiver_value: Fraction
    relaxation_value: Fraction
    reduced_form: tuple[Fraction, ...]
    guarantee: Fraction
    persuasive: bool


def _inputs(prior: Any, xi: Any, rho: Any) -> tuple[list[Fraction], ...]:
    p = as_distribution("type_prior", prior)
    m = p.shape[0]
    for name, value in (("sender_by_type", xi), ("receiver_by_type", rho)):
        check_shape(name, as_finite_array(name, value, ndim=1), (m,))
    p_e = [to_fraction(v) for v in np.asarray(prior, dtype=object).ravel()]
    if sum(p_e) != 1:
        raise ValueError(f"type_prior must sum to exactly 1 in rational arithmetic, got {sum(p_e)}")
    xi_e = [to_fraction(v) for v in np.asarray(xi, dtype=object).ravel()]
    rho_e = [to_fraction(v) for v in np.asarray(rho, dtype=object).ravel()]
    return p_e, xi_e, rho_e


def _relaxation(p: list[Fraction], xi: list[Fraction], rho: list[Fraction], n: int) -> list:
    """An optimal vertex of the relaxation, in exact arithmetic.

    HiGHS finds the vertex; the coordinates it leaves strictly inside ``(0, 1)``
    are recomputed exactly from the tight constraints (one or two of them).
    """
    m = len(p)
    pf, xf, rf = (np.array([float(v) for v in a]) for a in (p, xi, rho))
    mean_rho = sum(a * b for a, b in zip(p, rho, strict=True))
    result = linprog(
        -n * pf * xf,
        A_ub=[-n * pf * rf],
        b_ub=[-float(mean_rho)],
        A_eq=[pf],
        b_eq=[1.0 / n],
        bounds=[(0.0, 1.0)] * m,
        method="highs",
    )
    if result.status != 0:  # pragma: no cover - x = 1/n is always feasible
        raise SolverError(f"approximation relaxation: {result.message}", status="numerical trouble")
    x = result.x
    fixed = {t: Fraction(int(round(x[t]))) for t in range(m) if min(x[t], 1 - x[t]) < BOUND_TOL}
    free = [t for t in range(m) if t not in fixed]
    rows = [[p[t] for t in free]]
    rhs = [Fraction(1, n) - sum(p[t] * v for t, v in fixed.items())]
    slack = float(-n * pf @ (rf * x) + float(mean_rho))
    if len(free) > 1 or abs(slack) < 1e-9:
        rows.append([n * p[t] * rho[t] for t in free])
        rhs.append(mean_rho - n * sum(p[t] * rho[t] * v for t, v in fixed.items()))
    exact = dict(fixed)
    if free:
        if len(rows) > len(free):
            rows, rhs = rows[: len(free)], rhs[: len(free)]
        solution = solve_exact(rows, rhs) if len(rows) == len(free) else None
        if solution is None:
            raise SolverError("approximation relaxation: degenerate vertex", "numerical trouble")
        exact.update(zip(free, solution, strict=True))
    flags = [exact[t] for t in range(m)]
    mass = sum(a * b for a, b in zip(p, flags, strict=True))
    if any(not 0 <= v <= 1 for v in flags) or mass != Fraction(1, n):
        raise SolverError(
            "approximation relaxation: rounding left the polytope", status="numerical trouble"
        )
    return flags


def approximate_scheme(
    type_prior: Any, sender_by_type: Any, receiver_by_type: Any, n_actions: int
) -> ApproximateScheme:
    """The simple (1 − 1/e)-approximate scheme for ``n_actions`` i.i.d. actions (no payments).

    ``type_prior``, ``sender_by_type`` (``ξ``) and ``receiver_by_type`` (``ρ``) are
    per-type vectors of rational numbers (ints, Fractions, decimal strings or floats);
    the returned numbers are exact.  The guarantee ``value ≥ (1 − 1/e) · optimum``
    needs ``ξ ≥ 0``.
    """
    n = as_positive_int("n_actions", n_actions, minimum=2)
    p, xi, rho = _inputs(type_prior, sender_by_type, receiver_by_type)
    flags = _relaxation(p, xi, rho, n)
    pi = sum(a * b for a, b in zip(p, flags, strict=True))
    some = 1 - (1 - pi) ** n
    y = [
        some * pt * x / pi + (1 - some) * pt * (1 - x) / (1 - pi)
        for pt, x in zip(p, flags, strict=True)
    ]
    value = sum(a * b for a, b in zip(xi, y, strict=True))
    receiver = sum(a * b for a, b in zip(rho, y, strict=True))
    mean_rho = sum(a * b for a, b in zip(p, rho, strict=True))
    relaxed = n * sum(a * b * c for a, b, c in zip(p, flags, xi, strict=True))
    return ApproximateScheme(
        flags=tuple(flags),
        value=value,
        receiver_value=receiver,
        relaxation_value=relaxed,
        reduced_form=tuple(y),
        guarantee=1 - (1 - Fraction(1, n)) ** n,
        persuasive=receiver >= mean_rho,
    )


def flagging_scheme(flags: Any, profiles: Any) -> np.ndarray:
    """The scheme's recommendation distribution on each type profile (rows of ``profiles``).

    On a profile, each action ``i`` is flagged independently with probability
    ``flags[θ_i]``; the recommendation is uniform among the flagged actions, or
    among all actions if none is flagged.  Computed exactly (object array of
    Fractions) by conditioning on the flagged set's size; for tests on small ``n``.
    """
    x = [to_fraction(v) for v in np.asarray(flags, dtype=object).ravel()]
    table = np.asarray(profiles, dtype=int)
    if table.ndim != 2 or table.size == 0 or table.min() < 0 or table.max() >= len(x):
        raise ValueError("profiles must be a 2-D array of type indices into flags")
    n = table.shape[1]
    out = np.empty(table.shape, dtype=object)
    for row, profile in enumerate(table):
        probs = [x[t] for t in profile]
        none = Fraction(1)
        for v in probs:
            none *= 1 - v
        for i in range(n):
            # Pr[i flagged] · E[1 / (1 + number of other flagged)]
            dist = [Fraction(1)]  # distribution of the number of other flagged actions
            for j in range(n):
                if j == i:
                    continue
                nxt = [Fraction(0)] * (len(dist) + 1)
                for k, w in enumerate(dist):
                    nxt[k] += w * (1 - probs[j])
                    nxt[k + 1] += w * probs[j]
                dist = nxt
            expected = sum(w / (k + 1) for k, w in enumerate(dist))
            out[row, i] = probs[i] * expected + none / n
    return out
