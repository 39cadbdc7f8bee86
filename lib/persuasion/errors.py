"""The package's own errors.

Malformed input raises the built-in :class:`ValueError` (its message names the
argument); everything that goes wrong after the input was accepted raises a
subclass of :class:`PersuasionError`.
"""

from __future__ import annotations


class PersuasionError(Exception):
    """Base class of the errors raised by :mod:`persuasion` itself."""


class SolverError(PersuasionError, RuntimeError):
    """A linear program could not be solved to optimality.

    ``status`` holds the solver's verdict (``"infeasible"``, ``"unbounded"``,
    ``"numerical trouble"``, ...) so that callers can tell the cases apart.
    """

    def __init__(self, message: str, status: str = "unknown") -> None:
        super().__init__(message)
        self.status = status
