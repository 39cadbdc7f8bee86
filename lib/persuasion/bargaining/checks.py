"""Checks of the bargaining subpackage's scalar arguments (roles, continuation δ).

Each raises ``ValueError`` whose message names the argument, as
:mod:`persuasion.validation` does for arrays.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..rational import to_fraction
from ..validation import as_choice, as_real

#: The two roles.
ROLES = ("sender", "receiver")


def check_role(name: str, role: Any) -> str:
    """``role`` if it is ``"sender"`` or ``"receiver"``, else ``ValueError`` naming ``name``."""
    return as_choice(name, role, ROLES)


def other(role: str) -> str:
    """The other role."""
    return "receiver" if role == "sender" else "sender"


def as_continuation(value: Any) -> Fraction:
    """δ in (0, 1] as an exact Fraction, else ``ValueError`` naming ``continuation``
    (checked by the shared layer first: no strings, booleans, complex numbers or NaN)."""
    as_real("continuation", value, low=0, high=1, low_open=True)
    delta = to_fraction(value)
    if not 0 < delta <= 1:
        raise ValueError(f"continuation must lie in (0, 1], got {value!r}")
    return delta
