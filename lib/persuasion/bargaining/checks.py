"""Checks of the bargaining subpackage's scalar arguments (roles, continuation δ).

Each raises ``ValueError`` whose message names the argument, as
:mod:`persuasion.validation` does for arrays.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..rational import to_fraction

#: The two roles.
ROLES = ("sender", "receiver")


def check_role(name: str, role: Any) -> str:
    """``role`` if it is ``"sender"`` or ``"receiver"``, else ``ValueError`` naming ``name``."""
    if not isinstance(role, str) or role not in ROLES:
        raise ValueError(f"{name} must be 'sender' or 'receiver', got {role!r}")
    return role


def other(role: str) -> str:
    """The other role."""
    return "receiver" if role == "sender" else "sender"


def as_continuation(value: Any) -> Fraction:
    """δ in (0, 1] as an exact Fraction, else ``ValueError`` naming ``continuation``."""
    try:
        delta = to_fraction(value)
    except ValueError:
        raise ValueError(f"continuation must be a number in (0, 1], got {value!r}") from None
    if not 0 < delta <= 1:
        raise ValueError(f"continuation must lie in (0, 1], got {value!r}")
    return delta
