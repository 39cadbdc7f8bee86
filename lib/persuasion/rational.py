"""Exact numbers: reading inputs as fractions, and exact linear algebra.

Every exact computation of the book (SymPy checks of closed forms, exact
evaluation of schemes, exact equilibria) reads its numbers through
:func:`to_fraction`: integers, fractions, SymPy rationals and decimal strings
convert exactly, and a float converts to the shortest decimal that prints as
that float (``0.3`` becomes ``3/10``), which is what a reader who typed ``0.3``
means.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy as sp

from .validation import as_finite_array, as_real


def to_fraction(value: Any) -> Fraction:
    """``value`` as an exact :class:`~fractions.Fraction`, or ``ValueError``."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, bool | np.bool_):
        raise ValueError(f"cannot read {value!r} as an exact number (a boolean)")
    if isinstance(value, int | np.integer):
        return Fraction(int(value))
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    if isinstance(value, float | np.floating):
        return Fraction(repr(float(value)))
    try:
        return Fraction(str(value))
    except (TypeError, ValueError, ZeroDivisionError) as err:
        raise ValueError(f"cannot read {value!r} as an exact number ({err})") from None


def fractions_or_none(value: Any) -> np.ndarray | None:
    """The entries of ``value`` as an object array of Fractions, or ``None`` when some
    entry is not a number that :func:`to_fraction` reads exactly."""
    array = np.asarray(value, dtype=object)
    try:
        flat = [to_fraction(entry) for entry in array.ravel()]
    except ValueError:
        return None
    return np.array(flat, dtype=object).reshape(array.shape)


def to_fractions(name: str, value: Any) -> np.ndarray:
    """``value`` as an object array of Fractions, or ``ValueError`` naming ``name``.

    The entries are first checked by :func:`persuasion.validation.as_real_array` (real,
    finite, not too large; booleans, complex numbers and strings refused)."""
    as_finite_array(name, value)
    array = fractions_or_none(value)
    if array is None:
        raise ValueError(f"{name} must hold rational numbers (ints, fractions, SymPy rationals)")
    return array


def exact_array(name: str, value: Any, shape: tuple[int, ...] | None = None) -> np.ndarray:
    """``value`` validated as finite numbers (of ``shape`` if given), as Fractions."""
    floats = as_finite_array(name, value)
    if shape is not None and floats.shape != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {floats.shape}")
    return to_fractions(name, value).reshape(floats.shape)


def rational(value: Any) -> sp.Rational:
    """An exact number as a SymPy rational."""
    fraction = to_fraction(value)
    return sp.Rational(fraction.numerator, fraction.denominator)


def solve_exact(matrix: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """Solve ``matrix @ x = rhs`` by Gauss–Jordan elimination in exact arithmetic.

    Returns the solution when it exists and is unique (the system may be
    overdetermined but must be consistent), otherwise ``None``.
    """
    n_rows = len(matrix)
    n_cols = len(matrix[0]) if n_rows else 0
    aug = [list(row) + [b] for row, b in zip(matrix, rhs, strict=True)]
    r = 0
    for c in range(n_cols):
        pivot = next((i for i in range(r, n_rows) if aug[i][c] != 0), None)
        if pivot is None:
            return None  # a free variable: not unique
        aug[r], aug[pivot] = aug[pivot], aug[r]
        inv = 1 / aug[r][c]
        aug[r] = [v * inv for v in aug[r]]
        for i in range(n_rows):
            if i != r and aug[i][c] != 0:
                f = aug[i][c]
                aug[i] = [vi - f * vr for vi, vr in zip(aug[i], aug[r], strict=True)]
        r += 1
    if any(aug[i][n_cols] != 0 for i in range(r, n_rows)):
        return None  # inconsistent
    return [aug[i][n_cols] for i in range(n_cols)]


def as_weight(name: str, weight: Any) -> Fraction:
    """A real scalar as an exact Fraction, or ``ValueError`` naming ``name``.

    Ints, Fractions and SymPy rationals are exact.  A float is read as the
    closest fraction with denominator at most ``10**9`` (an error below
    ``10**-9``, far below for most floats), so that ``n / (n - 1)`` computed in
    floating point is taken as exactly ``n/(n-1)`` and its ties are found; pass
    a Fraction to avoid any rounding.
    """
    value = as_real(name, weight)
    if isinstance(weight, int | np.integer | Fraction | sp.Rational):
        return Fraction(str(weight)) if isinstance(weight, sp.Rational) else Fraction(weight)
    return Fraction(value).limit_denominator(10**9)


def exact_distribution(name: str, value: Any, size: int | None = None) -> tuple[Fraction, ...]:
    """A probability vector as exact Fractions, or ``ValueError`` naming ``name``.

    Entries must be finite and non-negative; a vector whose sum is within
    ``1e-9`` of one (as floats typed by hand are) is rescaled to sum to exactly one.
    """
    probs = as_finite_array(name, value, ndim=1)
    if probs.size == 0:
        raise ValueError(f"{name} must not be empty")
    if size is not None and probs.shape != (size,):
        raise ValueError(f"{name} must have {size} entries, got {probs.shape[0]}")
    exact = [to_fraction(v) for v in np.asarray(value, dtype=object)]
    if any(p < 0 for p in exact):
        raise ValueError(f"{name} must be non-negative")
    total = sum(exact, Fraction(0))
    if total != 1:
        if abs(float(total) - 1.0) > 1e-9:
            raise ValueError(f"{name} must sum to one (sums to {float(total):.12g})")
        exact = [p / total for p in exact]
    return tuple(exact)
