"""persuasion: the library behind the book *Persuasion, Payments and AI*.

Public API (see the README for a map):

- :class:`Instance` — one receiver, states with a prior, sender and receiver payoffs;
- :func:`solve` — the optimal scheme for the four payment models (LP-General-with-Payments);
- :func:`evaluate` / :func:`evaluate_exact` — the value of any scheme (Observation 1);
- :class:`SolverError` — raised when a linear program cannot be solved.
"""

from __future__ import annotations

from .duality.closed_forms import closed_form_optimum
from .duality.lagrangian import lagrangian_bound
from .duality.threshold import threshold_optimum
from .duality.weighted import ExactSolution, weighted_scheme
from .errors import PersuasionError, SolverError
from .exact import ExactEvaluation, evaluate_exact
from .lp import Solution, solve
from .model import PAYMENT_MODELS, Instance
from .payments import Evaluation, evaluate
from .receivers.budget_balance import arbitrary_payment_scheme, budget_balanced_scheme, gamma_star
from .receivers.column_generation import PairwiseInstance
from .receivers.externalities import MultiInstance, MultiSolution, evaluate_multi
from .receivers.setfunctions import PairwiseSetFunction
from .symmetric.realization import Realization, realize
from .symmetric.reduced_form import IidSolution, iid_optimum

__version__ = "0.1.0"

__all__ = [
    "PAYMENT_MODELS",
    "Evaluation",
    "ExactEvaluation",
    "ExactSolution",
    "IidSolution",
    "Instance",
    "MultiInstance",
    "MultiSolution",
    "PairwiseInstance",
    "PairwiseSetFunction",
    "PersuasionError",
    "Realization",
    "Solution",
    "SolverError",
    "arbitrary_payment_scheme",
    "budget_balanced_scheme",
    "closed_form_optimum",
    "evaluate",
    "evaluate_exact",
    "evaluate_multi",
    "gamma_star",
    "iid_optimum",
    "lagrangian_bound",
    "realize",
    "solve",
    "threshold_optimum",
    "weighted_scheme",
]
