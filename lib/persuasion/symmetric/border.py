"""Border's theorem for symmetric reduced forms, with separation by sorting.

For i.i.d. action types with probabilities ``p_t`` and a symmetric scheme, let
``y_t = q_t / p_t`` be the probability that an action of type ``t`` is
recommended.  The reduced form ``q`` is realizable if and only if, for every
set ``A`` of types, ``n Σ_{t∈A} q_t ≤ 1 − (1 − p(A))^n`` (Border 1991), with
equality for all types; the most violated set is always a prefix of the types
sorted by ``y_t`` in decreasing order, so ``m`` checks separate.
"""

from __future__ import annotations

import math
from typing import Any

#: Float tolerance for Border feasibility and active constraints of the HiGHS solution.
FLOAT_TOL = 1e-7


def border_bound(probability: Any, n_actions: int) -> Any:
    """``1 − (1 − p(S))^n``: the largest probability that the recommended action
    has its type in a set ``S`` of probability ``p(S)`` (Border's constraint).
    Exact for Fractions; for floats computed as ``−expm1(n log1p(−p))``, which keeps
    its relative accuracy for tiny ``p`` (where ``1 − (1 − p)^n`` rounds to 0)."""
    if isinstance(probability, float):
        if probability >= 1.0:
            return 1.0
        return -math.expm1(n_actions * math.log1p(-probability))
    return 1 - (1 - probability) ** n_actions


def chord_slope(below: Any, mass: Any, n_actions: int) -> Any:
    """``(g(below + mass) − g(below)) / mass`` for ``g(P) = 1 − (1 − P)^n``: the average
    slope of Border's bound over a block of types of probability ``mass`` above
    ``below``.  Exact for Fractions; for floats it never divides a difference of
    rounded cumulative probabilities (a block of probability 1e-300 next to 0.5 has
    slope ``n (1/2)^(n−1)``, not 0/0)."""
    if not isinstance(mass, float):
        return (border_bound(below + mass, n_actions) - border_bound(below, n_actions)) / mass
    rest = 1.0 - below
    if rest <= 0.0:
        return 0.0
    ratio = min(mass / rest, 1.0)
    if ratio >= 1.0:
        return rest ** (n_actions - 1)
    # (rest^n − (rest − mass)^n) / mass = rest^(n−1) · (−expm1(n log1p(−ratio))) / ratio
    return rest ** (n_actions - 1) * (-math.expm1(n_actions * math.log1p(-ratio))) / ratio


def border_violations(
    type_prior: Any, recommended: Any, n_actions: int, tol: Any = 0
) -> list[tuple[tuple[int, ...], Any]]:
    """Prefix sets violating Border's constraint, most violated first (separation by sorting).

    ``recommended[t] = y_t = n q_t`` is the probability that the recommended
    action has type ``t``.  The types of positive probability are sorted by
    ``y_t / p_t`` (ties by index); for every prefix ``S`` the violation is
    ``V(S) = y(S) − g(p(S))`` with ``g(P) = 1 − (1 − P)^n``.  Border's theorem
    (symmetric form): ``y`` is realizable iff no set is violated.  Some most
    violated set is a prefix: if ``a ∉ S`` comes before ``b ∈ S`` then
    ``V(S ∪ {a}) ≥ V(S)`` or ``V(S \\ {b}) ≥ V(S)`` (otherwise concavity of
    ``g`` gives ``x_a < g'(p(S)) < x_b``); adding the first type outside ``S``
    or removing the last type inside strictly reduces the out-of-order pairs.
    Returns ``[(S, violation), ...]`` with ``violation > tol``; works on floats
    and on Fractions alike (``tol=0`` is then exact).
    """
    order = sorted(
        (t for t in range(len(type_prior)) if type_prior[t] > 0),
        key=lambda t: (-(recommended[t] / type_prior[t]), t),
    )
    out = []
    mass = prob = type_prior[0] * 0
    for k, t in enumerate(order[:-1]):
        mass += recommended[t]
        prob += type_prior[t]
        violation = mass - border_bound(prob, n_actions)
        if violation > tol:
            out.append((tuple(sorted(order[: k + 1])), violation))
    return sorted(out, key=lambda item: -item[1])


