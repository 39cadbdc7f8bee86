"""Input checks shared by every public entry point: the package's input contract.

Each function either returns a clean value or raises :class:`ValueError` whose
message starts with the name of the offending argument.  A new public function
gets the whole contract by calling these on each argument:

- arrays (:func:`as_real_array`, :func:`as_finite_array`, :func:`as_distribution`,
  :func:`as_row_distributions`): real numbers only, finite, of the right shape and
  range, no larger than :data:`MAX_MAGNITUDE` in absolute value;
- scalars (:func:`as_real`, :func:`as_int`, :func:`as_positive_int`): the same
  for one number; integers refuse non-integer floats instead of truncating them;
- names (:func:`as_choice`), flags (:func:`as_flag`), seeds (:func:`as_generator`)
  and sizes (:func:`check_size`).

What is a real number
---------------------
Accepted: Python ``int`` and ``float``, NumPy integer and floating scalars and
arrays, :class:`fractions.Fraction`, :class:`decimal.Decimal`, and real SymPy
numbers (``Rational``, ``Float``, ``sqrt(2)``).  Refused with a ``ValueError``:
booleans (``True`` is not read as 1), complex numbers (including NumPy complex
arrays whose imaginary part is zero, which NumPy would otherwise drop silently),
strings (also numeric ones such as ``"0.5"``: the package never parses text as
numbers), ``None``, NaN and infinities, and ragged nested lists.

Numeric range
-------------
Entries larger than :data:`MAX_MAGNITUDE` (``1e100``) in absolute value are refused
as too large to compute with: below it, every product of two inputs and every sum
of such products the package forms stays far from the float overflow at ``1.8e308``.
Small magnitudes are accepted down to zero; each solver rescales its data (see
:func:`persuasion.lp.solve`), so the absolute scale of the payoffs does not matter.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

import numpy as np

#: Probabilities must be non-negative and sum to one within this tolerance.
PROBABILITY_TOL = 1e-9

#: The largest absolute value an input number may have (see "Numeric range" above).
MAX_MAGNITUDE = 1e100


# ---------------------------------------------------------------------- real numbers
def _kind_of(entry: Any) -> str | None:
    """Why ``entry`` is not a real number (``"a boolean"``, ...), or ``None`` if it is."""
    if isinstance(entry, bool | np.bool_):
        return "a boolean"
    if isinstance(entry, numbers.Real | Decimal):
        return None
    if isinstance(entry, complex | np.complexfloating):
        return "a complex number"
    if isinstance(entry, str | bytes):
        return "a string"
    if entry is None:
        return "None"
    if type(entry).__module__.startswith("sympy"):
        if getattr(entry, "is_number", False) and entry.is_real:
            return None
        if getattr(entry, "is_number", False):
            return "a number that is not real"
        return "a symbolic expression"
    return f"a {type(entry).__name__}"


def _refuse(name: str, why: str) -> ValueError:
    return ValueError(f"{name} must be an array of numbers (real ones; found {why})")


def as_real_array(
    name: str,
    value: Any,
    *,
    ndim: int | None = None,
    shape: Sequence[int] | None = None,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    max_magnitude: float = MAX_MAGNITUDE,
) -> np.ndarray:
    """Return ``value`` as a float array of real, finite numbers, or raise ``ValueError``.

    Checks, in order: every entry is a real number (see the module docstring for
    what is refused), the nesting is rectangular, ``ndim`` / ``shape``, finiteness,
    ``|entry| ≤ max_magnitude`` and the range ``low ≤ entry ≤ high`` (strict with
    ``low_open`` / ``high_open``).  The message starts with ``name``.
    """
    if isinstance(value, np.ndarray) and value.dtype.kind in "fiu":
        array = np.asarray(value, dtype=float)
    else:
        if isinstance(value, np.ndarray) and value.dtype.kind == "b":
            raise _refuse(name, "booleans")
        if isinstance(value, np.ndarray) and value.dtype.kind == "c":
            raise _refuse(name, "complex numbers (the imaginary part would be dropped)")
        if isinstance(value, np.ndarray) and value.dtype.kind in "USV":
            raise _refuse(name, "strings")
        if isinstance(value, str | bytes):
            raise _refuse(name, "a string")
        try:
            objects = np.asarray(value, dtype=object)
        except ValueError as err:
            raise ValueError(f"{name} must be a rectangular array of numbers ({err})") from None
        for kind in set(map(type, objects.ravel())):
            sample = next(e for e in objects.ravel() if type(e) is kind)
            if isinstance(sample, list | tuple | np.ndarray):
                raise ValueError(f"{name} must be a rectangular array of numbers (ragged)")
            why = _kind_of(sample)
            if why is not None:
                raise _refuse(name, why)
        try:
            array = objects.astype(float)
        except (TypeError, ValueError, OverflowError) as err:
            raise ValueError(f"{name} must be an array of real numbers ({err})") from None
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must have {ndim} dimension(s), got shape {array.shape}")
    if shape is not None:
        check_shape(name, array, shape)
    if array.size and not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must hold finite numbers only (found NaN or infinity)")
    if array.size:
        check_magnitude(name, array, max_magnitude)
        _check_range(name, array, low, high, low_open, high_open)
    return array


def as_finite_array(name: str, value: Any, ndim: int | None = None) -> np.ndarray:
    """:func:`as_real_array` with only a dimension check (kept for its short signature)."""
    return as_real_array(name, value, ndim=ndim)


def check_magnitude(name: str, value: Any, max_magnitude: float = MAX_MAGNITUDE) -> None:
    """Raise ``ValueError`` when some entry of ``value`` exceeds ``max_magnitude`` in
    absolute value: such numbers are too large to compute with in double precision."""
    largest = float(np.max(np.abs(value))) if np.size(value) else 0.0
    if largest > max_magnitude:
        raise ValueError(
            f"{name} holds {largest:.3g}, too large to compute with: entries must be at "
            f"most {max_magnitude:.0e} in absolute value (rescale the data)"
        )


def _check_range(
    name: str, array: Any, low: Any, high: Any, low_open: bool, high_open: bool
) -> None:
    if low is not None:
        smallest = float(np.min(array))
        if smallest < low or (low_open and smallest <= low):
            relation = ">" if low_open else "≥"
            raise ValueError(f"{name} must be {relation} {low}, got {smallest:.6g}")
    if high is not None:
        largest = float(np.max(array))
        if largest > high or (high_open and largest >= high):
            relation = "<" if high_open else "≤"
            raise ValueError(f"{name} must be {relation} {high}, got {largest:.6g}")


def check_shape(name: str, array: np.ndarray, shape: Sequence[int]) -> None:
    """Raise ``ValueError`` unless ``array.shape == shape``."""
    if tuple(array.shape) != tuple(shape):
        raise ValueError(f"{name} must have shape {tuple(shape)}, got {tuple(array.shape)}")


def as_distribution(name: str, value: Any, tol: float = PROBABILITY_TOL) -> np.ndarray:
    """Return ``value`` as a probability vector (1-D, non-negative, sums to one)."""
    array = as_real_array(name, value, ndim=1)
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
    array = as_real_array(name, value, ndim=2)
    if np.any(array < -tol):
        raise ValueError(f"{name} must be non-negative (smallest entry {array.min():.3g})")
    sums = array.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > tol)
    if bad.size:
        raise ValueError(f"{name}: row {bad[0]} must sum to one (sums to {sums[bad[0]]:.12g})")
    return np.clip(array, 0.0, None)


# ---------------------------------------------------------------------------- scalars
def as_real(
    name: str,
    value: Any,
    *,
    low: float | None = None,
    high: float | None = None,
    low_open: bool = False,
    high_open: bool = False,
    max_magnitude: float = MAX_MAGNITUDE,
) -> float:
    """Return ``value`` as a finite float in the given range, or raise ``ValueError``.

    Refuses booleans, strings (also numeric ones), complex numbers, ``None``, NaN,
    infinities and magnitudes above ``max_magnitude``; ``low``/``high`` bound the
    value (strictly with ``low_open``/``high_open``).
    """
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    why = _kind_of(value)
    if why is not None:
        raise ValueError(f"{name} must be a real number, got {why} ({value!r})")
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError) as err:
        raise ValueError(f"{name} must be a real number, got {value!r} ({err})") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite, got {value!r}")
    check_magnitude(name, number, max_magnitude)
    _check_range(name, number, low, high, low_open, high_open)
    return number


def as_int(name: str, value: Any, *, low: int | None = None, high: int | None = None) -> int:
    """Return ``value`` as an ``int`` in ``[low, high]``, or raise ``ValueError``.

    Accepts Python and NumPy integers and floats with an integer value (``3.0``);
    refuses non-integer floats (``2.5`` is not truncated), booleans and strings.
    """
    if isinstance(value, bool | np.bool_) or not isinstance(
        value, int | np.integer | float | np.floating
    ):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if isinstance(value, float | np.floating):
        if not math.isfinite(value) or not float(value).is_integer():
            raise ValueError(f"{name} must be an integer, got {value!r}")
    number = int(value)
    if low is not None and number < low:
        raise ValueError(f"{name} must be at least {low}, got {number}")
    if high is not None and number > high:
        raise ValueError(f"{name} must be at most {high}, got {number}")
    return number


def as_positive_int(name: str, value: Any, minimum: int = 1) -> int:
    """Return ``value`` as an int no smaller than ``minimum`` (strict: ``int`` types only)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, got {value}")
    return int(value)


# ------------------------------------------------------------- names, flags, seeds, sizes
def as_choice(name: str, value: Any, allowed: Collection[Any]) -> Any:
    """Return ``value`` if it is one of ``allowed`` (compared by type and equality:
    ``True`` is not ``1``), else raise ``ValueError`` listing the allowed values."""
    for option in allowed:
        if type(value) is type(option) and value == option:
            return value
    listing = ", ".join(repr(option) for option in allowed)
    raise ValueError(f"{name} must be one of {listing}; got {value!r}")


def as_flag(name: str, value: Any) -> bool:
    """Return ``value`` if it is a boolean (``True``/``False`` or a NumPy boolean);
    strings such as ``"no"`` and numbers are refused rather than read by truthiness."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {value!r}")


def as_generator(name: str, rng: Any) -> np.random.Generator:
    """Return a NumPy ``Generator``: pass one, or an int seed; ``None`` is refused
    so that every random computation in the book is reproducible."""
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        return np.random.default_rng(int(rng))
    raise ValueError(f"{name} must be a numpy.random.Generator or an int seed, got {rng!r}")


def check_size(name: str, size: int, limit: int, instead: str) -> None:
    """Raise ``ValueError`` before any work when ``size`` exceeds ``limit``.

    ``instead`` says what to use for larger inputs; call this first, before
    anything proportional to ``size`` is allocated.
    """
    if size > limit:
        raise ValueError(f"{name}: size {size:,} exceeds the limit {limit:,}; {instead}")


def as_labels(name: str, value: Any, count: int) -> tuple[str, ...] | None:
    """``None``, or a sequence of ``count`` labels (each converted with ``str``)."""
    if value is None:
        return None
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise ValueError(f"{name} must be a sequence of {count} labels, got {value!r}")
    labels = tuple(str(item) for item in value)
    if len(labels) != count:
        raise ValueError(f"{name} must have {count} entries, got {len(labels)}")
    return labels
