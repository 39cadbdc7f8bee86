"""The compiled, batched min-cut oracle (receivers.mincut).

Chapter "Many receivers and externalities", section "Column generation": the oracle that
prices all states in one maximum flow returns a true maximizer of every supermodular
pairwise function (brute force), and column generation with it finds the LP optimum.
"""

from __future__ import annotations

import numpy as np
import pytest

import persuasion as ps
import persuasion.receivers.mincut as mincut
from persuasion.receivers.column_generation import column_generation
from persuasion.receivers.instances import nontrivial_pairwise_instance
from persuasion.receivers.mincut import (
    cut_precision,
    masks_from_bits,
    maximize_min_cut_arrays,
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


def stacked(functions):
    return np.stack([h.unary for h in functions]), np.stack([h.pairwise for h in functions])


def same_size_functions(rng, count, n):
    return [h for h in random_functions(rng, 20 * count) if h.n == n][:count]


def test_arrays_form_against_batch_and_brute_force():
    """Prop. 9's pricing round as stacked arrays: maximize_min_cut_arrays returns the
    sets of maximize_min_cut_batch (0/1 rows) and their values, all optimal."""
    functions = same_size_functions(np.random.default_rng(13), 80, 9)
    bits, values = maximize_min_cut_arrays(*stacked(functions))
    answers = maximize_min_cut_batch(functions)
    assert bits.shape == (80, 9) and set(np.unique(bits)) <= {0.0, 1.0}
    assert masks_from_bits(bits) == [mask for mask, _ in answers]
    for h, value, (_, expected) in zip(functions, values, answers, strict=True):
        assert value == expected
        assert abs(value - maximize_exhaustive(h)[1]) < 1e-9


def test_large_batches_share_flows_and_keep_their_answers(monkeypatch):
    """Graphs are packed into one maximum flow while the sum of their flow bounds fits
    SciPy's 32-bit integers (FLOW_BUDGET): 300 functions need fewer flows than one per
    four functions, each flow's value stays within the budget, and with a budget that
    forces several flows every function gets the same answer, the one it gets alone."""
    flows = []
    flow = mincut.maximum_flow

    def counted(*args, **kwargs):
        result = flow(*args, **kwargs)
        flows.append(result.flow_value)
        return result

    monkeypatch.setattr(mincut, "maximum_flow", counted)
    functions = same_size_functions(np.random.default_rng(14), 300, 10)
    bits, _ = maximize_min_cut_arrays(*stacked(functions))
    assert 1 <= len(flows) < 300 / 4
    assert all(value <= mincut.FLOW_BUDGET for value in flows)
    flows.clear()
    monkeypatch.setattr(mincut, "FLOW_BUDGET", mincut.BLOCK_BUDGET)
    small, _ = maximize_min_cut_arrays(*stacked(functions))
    assert len(flows) > 1 and all(value <= mincut.BLOCK_BUDGET for value in flows)
    alone = [maximize_min_cut_fast(h)[0] for h in functions]
    assert masks_from_bits(bits) == masks_from_bits(small) == alone


def test_residual_graph_when_scipy_changes_the_flow_layout(monkeypatch):
    """If SciPy's flow matrix does not have the layout of the capacity matrix (here: its
    zero entries dropped), the residual graph is aligned through a sparse difference and
    the answers do not change."""
    functions = same_size_functions(np.random.default_rng(15), 40, 8)
    expected = maximize_min_cut_arrays(*stacked(functions))[0]
    flow = mincut.maximum_flow

    dropped = []

    def pruned(*args, **kwargs):
        result = flow(*args, **kwargs)
        before = result.flow.nnz
        result.flow.eliminate_zeros()
        dropped.append(before - result.flow.nnz)
        return result

    monkeypatch.setattr(mincut, "maximum_flow", pruned)
    assert np.array_equal(maximize_min_cut_arrays(*stacked(functions))[0], expected)
    assert sum(dropped) > 0  # the layouts differed


def test_masks_from_bits_beyond_bit_63():
    """Bitmasks are Python ints of any width (issue 13): 0/1 rows of 100 entries."""
    bits = np.zeros((3, 100))
    bits[1, [0, 63, 99]] = 1.0
    bits[2] = 1.0
    assert masks_from_bits(bits) == [0, 1 | 1 << 63 | 1 << 99, (1 << 100) - 1]


@pytest.mark.parametrize(
    ("unary", "pairwise", "message"),
    [
        (np.zeros((2, 3)), np.zeros((2, 3, 2)), "shape"),
        (np.zeros((0, 3)), np.zeros((0, 3, 3)), "shape"),
        (np.zeros(3), np.zeros((3, 3)), "unary"),
        (np.zeros((1, 2)), np.array([[[1.0, 0.0], [0.0, 0.0]]]), "diagonal"),
        (np.zeros((1, 2)), np.array([[[0.0, 1.0], [0.0, 0.0]]]), "symmetric"),
        (np.zeros((1, 2)), np.array([[[0.0, -1.0], [-1.0, 0.0]]]), "supermodular"),
        (np.full((1, 2), np.nan), np.zeros((1, 2, 2)), "unary"),
    ],
)
def test_arrays_form_bad_inputs(unary, pairwise, message):
    """Malformed or non-supermodular stacks raise ValueError."""
    with pytest.raises(ValueError, match=message):
        maximize_min_cut_arrays(unary, pairwise)


def test_chunked_construction_keeps_the_answers(monkeypatch):
    """For large N the graphs are built a few functions at a time (CHUNK_ENTRIES bounds
    K · N²); the answers are those of one construction for the whole batch."""
    functions = same_size_functions(np.random.default_rng(16), 50, 10)
    expected = maximize_min_cut_arrays(*stacked(functions))[0]
    monkeypatch.setattr(mincut, "CHUNK_ENTRIES", 3 * 10 * 10)
    assert np.array_equal(maximize_min_cut_arrays(*stacked(functions))[0], expected)
