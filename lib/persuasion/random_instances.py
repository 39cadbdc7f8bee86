"""Random instances with small integer payoffs, for property tests and figures.

Small integer payoffs make ties frequent, which is where characterizations of
optimal schemes are most fragile (Proposition 3 and its tie-breaking); the generators take a seeded
generator so that every use is reproducible.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Any

import numpy as np

from .model import Instance
from .validation import as_generator, as_positive_int


def _random_distribution(rng: np.random.Generator, size: int) -> list[Fraction]:
    """A random distribution with small integer weights (some zero, never all)."""
    weights = rng.integers(0, 4, size)
    if weights.sum() == 0:
        weights[rng.integers(size)] = 1
    total = int(weights.sum())
    return [Fraction(int(w), total) for w in weights]


def _payoff_bounds(max_payoff: Any) -> tuple[int, int]:
    """``max_payoff`` as (sender bound, receiver bound): one int for both, or a pair."""
    if isinstance(max_payoff, tuple | list):
        if len(max_payoff) != 2:
            raise ValueError(f"max_payoff must be an int or a pair of ints, got {max_payoff!r}")
        return (as_positive_int("max_payoff", max_payoff[0]),
                as_positive_int("max_payoff", max_payoff[1]))
    top = as_positive_int("max_payoff", max_payoff)
    return top, top


def random_instance(
    rng: Any, n_states: int, n_actions: int, max_payoff: Any = 3
) -> Instance:
    """A random instance with rational prior and integer payoffs in ``0..max_payoff``
    (small integers make exact ties frequent); for property tests.  ``max_payoff``
    is one bound for both players or a pair (sender, receiver)."""
    rng = as_generator("rng", rng)
    n_states = as_positive_int("n_states", n_states)
    n_actions = as_positive_int("n_actions", n_actions, minimum=2)
    top_s, top_r = _payoff_bounds(max_payoff)
    shape = (n_states, n_actions)
    return Instance(
        _random_distribution(rng, n_states),
        rng.integers(0, top_s + 1, shape).tolist(),
        rng.integers(0, top_r + 1, shape).tolist(),
    )


def random_symmetric_instance(
    rng: Any, n_actions: int, n_types: int, *, iid: bool = True, max_payoff: Any = 3
) -> Instance:
    """A random symmetric action-types instance with integer payoffs in ``0..max_payoff``
    (one bound for both players or a pair (sender, receiver)).

    ``iid=True``: i.i.d. types (:meth:`Instance.from_types`); ``iid=False``: a
    symmetric but correlated prior giving each multiset of types a random
    weight (:meth:`Instance.from_profiles`).
    """
    rng = as_generator("rng", rng)
    n = as_positive_int("n_actions", n_actions, minimum=2)
    m = as_positive_int("n_types", n_types)
    top_s, top_r = _payoff_bounds(max_payoff)
    sender = rng.integers(0, top_s + 1, m).tolist()
    receiver = rng.integers(0, top_r + 1, m).tolist()
    if iid:
        return Instance.from_types(_random_distribution(rng, m), sender, receiver, n)
    multisets = list(itertools.combinations_with_replacement(range(m), n))
    weight = dict(zip(multisets, _random_distribution(rng, len(multisets)), strict=True))
    counts = {key: 0 for key in multisets}
    profiles = list(itertools.product(range(m), repeat=n))
    for profile in profiles:
        counts[tuple(sorted(profile))] += 1
    table = np.empty((m,) * n, dtype=object)
    for profile in profiles:
        key = tuple(sorted(profile))
        table[profile] = weight[key] / counts[key]
    return Instance.from_profiles(table, sender, receiver)
