"""Symmetric priors at scale: i.i.d. action types without enumerating states.

The reduced-form LP with Border's constraints (exact optimum and certificate), the
separation of Border's constraints by sorting, and the realization of a reduced form as a
scheme that can be sampled profile by profile.  Chapter: "Symmetric priors at scale".
"""
from __future__ import annotations

from .approximation import (
    approximate_scheme,
    flagging_scheme,
)
from .border import (
    border_bound,
    border_violations,
)
from .realization import (
    Realization,
    priority_realization,
    realize,
)
from .reduced_form import (
    IidSolution,
    iid_optimum,
)

__all__ = [
    "IidSolution",
    "Realization",
    "approximate_scheme",
    "border_bound",
    "border_violations",
    "flagging_scheme",
    "iid_optimum",
    "priority_realization",
    "realize",
]
