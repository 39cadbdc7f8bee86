"""The lens of duality (Dughmi et al., Sections 3-5).

The partial Lagrangian and its dual bound (Observation 2, Proposition 1), weighted welfare
maximizers with exact tie-breaking (Definition 4), the threshold λ* of symmetric instances
(Proposition 3, with the tie-breaking mixture that makes it exact) and the closed forms of
Propositions 4-6.  Chapters: "The lens of duality", "Persuasion with payments".
"""
from __future__ import annotations

from .closed_forms import (
    SymmetricLagrangian,
    arbitrary_payment_optimum,
    closed_form_optimum,
    nonnegative_payment_optimum,
    recommendation_by_type,
    symmetric_lagrangian,
)
from .lagrangian import (
    DualityReport,
    check_multipliers,
    check_proposition_1,
    dual_adjusted_payoffs,
    is_symmetric_scheme,
    lagrangian,
    lagrangian_bound,
    pareto_violations,
    payment_coefficients,
    symmetric_multipliers,
    symmetrize,
)
from .regimes import (
    priority_reduced_form,
    receiver_favoured_payoff,
    regime_boundaries,
)
from .shadow_prices import (
    best_weight,
    relaxation_matrix,
    relaxed_optimum,
    shadow_price,
    weighted_scheme_gap,
)
from .threshold import (
    LambdaPath,
    breakpoints,
    lambda_path,
    threshold_optimum,
    welfare_maximizer,
)
from .weighted import (
    ExactSolution,
    PayoffTable,
    exact_solution,
    mixture,
    weighted_scheme,
)

__all__ = [
    "DualityReport",
    "ExactSolution",
    "LambdaPath",
    "PayoffTable",
    "SymmetricLagrangian",
    "arbitrary_payment_optimum",
    "best_weight",
    "breakpoints",
    "check_multipliers",
    "check_proposition_1",
    "closed_form_optimum",
    "dual_adjusted_payoffs",
    "exact_solution",
    "is_symmetric_scheme",
    "lagrangian",
    "lagrangian_bound",
    "lambda_path",
    "mixture",
    "nonnegative_payment_optimum",
    "pareto_violations",
    "payment_coefficients",
    "priority_reduced_form",
    "receiver_favoured_payoff",
    "recommendation_by_type",
    "regime_boundaries",
    "relaxation_matrix",
    "relaxed_optimum",
    "shadow_price",
    "symmetric_lagrangian",
    "symmetric_multipliers",
    "symmetrize",
    "threshold_optimum",
    "weighted_scheme",
    "weighted_scheme_gap",
    "welfare_maximizer",
]
