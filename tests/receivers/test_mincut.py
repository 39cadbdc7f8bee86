"""The compiled, batched min-cut oracle (receivers.mincut).

Chapter "Many receivers and externalities", section "Column generation": the oracle that
prices all states in one maximum flow returns a true maximizer of every supermodular
pairwise function (brute force), and column generation with it finds the LP optimum.
"""

from __future__ import annotations

import numpy as np
import pytest

import persuasion as ps
from persuasion.receivers.column_generation import column_generation
from persuasion.receivers.instances import nontrivial_pairwise_instance
from persuasion.receivers.mincut import (
    cut_precision,
    maximize_min_cut_batch,
    maximize_min_cut_fast,
)
from persuasion.receivers.oracles import maximize_exhaustive
from persuasion.receivers.setfunctions import PairwiseSetFunction


def random_functions(rng, count):
    out = []
    for k in range(count):
        n = int(rng.integers(1, 11))
        upper = np.triu(rng.integers(0, 4, (n, n)) * (rng.random((n, n)) < 0.6), k=1)
        upper = upper.astype(float) * (rng.random((n, n)) if k % 2 else 1.0)
        unary = rng.integers(-4, 4, n).astype(float) + (rng.random(n) if k % 3 == 0 else 0.0)
        out.append(PairwiseSetFunction(unary, upper + upper.T))
    return out


def test_batch_against_brute_force():
    """One flow for 400 functions (integer ties and real coefficients): every answer optimal."""
    functions = random_functions(np.random.default_rng(9), 400)
    answers = maximize_min_cut_batch(functions)
    for h, (mask, value) in zip(functions, answers, strict=True):
        best = maximize_exhaustive(h)[1]
        assert abs(value - best) < 1e-9 and abs(h(mask) - value) < 1e-9


def test_single_calls_agree():
    """maximize_min_cut_fast equals brute force function by function."""
    for h in random_functions(np.random.default_rng(10), 100):
        assert abs(maximize_min_cut_fast(h)[1] - maximize_exhaustive(h)[1]) < 1e-9
        scale = 1 + np.abs(h.unary).sum() + h.pairwise.sum()
        assert cut_precision(h.unary, h.pairwise) < 1e-5 * scale   # worst case, before polishing


def test_column_generation_with_fast_oracle():
    """Column generation priced by the fast oracle reaches the full LP's optimum."""
    for n in (3, 5, 7):
        found = nontrivial_pairwise_instance(np.random.default_rng([7, n]), 3, n)
        result = column_generation(found.instance, oracle=maximize_min_cut_fast)
        assert abs(result.value - ps.solve(found.instance.to_dense()).value) < 1e-7


def test_bad_inputs():
    """Non-pairwise or non-supermodular input raises ValueError naming h."""
    with pytest.raises(ValueError, match="h must be"):
        maximize_min_cut_fast(np.zeros(4))
    with pytest.raises(ValueError, match="supermodular"):
        maximize_min_cut_fast(PairwiseSetFunction([1, 1], [[0, -1], [-1, 0]]))
    with pytest.raises(ValueError, match="functions"):
        maximize_min_cut_batch([])


def test_batch_answers_do_not_depend_on_the_batch():
    """A function gets the same set alone and in a batch (fixed per-graph scaling and the
    unique minimal source side), so column generation's path does not change with batching."""
    functions = random_functions(np.random.default_rng(12), 60)
    together = maximize_min_cut_batch(functions)
    alone = [maximize_min_cut_fast(h) for h in functions]
    assert [mask for mask, _ in together] == [mask for mask, _ in alone]
