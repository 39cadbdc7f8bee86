"""Random pairwise-supermodular instances with a non-trivial optimum (receivers.instances).

Chapter "Many receivers and externalities", section "Column generation": the chapter's
and the benchmark's instances have an optimum strictly between 0 and the first best,
checked against the full LP.
"""

from __future__ import annotations

import numpy as np
import pytest

import persuasion as ps
from persuasion.errors import PersuasionError
from persuasion.receivers.instances import (
    first_best,
    is_nontrivial,
    nontrivial_pairwise_instance,
)


def test_nontrivial_against_full_lp():
    """The certified value equals the full LP and lies strictly inside (0, first best)."""
    for n in (1, 2, 4, 6):
        for seed in range(3):
            found = nontrivial_pairwise_instance(np.random.default_rng([n, seed]), 3, n)
            full = ps.solve(found.instance.to_dense()).value
            assert abs(full - found.value) < 1e-7
            assert 0 < full < found.first_best
            assert is_nontrivial(found.value, found.first_best)


def test_first_best_bounds_every_scheme():
    """Without payments (or paying) no scheme beats everyone taking action 1 (f monotone)."""
    rng = np.random.default_rng(2)
    for _ in range(5):
        found = nontrivial_pairwise_instance(rng, 2, 3)
        dense = found.instance.to_dense()
        for model in ("none", "nonnegative"):
            assert ps.solve(dense, model).value <= first_best(found.instance) + 1e-9


def test_impossible_parameters_raise():
    """With no receiver ever willing to act (density 0, c < 0 ... ) no draw qualifies."""
    with pytest.raises(PersuasionError, match="non-trivial"):
        nontrivial_pairwise_instance(np.random.default_rng(0), 1, 1, max_value=0, max_draws=3)


def test_bad_inputs():
    """Malformed input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="rng"):
        nontrivial_pairwise_instance("seed", 2, 2)
    with pytest.raises(ValueError, match="max_draws"):
        nontrivial_pairwise_instance(np.random.default_rng(0), 2, 2, max_draws=0)
