"""The optimal messaging policy against a known distribution over receiver types.

A policy is a finite set of messages, message ``m`` sent with probability
``x_m = σ(m | ω = 1)`` in state 1 and ``y_m = σ(m | ω = 0)`` in state 0.  Each
message acts on an upper set of beliefs, so it is summarized by its *lowest buyer*;
merging the messages with the same lowest buyer keeps every buyer buying.  With the
distinct beliefs ``p_1 < … < p_n`` (probabilities ``w_j``), the suffix sums
``A_j = Σ_{i ≥ j} w_i p_i`` and ``B_j = Σ_{i ≥ j} w_i (1 - p_i)`` and
``c_j = (1 - t) p_j / (t (1 - p_j))``, every policy's value is attained by the LP

.. math::

    \\max \\sum_j A_j x_j + B_j y_j \\quad\\text{s.t.}\\quad
    y_j \\le c_j x_j,\\quad \\sum_j x_j \\le 1,\\quad \\sum_j y_j \\le 1,\\quad x, y \\ge 0 .

It has two constraints besides the cones ``y_j ≤ c_j x_j``, so an optimal vertex
uses at most two extreme rays (chapter "AI and persuasion", proposition
"Optimal messaging policy").  :func:`optimal_policy` enumerates them:

- *reveal*: recommend buying in state 1 only (value ``μ_0 = A_1``);
- *one target* ``j`` with ``p_j < t``: one purchase message ``(1, c_j)``;
- *target above* ``h`` with ``t ≤ p_h < 1``: purchase messages ``(1/c_h, 1)``
  (bought from ``p_h`` up) and ``(1 - 1/c_h, 0)`` (bought by everyone);
- *two targets* ``i`` (``p_i < t``) and ``h`` (``p_h > t``): purchase messages
  ``(β_i/c_i, β_i)`` and ``(β_h/c_h, β_h)`` exhausting both states.

The enumeration is exact in rational arithmetic and takes ``O(n²)`` steps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from .receiver_types import (
    FLOAT_TOL,
    HALF,
    Number,
    ReceiverTypes,
    acts,
    is_exact_scalar,
    odds_ratio,
    read_scalar,
    receiver_types,
)


@dataclass(frozen=True)
class Message:
    """One message of a policy.

    Attributes
    ----------
    state1, state0: the probabilities ``σ(m | ω = 1)`` and ``σ(m | ω = 0)``.
    buyers: indices (in the order the types were given) of the types that see the
        message with positive probability and act on it.
    """

    state1: Number
    state0: Number
    buyers: tuple[int, ...]


@dataclass(frozen=True)
class Policy:
    """An optimal messaging policy, as returned by :func:`optimal_policy`.

    Attributes
    ----------
    value: the probability of a sale (the sender's expected utility).
    messages: every message sent with positive probability, purchase messages first.
    targets: the beliefs of the types the purchase messages make indifferent.
    kind: ``"reveal"``, ``"one target"``, ``"target above"`` or ``"two targets"``.
    """

    value: Number
    messages: tuple[Message, ...]
    targets: tuple[Number, ...]
    kind: str


@dataclass(frozen=True)
class Plan:
    """An optimal vertex for one set of levels: its value and its messages ``(x, y)``."""

    value: Number
    pairs: tuple[tuple[Number, Number], ...]
    targets: tuple[Number, ...]
    kind: str


def best_plan(p: Sequence[Number], w: Sequence[Number], t: Number, exact: bool) -> Plan:
    """The optimal policy for ascending distinct beliefs ``p`` with weights ``w``.

    The weights need not sum to one: the value is then the unnormalized
    ``Pr[cell] · value``, which is what a cell of a query partition contributes.
    """
    zero, one = (Fraction(0), Fraction(1)) if exact else (0.0, 1.0)
    tol = zero if exact else FLOAT_TOL
    n = len(p)
    A, B = [zero] * (n + 1), [zero] * (n + 1)
    for j in range(n - 1, -1, -1):
        A[j] = A[j + 1] + w[j] * p[j]
        B[j] = B[j + 1] + w[j] * (one - p[j])
    mu = A[0]
    best = Plan(mu, ((one, zero),), (), "reveal")

    def consider(plan: Plan) -> None:
        nonlocal best
        if plan.value > best.value + tol:
            best = plan

    low = [j for j in range(n) if zero < p[j] < t]
    high = [h for h in range(n) if t <= p[h] < one]
    c = {j: odds_ratio(p[j], t) for j in low + high}
    for j in low:
        consider(Plan(A[j] + c[j] * B[j], ((one, c[j]),), (p[j],), "one target"))
    for h in high:
        u = one / c[h]
        pairs = ((u, one), (one - u, zero)) if u < one else ((one, one),)
        consider(Plan((one - u) * mu + u * A[h] + B[h], pairs, (p[h],), "target above"))
    for i in low:
        ui = one / c[i]
        for h in high:
            uh = one / c[h]
            if uh >= one:
                continue  # p_h = t: the pair degenerates to the single target h
            beta_i = (one - uh) / (ui - uh)
            beta_h = one - beta_i
            value = beta_i * (ui * A[i] + B[i]) + beta_h * (uh * A[h] + B[h])
            pairs = ((beta_i * ui, beta_i), (beta_h * uh, beta_h))
            consider(Plan(value, pairs, (p[i], p[h]), "two targets"))
    return best


def _with_remainder(pairs: tuple[tuple[Number, Number], ...], exact: bool):
    """Add the no-purchase message carrying what the purchase messages leave."""
    one = Fraction(1) if exact else 1.0
    rest = (one - sum(x for x, _ in pairs), one - sum(y for _, y in pairs))
    if not exact:
        rest = tuple(0.0 if abs(v) < FLOAT_TOL else v for v in rest)
    return pairs + ((rest,) if rest[0] > 0 or rest[1] > 0 else ())


def buyers_of(types: ReceiverTypes, state1: Number, state0: Number) -> tuple[int, ...]:
    """The types that see the message ``(state1, state0)`` with positive probability
    and act on it (in floating point, within ``FLOAT_TOL`` of indifference counts as
    indifferent)."""
    t, tol = types.threshold, (0 if types.exact else FLOAT_TOL)
    return tuple(
        k
        for k, p in enumerate(types.beliefs)
        if p * state1 + (1 - p) * state0 > 0 and acts(p, state1, state0, t, tol)
    )


def optimal_policy(beliefs: Any, weights: Any, threshold: Any = HALF) -> Policy:
    """The sender's optimal messaging policy when the receiver's belief is ``beliefs[k]``
    with probability proportional to ``weights[k]``, and she buys iff her posterior is
    at least ``threshold``.

    Exact (Fractions) when every input is rational; see the module docstring for the
    four forms an optimal policy takes.  Raises ``ValueError`` naming the argument on
    malformed input.
    """
    types = receiver_types(beliefs, weights, threshold)
    plan = best_plan(types.levels, types.level_weights, types.threshold, types.exact)
    messages = tuple(
        Message(x, y, buyers_of(types, x, y))
        for x, y in _with_remainder(plan.pairs, types.exact)
    )
    return Policy(plan.value, messages, plan.targets, plan.kind)


def read_policy(policy: Any, exact: bool) -> list[tuple[Number, Number]]:
    """A policy given as a :class:`Policy` or as a sequence of ``(σ(m|1), σ(m|0))``
    pairs: entries in ``[0, 1]``, each state's probabilities summing to one."""
    if isinstance(policy, Policy):
        policy = [(m.state1, m.state0) for m in policy.messages]
    if isinstance(policy, np.ndarray):
        policy = policy.tolist()
    if isinstance(policy, str | bytes) or not isinstance(policy, Sequence) or not policy:
        raise ValueError("policy must be a non-empty sequence of (state1, state0) pairs")
    pairs = []
    for m, pair in enumerate(policy):
        if isinstance(pair, str | bytes) or not isinstance(pair, Sequence) or len(pair) != 2:
            raise ValueError(f"policy: message {m} must be a pair (state1, state0)")
        x, y = (read_scalar("policy", v, exact) for v in pair)
        if not (0 <= x <= 1 and 0 <= y <= 1):
            raise ValueError(f"policy: message {m} has a probability outside [0, 1]")
        pairs.append((x, y))
    for state, k in (("state 1", 0), ("state 0", 1)):
        total = sum(pair[k] for pair in pairs)
        if (total != 1) if exact else abs(total - 1) > 1e-9:
            raise ValueError(f"policy: the probabilities of {state} must sum to one, got {total}")
    return pairs


def policy_exact(policy: Any) -> bool:
    """Whether every number of ``policy`` is read exactly."""
    if isinstance(policy, Policy):
        return all(isinstance(v, Fraction) for m in policy.messages for v in (m.state1, m.state0))
    try:
        return all(is_exact_scalar(v) for pair in policy for v in pair)
    except TypeError:
        return False


def policy_value(beliefs: Any, weights: Any, policy: Any, threshold: Any = HALF) -> Number:
    """The probability of a sale when ``policy`` is used against the types: every
    type best-responds to every message by Bayes' rule (buying when indifferent).

    An evaluation independent of :func:`optimal_policy`, used to check it.
    """
    types = receiver_types(beliefs, weights, threshold)
    exact = types.exact and policy_exact(policy)
    pairs = read_policy(policy, exact)
    if not exact and types.exact:
        types = receiver_types(
            [float(v) for v in types.beliefs],
            [float(v) for v in types.weights],
            float(types.threshold),
        )
    total = types.zero()
    for x, y in pairs:
        for k in buyers_of(types, x, y):
            p = types.beliefs[k]
            total += types.weights[k] * (p * x + (1 - p) * y)
    return total
