"""Random pairwise-supermodular instances whose optimum is non-trivial (Appendix B tests).

:func:`~persuasion.receivers.column_generation.random_pairwise_instance` draws
monotone senders with positive externalities, but many of its draws test little:
no receiver can ever be persuaded (optimum 0), or every receiver wants action 1
anyway (the optimum is the sender's first best ``Σ_θ μ_θ f^θ([N])``, since ``f`` is
monotone).  :func:`nontrivial_pairwise_instance` redraws until the no-payment
optimum lies strictly between the two, i.e. persuasion is possible and the
persuasiveness constraints (*) bind; the optimum is computed by column generation
(Lemma 4, Prop. 9) with an exact oracle and certified by its Lagrangian bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import PersuasionError
from ..validation import as_generator, as_positive_int
from .column_generation import PairwiseInstance, column_generation, random_pairwise_instance

#: The optimum must differ from 0 and from the first best by this much (relative to the
#: first best) for an instance to count as non-trivial.
MARGIN = 1e-3


@dataclass(frozen=True)
class NontrivialInstance:
    """A pairwise instance with its certified no-payment optimum.

    Attributes
    ----------
    instance: the :class:`~persuasion.receivers.column_generation.PairwiseInstance`.
    value: its optimum without payments (column generation, certified).
    first_best: ``Σ_θ μ_θ f^θ([N])``, what the sender would get if every receiver
        always took action 1 (an upper bound, since ``f`` is monotone).
    draws: how many random instances were drawn to find this one.
    """

    instance: PairwiseInstance
    value: float
    first_best: float
    draws: int


def first_best(instance: PairwiseInstance) -> float:
    """``Σ_θ μ_θ f^θ([N])``: the largest value any scheme can have (``f`` monotone)."""
    everyone = (1 << instance.n_receivers) - 1
    return float(
        sum(p * instance.sender_value(t, everyone) for t, p in enumerate(instance.prior))
    )


def is_nontrivial(value: float, best: float, margin: float = MARGIN) -> bool:
    """``margin · best < value < (1 − margin) · best``."""
    return margin * best < value < (1 - margin) * best


def nontrivial_pairwise_instance(
    rng: Any,
    n_states: int,
    n_receivers: int,
    density: float = 0.5,
    max_value: int = 3,
    max_draws: int = 200,
    oracle: Any = "auto",
) -> NontrivialInstance:
    """Draw :func:`random_pairwise_instance` until its optimum is non-trivial.

    Raises :class:`~persuasion.errors.PersuasionError` after ``max_draws`` draws
    without one (the parameters make persuasion impossible or unnecessary).
    """
    rng = as_generator("rng", rng)
    max_draws = as_positive_int("max_draws", max_draws)
    for draw in range(1, max_draws + 1):
        instance = random_pairwise_instance(rng, n_states, n_receivers, max_value, density)
        best = first_best(instance)
        if best <= 0:
            continue
        value = column_generation(instance, oracle=oracle).value
        if is_nontrivial(value, best):
            return NontrivialInstance(instance, value, best, draw)
    raise PersuasionError(
        f"no instance with a non-trivial optimum in {max_draws} draws "
        f"(n_states={n_states}, n_receivers={n_receivers}, density={density})"
    )
