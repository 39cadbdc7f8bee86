"""Exact rational evaluation of schemes.

The same arithmetic as :func:`persuasion.evaluate`, run on
:class:`fractions.Fraction` and returned as SymPy rationals, so that a value
stated as a fraction in a source can be checked with ``==``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from .model import Instance
from .payments import check_payments, value_of
from .rational import rational, to_fractions


@dataclass(frozen=True)
class ExactEvaluation:
    """Exact counterpart of :class:`persuasion.payments.Evaluation` (SymPy rationals)."""

    sender: sp.Rational
    receiver: sp.Rational
    payments: tuple[sp.Rational, ...]
    thresholds: tuple[sp.Rational, ...]
    persuasive: bool


def evaluate_exact(instance: Instance, scheme: Any, payments: Any = None) -> ExactEvaluation:
    """Exact value of ``scheme`` under ``payments`` (see :func:`persuasion.evaluate`).

    Requires an instance built from rational inputs (``instance.exact`` set) and a
    rational scheme whose rows sum to exactly one; ``persuasive`` is then an exact
    verdict.
    """
    if not isinstance(instance, Instance):
        raise ValueError(f"instance must be a persuasion.Instance, got {type(instance).__name__}")
    if instance.exact is None:
        raise ValueError("instance must be built from rational inputs for exact evaluation")
    prior, sender, receiver = instance.exact
    phi = to_fractions("scheme", scheme)
    if phi.shape != (instance.n_states, instance.n_actions):
        raise ValueError(
            f"scheme must have shape {(instance.n_states, instance.n_actions)}, got {phi.shape}"
        )
    if any(entry < 0 for entry in phi.ravel()):
        raise ValueError("scheme must be non-negative")
    bad = [k for k, row in enumerate(phi) if sum(row) != 1]
    if bad:
        raise ValueError(f"scheme: row {bad[0]} must sum to exactly one")
    paid = check_payments(instance, payments)
    if not (paid is None or isinstance(paid, str)):
        paid = to_fractions("payments", payments)
    result = value_of(prior, sender, receiver, phi, paid, Fraction(0))
    return ExactEvaluation(
        sender=rational(result.sender),
        receiver=rational(result.receiver),
        payments=tuple(rational(p) for p in result.payments),
        thresholds=tuple(rational(t) for t in result.thresholds),
        persuasive=result.persuasive,
    )
