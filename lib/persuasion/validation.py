"""Input checks shared by every public entry point.

Each function either returns a clean NumPy array or raises :class:`ValueError`
whose message starts with the name of the offending argument.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

#: Probabilities must be non-negative and sum to one within this tolerance.
PROBABILITY_TOL = 1e-9


def as_finite_array(name: str, value: Any, ndim: int | None = None) -> np.ndarray:
    """Return ``value`` as a float array with every entry finite.

    Raises ``ValueError`` naming ``name`` when the value is not numeric, has the
    wrong number of dimensions, or holds NaN or an infinity.
    """
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of numbers ({err})") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    if array.size and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers only (found NaN or infinity)")
    return array


def check_shape(name: str, array: np.ndarray, shape: Sequence[int]) -> None:
    """Raise ``ValueError`` unless ``array.shape == shape``."""
    if tuple(array.shape) != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {tuple(array.shape)}")


def as_distribution(name: str, value: Any, tol: float = PROBABILITY_TOL) -> np.ndarray:
    """Return ``value`` as a probability vector (1-D, non-negative, sums to one)."""
    array = as_finite_array(name, value, ndim=1)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.any(array < -tol):
        raise ValueError(f"{name} must be non-negative (smallest entry {array.min():.3g})")
    total = float(array.sum())
    if abs(total - 1.0) > tol:
        raise ValueError(f"{name} must sum to one (sums to {total:.12g})")
    return np.clip(array, 0.0, None)


def as_row_distributions(name: str, value: Any, tol: float = 1e-7) -> np.ndarray:
    """Return ``value`` as a 2-D array whose rows are probability vectors."""
    array = as_finite_array(name, value, ndim=2)
    if np.any(array < -tol):
        raise ValueError(f"{name} must be non-negative (smallest entry {array.min():.3g})")
    sums = array.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > tol)
    if bad.size:
        raise ValueError(f"{name}: row {bad[0]} must sum to one (sums to {sums[bad[0]]:.12g})")
    return np.clip(array, 0.0, None)


def as_positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """Return ``value`` as an int no smaller than ``minimum``."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


def as_generator(name: str, rng: Any) -> np.random.Generator:
    """Return a NumPy ``Generator``: pass one, or an int seed; ``None`` is refused
    so that every random computation in the book is reproducible."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(f"{name} must be a numpy.random.Generator or an int seed, got {rng!r}")
