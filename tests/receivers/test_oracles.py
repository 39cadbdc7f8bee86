"""Set functions and the set-function oracles of Appendix B (Prop. 9).

Chapter "Many receivers and externalities", section "Positive externalities at
scale": the min-cut oracle must return a true maximizer of every supermodular
pairwise function, checked against brute force.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from persuasion.receivers.oracles import (
    improve_locally,
    improve_locally_batch,
    maximize_exhaustive,
    maximize_min_cut,
    persistent_choices,
)
from persuasion.receivers.setfunctions import (
    PairwiseSetFunction,
    conic_combination,
    marginal_set_function,
    mask_of,
    subset_bits,
)


def random_supermodular(
    rng: np.random.Generator, n: int, scale: float = 1.0
) -> PairwiseSetFunction:
    """Integer unary terms of both signs, non-negative pairwise terms (ties likely)."""
    unary = rng.integers(-3, 4, n) * scale
    upper = np.triu(rng.integers(0, 4, (n, n)) * (rng.random((n, n)) < 0.6), k=1) * scale
    return PairwiseSetFunction(unary, upper + upper.T, constant=float(rng.integers(-2, 3)))


def brute_force(h: PairwiseSetFunction) -> float:
    return max(h(mask) for mask in range(1 << h.n))


def test_values_match_definition():
    """Section "Positive externalities at scale": h(S) = c + Σ a_i + Σ_{i<j} b_ij, by bitmask."""
    rng = np.random.default_rng(1)
    for _ in range(50):
        n = int(rng.integers(1, 7))
        h = random_supermodular(rng, n)
        table = h.values()
        for mask in range(1 << n):
            members = [i for i in range(n) if mask >> i & 1]
            direct = h.constant + sum(h.unary[i] for i in members)
            direct += sum(h.pairwise[i, j] for i, j in itertools.combinations(members, 2))
            assert table[mask] == pytest.approx(direct)
            assert h(mask) == pytest.approx(direct)
            assert h(members) == pytest.approx(direct)


def test_min_cut_oracle_matches_brute_force():
    """Prop. 9's oracle: argmax of a supermodular pairwise function by one minimum cut,
    on 400 random functions (negative unary terms, ties) against brute force."""
    rng = np.random.default_rng(2)
    for _ in range(400):
        h = random_supermodular(rng, int(rng.integers(1, 9)))
        mask, value = maximize_min_cut(h)
        assert value == pytest.approx(h(mask))
        assert value == pytest.approx(brute_force(h), abs=1e-9)


def test_min_cut_oracle_with_large_float_coefficients():
    """The oracle stays exact when capacities are large non-integers (the multipliers α of
    column generation reach 10^4): float capacities made networkx return a wrong side."""
    rng = np.random.default_rng(3)
    for _ in range(300):
        n = int(rng.integers(2, 10))
        unary = rng.normal(size=n) * rng.choice([1.0, 1e2, 1e4])
        upper = np.triu(rng.random((n, n)) * (rng.random((n, n)) < 0.7), k=1) * rng.choice([1, 300])
        h = PairwiseSetFunction(unary, upper + upper.T)
        _, value = maximize_min_cut(h)
        assert value == pytest.approx(brute_force(h), rel=1e-12, abs=1e-9)


def test_exhaustive_oracle_on_tables_and_functions():
    """The exhaustive oracle returns the smallest maximizing bitmask of a table."""
    table = np.array([0.0, 2.0, 1.0, 2.0])
    assert maximize_exhaustive(table) == (1, 2.0)
    rng = np.random.default_rng(4)
    for _ in range(100):
        h = random_supermodular(rng, int(rng.integers(1, 8)))
        mask, value = maximize_exhaustive(h)
        assert value == pytest.approx(brute_force(h))
        assert h(mask) == pytest.approx(value)


def test_persistent_choices_keep_a_maximizer():
    """Preprocessing of the min-cut oracle: a maximizer containing IN and avoiding OUT exists."""
    rng = np.random.default_rng(5)
    for _ in range(300):
        h = random_supermodular(rng, int(rng.integers(1, 8)))
        inside, outside = persistent_choices(h)
        assert not np.any(inside & outside)
        must = sum(1 << i for i in np.flatnonzero(inside))
        never = sum(1 << i for i in np.flatnonzero(outside))
        allowed = [m for m in range(1 << h.n) if m & must == must and not m & never]
        assert max(h(m) for m in allowed) == pytest.approx(brute_force(h))


def test_local_search_returns_a_local_maximum():
    """Heuristic pricing: no single flip improves the returned set (functions and tables)."""
    rng = np.random.default_rng(6)
    for _ in range(200):
        h = random_supermodular(rng, int(rng.integers(1, 8)))
        start = int(rng.integers(0, 1 << h.n))
        for target in (h, h.values()):
            mask, value = improve_locally(target, start)
            assert value == pytest.approx(h(mask))
            assert all(h(mask ^ (1 << i)) <= value + 1e-9 for i in range(h.n))
            assert value <= brute_force(h) + 1e-9


def test_conic_combination_is_closed_and_linear():
    """Definition 7: conic combinations of supermodular pairwise functions stay in the cone."""
    rng = np.random.default_rng(7)
    for _ in range(50):
        n = int(rng.integers(1, 6))
        functions = [random_supermodular(rng, n) for _ in range(3)]
        weights = rng.random(3) * 3
        combined = conic_combination(functions, weights)
        assert combined.is_supermodular()
        expected = sum(w * h.values() for w, h in zip(weights, functions, strict=True))
        assert np.allclose(combined.values(), expected)


def test_marginal_set_function_and_properties():
    """Positive externalities (Definition 6) make g_i(S) = [i∈S](c + Σ d_j [j∈S]) supermodular."""
    g = marginal_set_function(3, 1, -2.0, [1.0, 5.0, 2.0])
    assert g(0b000) == 0 and g(0b001) == 0
    assert g(0b010) == -2.0 and g(0b011) == -1.0 and g(0b111) == 1.0
    assert g.is_supermodular()
    assert not g.is_monotone()
    monotone = PairwiseSetFunction([0.0, 1.0], [[0.0, 2.0], [2.0, 0.0]])
    assert monotone.is_monotone() and monotone.is_supermodular()
    sub = PairwiseSetFunction([3.0, 3.0], [[0.0, -1.0], [-1.0, 0.0]])
    assert sub.is_monotone() and not sub.is_supermodular()
    assert subset_bits(2).tolist() == [[0, 0], [1, 0], [0, 1], [1, 1]]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: PairwiseSetFunction([]), "unary"),
        (lambda: PairwiseSetFunction([1.0, np.nan]), "unary"),
        (lambda: PairwiseSetFunction([1.0, 2.0], [[0.0, 1.0]]), "pairwise"),
        (lambda: PairwiseSetFunction([1.0, 2.0], [[0.0, 1.0], [2.0, 0.0]]), "symmetric"),
        (lambda: PairwiseSetFunction([1.0, 2.0], [[1.0, 0.0], [0.0, 0.0]]), "diagonal"),
        (lambda: PairwiseSetFunction([1.0])(0b10), "subset"),
        (lambda: PairwiseSetFunction([1.0])([3]), "subset"),
        (lambda: mask_of(True, 2), "subset"),
        (lambda: PairwiseSetFunction(np.zeros(30)).values(), "too large"),
        (lambda: conic_combination([], []), "functions"),
        (lambda: conic_combination([PairwiseSetFunction([1.0])], [-1.0]), "weights"),
        (lambda: conic_combination([PairwiseSetFunction([1.0])], [1.0, 2.0]), "weights"),
        (
            lambda: conic_combination(
                [PairwiseSetFunction([1.0]), PairwiseSetFunction([1.0, 2.0])], [1.0, 1.0]
            ),
            "same ground set",
        ),
        (lambda: marginal_set_function(2, 0, 1.0, [1.0]), "externality"),
        (lambda: marginal_set_function(2, 5, 1.0, [1.0, 1.0]), "i must"),
        (lambda: maximize_exhaustive(np.zeros(3)), "2\\^N"),
        (lambda: maximize_exhaustive([1.0, np.inf]), "finite"),
        (lambda: maximize_min_cut(np.zeros(4)), "PairwiseSetFunction"),
        (
            lambda: maximize_min_cut(PairwiseSetFunction([1.0, 1.0], [[0.0, -1.0], [-1.0, 0.0]])),
            "supermodular",
        ),
    ],
)
def test_malformed_input_raises_value_error(call, message):
    """Malformed set functions and oracle inputs raise ValueError naming the problem."""
    with pytest.raises(ValueError, match=message):
        call()


def test_batched_local_search_runs_each_row_like_improve_locally():
    """Prop. 9's pricing heuristic for all states of a round at once: each row of
    improve_locally_batch follows improve_locally's steepest-ascent path from the same
    start (real coefficients, so flips are seldom tied), whatever the other rows do."""
    rng = np.random.default_rng(21)
    for n in (1, 5, 12, 70):
        functions = [random_supermodular(rng, n, scale=rng.random() + 0.5) for _ in range(9)]
        unary = np.stack([h.unary for h in functions])
        pairwise = np.stack([h.pairwise for h in functions])
        starts = rng.integers(0, 2, (9, n)).astype(float)
        found = improve_locally_batch(unary, pairwise, starts)
        assert found.shape == (9, n) and not np.shares_memory(found, starts)
        for h, start, row in zip(functions, starts, found, strict=True):
            mask, _ = improve_locally(h, mask_of(np.flatnonzero(start).tolist(), n))
            assert mask == mask_of(np.flatnonzero(row).tolist(), n)


def test_batched_local_search_rejects_mismatched_shapes():
    """improve_locally_batch names x when the shapes of its arrays disagree or x is not
    made of 0/1 starting sets."""
    with pytest.raises(ValueError, match="x must have the shape"):
        improve_locally_batch(np.zeros((2, 3)), np.zeros((2, 3, 3)), np.zeros((2, 4)))
    with pytest.raises(ValueError, match="pairwise"):
        improve_locally_batch(np.zeros((2, 3)), np.zeros((2, 3)), np.zeros((2, 3)))
    with pytest.raises(ValueError, match="0/1"):
        improve_locally_batch(np.zeros((2, 3)), np.zeros((2, 3, 3)), np.full((2, 3), 0.5))
