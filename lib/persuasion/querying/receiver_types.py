"""Receiver types: beliefs, their distribution (the sender's "second-order prior"),
and the receiver's acting rule.

The model of the part "persuasion with AI" of Immorlica's talk
(Harris, Immorlica, Lucier and Slivkins 2023, arXiv:2311.18138): the state is
``ω ∈ {0, 1}``; a receiver *type* ``τ`` is a belief ``p_τ = Pr[ω = 1]`` that the
receiver knows and the sender does not; the sender knows the distribution of
types.  After a message ``m`` sent with probabilities ``x = σ(m | ω = 1)`` and
``y = σ(m | ω = 0)`` a receiver of belief ``p`` acts (buys) iff her posterior is
at least the threshold ``t``:

.. math::  p x (1 - t) \\ge t (1 - p) y ,

the posterior inequality with its denominator cleared (she acts when
indifferent; at ``t = 1/2`` this is the talk's ``u_R = a(2ω - 1)``).  The
inequality is monotone in ``p``: every message acts on an upper set of beliefs.

Numbers are exact :class:`~fractions.Fraction` when every input is an int, a
Fraction, a SymPy rational or a string such as ``"7/40"``, and floats otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from ..rational import to_fraction
from ..validation import as_finite_array, as_real

#: The talk's threshold: ``u_R = a(2ω - 1)`` makes the receiver act iff ``Pr[ω = 1] ≥ 1/2``.
HALF = Fraction(1, 2)

#: Float inputs whose weights sum to within this of each other are the same number.
FLOAT_TOL = 1e-12

Number = Fraction | float

_EXACT_SCALARS = (int, np.integer, Fraction, sp.Rational, str)


def is_exact_scalar(value: Any) -> bool:
    """Whether ``value`` is read exactly (an int, Fraction, SymPy rational or string)."""
    return isinstance(value, _EXACT_SCALARS) and not isinstance(value, bool | np.bool_)


def _check_not_boolean(name: str, value: Any) -> None:
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be a number, got the boolean {value!r}")


def read_scalar(name: str, value: Any, exact: bool) -> Number:
    """A finite real scalar, as a Fraction when ``exact`` else as a float.

    A string such as ``"1/3"`` is read exactly (this package's one exception to the
    input contract's "no strings"); every other value goes through the shared check
    :func:`persuasion.validation.as_real` (no booleans, complex numbers, NaN, infinities
    or magnitudes too large to compute with).
    """
    _check_not_boolean(name, value)
    if isinstance(value, list | tuple | np.ndarray | dict | set):
        raise ValueError(f"{name} must be a single number, got {type(value).__name__}")
    if isinstance(value, str):
        try:
            fraction = to_fraction(value)
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None
        as_real(name, float(fraction))  # range of the number it spells
        return fraction if exact else float(fraction)
    number = as_real(name, value)
    return to_fraction(value) if exact else number


def is_vector(value: Any) -> bool:
    """Whether ``value`` is a 1-D sequence (not a string, not ragged)."""
    if isinstance(value, str | bytes):
        return False
    try:
        return np.ndim(value) == 1
    except ValueError:  # a ragged nested sequence
        return False


def read_vector(name: str, value: Any) -> tuple[list[Any], bool]:
    """The entries of a 1-D sequence and whether all of them are exact numbers."""
    if not is_vector(value):
        raise ValueError(f"{name} must be a 1-D sequence of numbers, got {value!r}")
    entries = list(value)
    if not entries:
        raise ValueError(f"{name} must not be empty")
    for entry in entries:
        _check_not_boolean(name, entry)
    exact = all(is_exact_scalar(entry) for entry in entries)
    if exact:
        try:
            return [to_fraction(entry) for entry in entries], True
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None
    floats = []
    for entry in entries:
        floats.append(read_scalar(name, entry, False))
    return [float(v) for v in as_finite_array(name, floats, ndim=1)], False


def read_threshold(value: Any, exact: bool, name: str = "threshold") -> Number:
    """The receiver's acting threshold ``t``, strictly between 0 and 1."""
    t = read_scalar(name, value, exact)
    if not 0 < t < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {value!r}")
    return t


def read_belief(name: str, value: Any, exact: bool) -> Number:
    """A probability of state 1, in ``[0, 1]``."""
    p = read_scalar(name, value, exact)
    if not 0 <= p <= 1:
        raise ValueError(f"{name} must lie in [0, 1], got {value!r}")
    return p


def odds_ratio(p: Number, t: Number) -> Number:
    """``c(p) = (1 - t) p / (t (1 - p))``: the largest ``σ(m|0) / σ(m|1)`` on which a
    receiver of belief ``p < 1`` still acts (``p/(1 - p)`` at ``t = 1/2``)."""
    return (1 - t) * p / (t * (1 - p))


def acts(p: Number, state1: Number, state0: Number, t: Number, tol: float = 0) -> bool:
    """Whether a receiver of belief ``p`` acts on a message sent with probabilities
    ``state1`` and ``state0``: ``p·state1·(1 - t) ≥ t·(1 - p)·state0``.

    ``tol`` (used in floating point only, where an indifferent receiver may be
    computed a rounding error away from indifference) relaxes the inequality.
    """
    return p * state1 * (1 - t) >= t * (1 - p) * state0 - tol


@dataclass(frozen=True)
class ReceiverTypes:
    """Validated receiver types.

    Attributes
    ----------
    beliefs: each type's ``Pr[ω = 1]``, in the order given.
    weights: each type's probability (the given weights divided by their sum).
    threshold: the receiver acts iff her posterior is at least this.
    exact: whether the numbers are Fractions (else floats).
    levels: the distinct beliefs of the types with positive weight, ascending.
    level_weights: the total probability of each level.  Types with equal beliefs
        behave identically under every policy and every threshold query, so they are
        merged into one level.
    """

    beliefs: tuple[Number, ...]
    weights: tuple[Number, ...]
    threshold: Number
    exact: bool
    levels: tuple[Number, ...]
    level_weights: tuple[Number, ...]

    @property
    def n_types(self) -> int:
        return len(self.beliefs)

    @property
    def n_levels(self) -> int:
        return len(self.levels)

    def zero(self) -> Number:
        return Fraction(0) if self.exact else 0.0


def receiver_types(beliefs: Any, weights: Any, threshold: Any = HALF) -> ReceiverTypes:
    """Validate ``beliefs`` (in ``[0, 1]``), ``weights`` (non-negative, not all zero,
    one per belief; normalized here) and ``threshold`` (in ``(0, 1)``).

    Raises ``ValueError`` naming the argument on malformed input.
    """
    b, b_exact = read_vector("beliefs", beliefs)
    w, w_exact = read_vector("weights", weights)
    _check_not_boolean("threshold", threshold)
    exact = b_exact and w_exact and is_exact_scalar(threshold)
    if not exact:
        b, w = [float(v) for v in b], [float(v) for v in w]
    if len(w) != len(b):
        raise ValueError(f"weights must have one entry per belief ({len(b)}), got {len(w)}")
    for p in b:
        if not 0 <= p <= 1:
            raise ValueError(f"beliefs must lie in [0, 1], got {p}")
    if any(v < 0 for v in w):
        raise ValueError("weights must be non-negative")
    total = sum(w, Fraction(0) if exact else 0.0)
    if total <= 0:
        raise ValueError("weights must not all be zero")
    t = read_threshold(threshold, exact)
    w = [v / total for v in w]
    merged: dict[Number, Number] = {}
    for p, v in zip(b, w, strict=True):
        if v > 0:
            merged[p] = merged.get(p, 0) + v
    levels = tuple(sorted(merged))
    return ReceiverTypes(
        beliefs=tuple(b),
        weights=tuple(w),
        threshold=t,
        exact=exact,
        levels=levels,
        level_weights=tuple(merged[p] for p in levels),
    )
