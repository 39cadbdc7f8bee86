"""Many receivers with binary actions and externalities (Sections 6-7, Appendix B).

LP-Binary for the four payment models, Propositions 7 and 8 (budget-balanced and arbitrary
payments), set functions, maximization oracles (exhaustive and minimum cut) and column
generation (Proposition 9).  Chapter: "Many receivers and externalities".
"""
from __future__ import annotations

from .budget_balance import (
    ClosedFormScheme,
    arbitrary_payment_scheme,
    budget_balanced_scheme,
    gamma_star,
    payment_rule,
    virtual_payoff_maximizers,
)
from .column_generation import (
    ColumnGenerationResult,
    PairwiseInstance,
    column_generation,
    random_pairwise_instance,
    restore_action0_constraints,
)
from .externalities import (
    MultiEvaluation,
    MultiInstance,
    MultiSolution,
    PublicSolution,
    evaluate_multi,
    exact_optimum,
    has_positive_externalities,
    incentive_matrices,
    incentive_tables,
    is_monotone,
    lagrangian_bound,
    lp_binary,
    marginal_utilities,
    obedience_gain,
    rationalize_scheme,
    solve_public,
    weighted_virtual_payoff,
)
from .instances import (
    first_best,
    is_nontrivial,
    nontrivial_pairwise_instance,
)
from .mincut import (
    cut_precision,
    maximize_min_cut_arrays,
    maximize_min_cut_batch,
    maximize_min_cut_fast,
)
from .oracles import (
    cut_graph,
    improve_locally,
    improve_locally_batch,
    maximize_exhaustive,
    maximize_min_cut,
    persistent_choices,
)
from .setfunctions import (
    PairwiseSetFunction,
    conic_combination,
    indicator,
    marginal_set_function,
    mask_of,
    members,
    subset_bits,
)

__all__ = [
    "ClosedFormScheme",
    "ColumnGenerationResult",
    "MultiEvaluation",
    "MultiInstance",
    "MultiSolution",
    "PairwiseInstance",
    "PairwiseSetFunction",
    "PublicSolution",
    "arbitrary_payment_scheme",
    "budget_balanced_scheme",
    "column_generation",
    "conic_combination",
    "cut_graph",
    "cut_precision",
    "evaluate_multi",
    "exact_optimum",
    "first_best",
    "gamma_star",
    "has_positive_externalities",
    "improve_locally",
    "improve_locally_batch",
    "incentive_matrices",
    "incentive_tables",
    "indicator",
    "is_monotone",
    "is_nontrivial",
    "lagrangian_bound",
    "lp_binary",
    "marginal_set_function",
    "marginal_utilities",
    "mask_of",
    "maximize_exhaustive",
    "maximize_min_cut",
    "maximize_min_cut_arrays",
    "maximize_min_cut_batch",
    "maximize_min_cut_fast",
    "members",
    "nontrivial_pairwise_instance",
    "obedience_gain",
    "payment_rule",
    "persistent_choices",
    "random_pairwise_instance",
    "rationalize_scheme",
    "restore_action0_constraints",
    "solve_public",
    "subset_bits",
    "virtual_payoff_maximizers",
    "weighted_virtual_payoff",
]
