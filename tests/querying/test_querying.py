"""persuasion.querying: the chapter "AI and persuasion: querying a simulator of the
receiver" (book/ai_persuasion.ipynb).

Exact fixtures from the talk's slides and from an independent hand computation of
the three-type instance; property tests against a linear program over policies
(HiGHS through SciPy, one message per lowest buyer) and against brute force.
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F

import numpy as np
import pytest
from scipy.optimize import linprog

import persuasion.querying as q
from persuasion.querying.intervals import interval_table
from persuasion.querying.policy import best_plan
from persuasion.querying.receiver_types import odds_ratio

THREE = (["0.7", "0.4", "0.2"], ["0.3", "0.4", "0.3"])
THRESHOLDS = (F(1, 2), F(1, 3), F(3, 4), F(2, 5))


# --------------------------------------------------------------------------- helpers


def lp_value(beliefs, weights, t) -> float:
    """The optimal policy's value by an LP with one purchase message per lowest buyer
    ``j``: ``x_j = σ(m_j|1)``, ``y_j = σ(m_j|0)``, ``y_j t (1 - p_j) ≤ x_j (1 - t) p_j``,
    ``Σx ≤ 1``, ``Σy ≤ 1``; every type with belief ``≥ p_j`` buys on ``m_j``."""
    p = np.array([float(v) for v in beliefs])
    w = np.array([float(v) for v in weights])
    w = w / w.sum()
    t = float(t)
    n = len(p)
    above = p[None, :] >= p[:, None]  # row j: the types buying on m_j
    a = (above * (w * p)[None, :]).sum(axis=1)
    b = (above * (w * (1 - p))[None, :]).sum(axis=1)
    c = -np.concatenate([a, b])
    rows = [np.concatenate([np.ones(n), np.zeros(n)]), np.concatenate([np.zeros(n), np.ones(n)])]
    for j in range(n):
        row = np.zeros(2 * n)
        row[j], row[n + j] = -(1 - t) * p[j], t * (1 - p[j])
        rows.append(row)
    rhs = np.concatenate([[1, 1], np.zeros(n)])
    res = linprog(c, A_ub=np.array(rows), b_ub=rhs, bounds=(0, None), method="highs")
    assert res.status == 0
    return -res.fun


def random_types(rng, n_max=6, grid=20, zero_weights=True):
    """Beliefs on a grid (ties, 0, 1 and the thresholds included) and small integer
    weights (some zero, never all)."""
    n = int(rng.integers(1, n_max + 1))
    beliefs = [F(int(k), grid) for k in rng.integers(0, grid + 1, n)]
    weights = [int(v) for v in rng.integers(0 if zero_weights else 1, 4, n)]
    if sum(weights) == 0:
        weights[0] = 1
    return beliefs, weights


def distinct_types(rng, n, grid=20):
    beliefs = sorted(F(int(k), grid) for k in rng.choice(np.arange(1, grid), n, replace=False))
    weights = [F(int(v)) for v in rng.integers(1, 5, n)]
    return beliefs, weights


# --------------------------------------------------------------------------- fixtures


def test_three_type_instance_exact_values() -> None:
    """Section "The value of queries": no query 0.59, the cuts 0.71 and 0.64, both
    queries 0.74 (= full knowledge), marginal gains +0.12, +0.05, +0.10, +0.03."""
    b, w = THREE
    none = q.query_value(b, w, [])
    low_cut, high_cut = q.query_value(b, w, ["0.4"]), q.query_value(b, w, ["0.7"])
    both = q.query_value(b, w, ["0.4", "0.7"])
    assert (none, low_cut, high_cut, both) == (F(59, 100), F(71, 100), F(64, 100), F(74, 100))
    assert all(isinstance(v, F) for v in (none, low_cut, high_cut, both))
    assert (low_cut - none, high_cut - none) == (F(12, 100), F(5, 100))
    assert (both - high_cut, both - low_cut) == (F(10, 100), F(3, 100))
    full = sum(F(wk) * q.optimal_policy([bk], [1]).value for bk, wk in zip(b, w, strict=True))
    assert full == both
    assert [q.optimal_policy([bk], [1]).value for bk in b] == [1, F(4, 5), F(2, 5)]


def test_three_type_instance_policy() -> None:
    """Section "The optimal messaging policy": with no query the sender targets the
    belief 0.4 with one purchase message (1, 2/3); types 0.7 and 0.4 buy."""
    policy = q.optimal_policy(*THREE)
    assert policy.value == F(59, 100) and policy.kind == "one target"
    assert policy.targets == (F(2, 5),)
    buy, rest = policy.messages
    assert (buy.state1, buy.state0, buy.buyers) == (1, F(2, 3), (0, 1))
    assert (rest.state1, rest.state0, rest.buyers) == (0, F(1, 3), ())


def test_slide_examples_seller_and_private_signal() -> None:
    """Chapter 1's seller (0.4 -> 0.8 with q = 2/3; 0.2 -> 0.4 with q = 1/4) and private
    signal (optimists 0.4, pessimists 0.475, told the news 0.6), reused here."""
    for prior, q_star, value in (("0.4", F(2, 3), F(4, 5)), ("0.2", F(1, 4), F(2, 5))):
        policy = q.optimal_policy([prior], [1])
        assert policy.value == value and policy.messages[0].state0 == q_star
    beliefs, weights = ["2/5", "1/5"], [1, 1]
    assert q.policy_value(beliefs, weights, [(1, F(2, 3)), (0, F(1, 3))]) == F(2, 5)
    assert q.policy_value(beliefs, weights, [(1, F(1, 4)), (0, F(3, 4))]) == F(19, 40)
    assert q.optimal_policy(beliefs, weights).value == F(19, 40)
    assert q.query_value(beliefs, weights, ["2/5"]) == F(3, 5)


def test_two_targets_beat_every_single_target() -> None:
    """Example "Neither optimists nor pessimists": beliefs 1/5 and 3/5, equally likely;
    two purchase messages earn 29/50, every one-message policy at most 11/20."""
    beliefs, weights = ["1/5", "3/5"], [1, 1]
    policy = q.optimal_policy(beliefs, weights)
    assert policy.value == F(29, 50) and policy.kind == "two targets"
    singles = [q.policy_value(beliefs, weights, [(1, y), (0, 1 - y)]) for y in (F(1, 4), 1)]
    assert singles == [F(11, 20), F(1, 2)]
    grid = [q.policy_value(beliefs, weights, [(1, F(k, 400)), (0, 1 - F(k, 400))])
            for k in range(401)]
    assert max(grid) == F(11, 20) < policy.value
    assert q.policy_value(beliefs, weights, policy) == policy.value


def test_sawtooth_two_peaks() -> None:
    """Figure "sawtooth": on the three-type instance the one-message policy (1, q) has
    local maxima at q = 1/4 (0.5725) and q = 2/3 (0.59)."""
    b, w = THREE

    def value(y):
        return q.policy_value(b, w, [(1, y), (0, 1 - y)])

    assert value(F(1, 4)) == F(229, 400) and value(F(2, 3)) == F(59, 100)
    eps = F(1, 10**6)
    for peak in (F(1, 4), F(2, 3)):
        assert value(peak - eps) < value(peak) > value(peak + eps)


# --------------------------------------------------------------------------- the policy


def test_optimal_policy_against_lp() -> None:
    """Proposition "Optimal messaging policy": the enumeration of the four forms equals
    the LP optimum over policies on 300 random instances (ties, zero weights, beliefs
    on both sides of several thresholds), and its messages, evaluated by Bayes' rule,
    attain the value exactly."""
    rng = np.random.default_rng(20231130)
    both_sides = 0
    for trial in range(300):
        beliefs, weights = random_types(rng)
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        policy = q.optimal_policy(beliefs, weights, t)
        assert isinstance(policy.value, F)
        assert abs(float(policy.value) - lp_value(beliefs, weights, t)) < 1e-9
        assert q.policy_value(beliefs, weights, policy, t) == policy.value
        assert sum(m.state1 for m in policy.messages) == 1
        assert sum(m.state0 for m in policy.messages) == 1
        assert len([m for m in policy.messages if m.buyers]) <= 2
        floats = q.optimal_policy([float(v) for v in beliefs], weights, float(t))
        assert isinstance(floats.value, float)
        assert floats.value == pytest.approx(float(policy.value), abs=1e-12)
        both_sides += min(beliefs) < t <= max(beliefs)
    assert both_sides >= 80


def test_single_target_optimal_below_threshold() -> None:
    """Corollary "One message suffices below the threshold": when every belief is at most
    t the best one-message policy (1, min(1, c_j)) is optimal; above, two messages are
    sometimes strictly better (and only then)."""
    rng = np.random.default_rng(7)
    strictly_better = 0
    for trial in range(400):
        beliefs, weights = random_types(rng, zero_weights=False)
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        optimum = q.optimal_policy(beliefs, weights, t).value
        single = max(
            q.policy_value(beliefs, weights,
                           [(1, min(1, odds_ratio(p, t))), (0, 1 - min(1, odds_ratio(p, t)))], t)
            for p in beliefs if p < 1
        ) if any(p < 1 for p in beliefs) else F(0)
        single = max(single, q.policy_value(beliefs, weights, [(1, 0), (0, 1)], t))
        if max(beliefs) <= t:
            assert single == optimum
        elif single < optimum:
            strictly_better += 1
    assert strictly_better > 0


# --------------------------------------------------------------------------- the simulator


def test_simulator_is_a_threshold_oracle() -> None:
    """Theorem "A simulator is a threshold oracle", both directions, on random types and
    random policies: every (σ, m) acts exactly on beliefs ≥ its indifference belief, and
    every θ is realized by the message of threshold_message."""
    rng = np.random.default_rng(3)
    for trial in range(400):
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        p = F(int(rng.integers(0, 41)), 40)
        simulator = q.ReceiverSimulator(p, t)
        k = int(rng.integers(1, 5))
        raw = rng.integers(0, 4, size=(k, 2))
        raw[0] += 1  # both states send something
        sums = raw.sum(axis=0)
        policy = [(F(int(a), int(sums[0])), F(int(b), int(sums[1]))) for a, b in raw]
        for m, (x, y) in enumerate(policy):
            if x == y == 0:
                continue
            theta = q.indifference_belief(x, y, t)
            posterior_ok = p * x / (p * x + (1 - p) * y) >= t if p * x + (1 - p) * y else None
            assert simulator.acts(policy, m) == (p >= theta)
            if posterior_ok is not None:
                assert posterior_ok == (p >= theta)
        theta = F(int(rng.integers(0, 41)), 40)
        x, y = q.threshold_message(theta, t)
        assert max(x, y) == 1 and q.indifference_belief(x, y, t) == theta
        assert simulator.at_least(theta) == (p >= theta)
    assert simulator.queries > 0


def test_simulated_querying_end_to_end() -> None:
    """Section "Simulation queries": asking the simulator of each hidden type, then
    committing to the optimal policy of the cell, earns exactly query_value."""
    rng = np.random.default_rng(5)
    for _ in range(60):
        beliefs, weights = random_types(rng, n_max=5, zero_weights=False)
        thetas = sorted({F(int(k), 20) for k in rng.integers(0, 21, int(rng.integers(0, 3)))})
        total = F(0)
        for p, w in zip(beliefs, weights, strict=True):
            answers = q.ask_thresholds(q.ReceiverSimulator(p), thetas)
            cell = [(b, v) for b, v in zip(beliefs, weights, strict=True)
                    if q.ask_thresholds(q.ReceiverSimulator(b), thetas) == answers]
            policy = q.optimal_policy([b for b, _ in cell], [v for _, v in cell])
            total += F(w, sum(weights)) * q.policy_value([p], [1], policy)
        assert total == q.query_value(beliefs, weights, thetas)


# --------------------------------------------------------------------------- intervals and queries


def test_interval_table_against_enumeration_and_lp() -> None:
    """The O(n²) interval values equal the policy enumeration on every interval, and the
    LP on the whole set (exact and float arithmetic)."""
    rng = np.random.default_rng(11)
    for trial in range(150):
        beliefs, weights = random_types(rng, n_max=8, zero_weights=False)
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        levels, table = q.interval_values(beliefs, weights, t)
        types = q.receiver_types(beliefs, weights, t)
        for l_, r in itertools.combinations_with_replacement(range(len(levels)), 2):
            plan = best_plan(levels[l_ : r + 1], types.level_weights[l_ : r + 1], t, True)
            assert table[l_, r] == plan.value
        assert abs(float(table[0, -1]) - lp_value(beliefs, weights, t)) < 1e-9
        floats = interval_table([float(v) for v in levels],
                                [float(v) for v in types.level_weights], float(t), False)
        upper = np.triu_indices(len(levels))
        assert np.allclose(floats[upper], np.array(table[upper], dtype=float), atol=1e-12)


def test_submodularity_exhaustive_grid() -> None:
    """Proposition "Submodularity" (proved when every belief is at most t; observed
    otherwise): every instance with three distinct beliefs in {1/8, …, 7/8}, weights in
    {1, 2, 3} and thresholds 1/2 and 1/3, and with four such beliefs, weights in {1, 2}
    and threshold 1/2; every set of cuts: diminishing returns and monotonicity hold
    exactly."""
    grid = [F(k, 8) for k in range(1, 8)]
    checked = 0
    for n, weight_range, thresholds in ((3, (1, 2, 3), (F(1, 2), F(1, 3))),
                                        (4, (1, 2), (F(1, 2),))):
        for beliefs in itertools.combinations(grid, n):
            for weights in itertools.product(weight_range, repeat=n):
                for t in thresholds:
                    values = q.query_set_values(beliefs, weights, t)
                    assert q.diminishing_returns_violations(values) == (0, 0)
                    checked += 1
    assert checked == 2 * 35 * 27 + 35 * 16


def test_submodularity_random() -> None:
    """Proposition "Submodularity" on 600 random instances with up to 8 types (exact
    arithmetic, ties, several thresholds): no violation."""
    rng = np.random.default_rng(17)
    above = 0
    for trial in range(600):
        beliefs, weights = random_types(rng, n_max=8, zero_weights=False)
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        values = q.query_set_values(beliefs, weights, t)
        assert q.diminishing_returns_violations(values) == (0, 0)
        above += max(beliefs) > t
    assert above >= 300


def test_query_set_values_and_violation_counter() -> None:
    """The set-function tools of section "Submodularity": query_set_values agrees with
    query_value on every set of cuts, and the violation counter detects a
    supermodular and a decreasing function."""
    rng = np.random.default_rng(13)
    for _ in range(40):
        beliefs, weights = random_types(rng, n_max=6, zero_weights=False)
        levels = sorted(set(beliefs))
        values = q.query_set_values(beliefs, weights)
        for mask, value in enumerate(values):
            thetas = [levels[g + 1] for g in range(len(levels) - 1) if mask >> g & 1]
            assert value == q.query_value(beliefs, weights, thetas)
    squares = [bin(mask).count("1") ** 2 for mask in range(8)]
    assert q.diminishing_returns_violations(squares) == (3 + 3, 0)
    assert q.diminishing_returns_violations([0, -1, -1, -2]) == (0, 4)
    with pytest.raises(ValueError, match="values"):
        q.diminishing_returns_violations([0, 1, 2])


def test_library_lp_and_greedy_values() -> None:
    """lp_policy_value (the chapter's LP check) agrees with this file's LP and with
    optimal_policy; greedy_query_values extends greedy_queries."""
    rng = np.random.default_rng(19)
    for trial in range(60):
        beliefs, weights = random_types(rng)
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        value = q.lp_policy_value(beliefs, weights, t)
        assert abs(value - lp_value(beliefs, weights, t)) < 1e-9
        assert abs(value - float(q.optimal_policy(beliefs, weights, t).value)) < 1e-9
        values = q.greedy_query_values(beliefs, weights, 4, t)
        for k in range(5):
            assert values[k] == q.greedy_queries(beliefs, weights, k, t).value


def test_dp_against_brute_force() -> None:
    """Section "Choosing the queries": the interval DP equals brute force over all sets
    of k cuts for n ≤ 10 and every k; its thresholds attain the value (query_value);
    greedy never beats it, keeps (1 - 1/e) of the optimal gain, and is optimal for
    k = 1."""
    rng = np.random.default_rng(23)
    for trial in range(80):
        n = int(rng.integers(1, 11))
        beliefs, weights = distinct_types(rng, n)
        t = THRESHOLDS[trial % len(THRESHOLDS)]
        every_set = q.query_set_values(beliefs, weights, t)
        brute = [max(v for mask, v in enumerate(every_set) if bin(mask).count("1") == k)
                 for k in range(n)]
        dp = q.optimal_query_values(beliefs, weights, n - 1, t)
        greedy = q.greedy_query_values(beliefs, weights, n - 1, t)
        assert list(dp) == brute
        for k in range(n):
            assert greedy[k] <= dp[k]
            assert greedy[k] - dp[0] >= (1 - 1 / np.e) * (dp[k] - dp[0]) - 1e-12
        if n > 1:
            assert greedy[1] == dp[1]
        k = int(rng.integers(0, n + 1))
        result = q.optimal_queries(beliefs, weights, k, t)
        assert result.value == dp[min(k, n - 1)] == q.brute_force_queries(beliefs, weights, k,
                                                                          t).value
        assert q.query_value(beliefs, weights, result.thresholds, t) == result.value
        assert len(result.thresholds) == min(k, n - 1)
        greedy_k = q.greedy_queries(beliefs, weights, k, t)
        assert q.query_value(beliefs, weights, greedy_k.thresholds, t) == greedy_k.value


def test_greedy_is_sometimes_suboptimal() -> None:
    """Section "Greedy against optimal": on random instances greedy is sometimes
    strictly suboptimal, never below (1 - 1/e) of the optimal gain."""
    rng = np.random.default_rng(2)
    worse = 0
    for _ in range(150):
        beliefs, weights = distinct_types(rng, int(rng.integers(4, 10)))
        greedy = q.greedy_query_values(beliefs, weights, 3)
        optimal = q.optimal_query_values(beliefs, weights, 3)
        worse += sum(greedy[k] < optimal[k] for k in (2, 3))
    assert worse > 0


def adaptive_oracle(table, k, lo, hi, memo=None):
    """Direct recursion over decision trees: ask a cut of [lo, hi] or stop."""
    memo = {} if memo is None else memo
    if (k, lo, hi) not in memo:
        best = table[lo, hi]
        if k > 0:
            for m in range(lo, hi):
                best = max(best, adaptive_oracle(table, k - 1, lo, m, memo)
                           + adaptive_oracle(table, k - 1, m + 1, hi, memo))
        memo[k, lo, hi] = best
    return memo[k, lo, hi]


def tree_value(tree, beliefs, weights, k) -> F:
    """Walk the tree with each type's simulator and check its depth."""
    total = F(0)
    for p, w in zip(beliefs, weights, strict=True):
        node, depth, simulator = tree, 0, q.ReceiverSimulator(p)
        while isinstance(node, q.QueryTree):
            node = node.above if simulator.at_least(node.threshold) else node.below
            depth += 1
        assert depth <= k and p in node
        cell_w = [v for b, v in zip(beliefs, weights, strict=True) if b in node]
        cell_b = [b for b in beliefs if b in node]
        total += F(w, sum(weights)) * q.policy_value([p], [1], q.optimal_policy(cell_b, cell_w))
    return total


def test_adaptive_queries() -> None:
    """Section "Adaptive and costly queries": the adaptive value equals a direct
    recursion over decision trees and the value of min(n - 1, 2^K - 1) cuts, and the
    returned tree, walked with the simulator, earns it."""
    rng = np.random.default_rng(29)
    for _ in range(40):
        n = int(rng.integers(1, 9))
        beliefs, weights = distinct_types(rng, n)
        _, table = q.interval_values(beliefs, weights)
        for k in range(4):
            result = q.adaptive_queries(beliefs, weights, k)
            assert result.value == adaptive_oracle(table, k, 0, n - 1)
            assert result.value == q.optimal_queries(beliefs, weights, 2**k - 1).value
            assert tree_value(result.tree, beliefs, weights, k) == result.value


def test_costly_queries() -> None:
    """Section "Adaptive and costly queries": the chosen K maximizes value(K) - cK
    (brute force over K), for non-adaptive and adaptive queries."""
    rng = np.random.default_rng(31)
    for _ in range(40):
        n = int(rng.integers(1, 8))
        beliefs, weights = distinct_types(rng, n)
        cost = F(int(rng.integers(0, 40)), 400)
        result = q.costly_queries(beliefs, weights, cost)
        nets = [q.brute_force_queries(beliefs, weights, k).value - cost * k for k in range(n)]
        assert result.net == max(nets) and result.k == nets.index(max(nets))
        assert result.value == q.query_value(beliefs, weights, result.thresholds)
        adaptive = q.costly_queries(beliefs, weights, cost, adaptive=True)
        nets = [q.adaptive_queries(beliefs, weights, k).value - cost * k for k in range(5)]
        assert adaptive.net == max(nets) and adaptive.k == nets.index(max(nets))


# --------------------------------------------------------------------------- partitions


def test_set_cover_reduction() -> None:
    """Section "Exogenous partitions are hard": in the reduction, the value of every
    choice of questions is base + per_element × (elements covered), so K questions reach
    base + per_element × n iff K sets cover the universe; greedy can miss it."""
    sets = [[0, 1, 2, 3], [0, 1, 4], [2, 3, 5]]
    red = q.set_cover_reduction(6, sets)
    for k in range(len(sets) + 1):
        for chosen in itertools.combinations(range(len(sets)), k):
            cells = q.question_cells(7, [sets[j] for j in chosen])
            covered = len(set().union(*[sets[j] for j in chosen])) if chosen else 0
            value = q.partition_value(red.beliefs, red.weights, cells)
            assert value == red.value_of(covered)
    best = q.best_questions(red.beliefs, red.weights, red.questions, 2)
    greedy = q.greedy_questions(red.beliefs, red.weights, red.questions, 2)
    assert best.value == red.value_of(6) and sorted(best.questions) == [1, 2]
    assert greedy.value == red.value_of(5) and greedy.questions[0] == 0
    rng = np.random.default_rng(37)
    for _ in range(40):
        n, m = int(rng.integers(1, 7)), int(rng.integers(1, 5))
        sets = [sorted({int(e) for e in rng.integers(0, n, int(rng.integers(1, n + 1)))})
                for _ in range(m)]
        red = q.set_cover_reduction(n, sets)
        for k in range(m + 1):
            coverage = max(len(set().union(set(), *[sets[j] for j in c]))
                           for c in itertools.combinations(range(m), k))
            best = q.best_questions(red.beliefs, red.weights, red.questions, k)
            assert best.value == red.value_of(coverage)


def test_non_interval_partition_beats_intervals() -> None:
    """Section "Beyond thresholds": beliefs 1/10, 3/10, 7/10 equally likely: the
    partition {1/10, 7/10} | {3/10} is worth more than every interval partition into
    two cells; over random instances this never happens when every belief is < 1/2."""
    beliefs, weights = ["1/10", "3/10", "7/10"], [1, 1, 1]
    best = q.best_partition(beliefs, weights, 2)
    assert best.value == F(43, 75) and sorted(best.cells) == [(0, 2), (1,)]
    assert q.optimal_queries(beliefs, weights, 1).value == F(19, 35) < best.value
    rng = np.random.default_rng(41)
    for _ in range(120):
        beliefs, weights = distinct_types(rng, int(rng.integers(2, 6)), grid=10)
        beliefs = [b / 2 for b in beliefs]  # all below 1/2
        m = int(rng.integers(2, len(beliefs) + 1))
        assert q.best_partition(beliefs, weights, m).value == q.optimal_queries(
            beliefs, weights, m - 1).value
    cells = [(0, 2), (1,)]
    assert q.partition_value(["1/10", "3/10", "7/10"], [1, 1, 1], cells) == F(43, 75)


# --------------------------------------------------------------------------- number types


def test_exact_and_float_modes() -> None:
    """Values are Fractions for ints, Fractions and strings, floats otherwise; the two
    agree."""
    b, w = THREE
    exact = q.optimal_queries(b, w, 1)
    assert isinstance(exact.value, F) and all(isinstance(t, F) for t in exact.thresholds)
    floats = q.optimal_queries([0.7, 0.4, 0.2], [0.3, 0.4, 0.3], 1)
    assert isinstance(floats.value, float) and floats.value == pytest.approx(0.71)
    assert isinstance(q.optimal_policy([F(1, 3)], [np.int64(2)]).value, F)
    assert isinstance(q.optimal_policy(["1/3"], [2], threshold=0.5).value, float)
    assert q.query_value([0.7, 0.4, 0.2], [3, 4, 3], [0.4]) == pytest.approx(0.71)
    assert isinstance(q.optimal_policy([0.2, 0.6], [1, 1], "1/2").value, float)
    assert q.query_value([0.7, 0.4, 0.2], [3, 4, 3], np.array(["2/5"])) == pytest.approx(0.71)
    assert q.policy_value(["1/5"], [1], np.array([[1, 0.25], [0, 0.75]])) == pytest.approx(0.4)
    assert q.costly_queries([0.7, 0.4, 0.2], [3, 4, 3], "1/50").k == 2
    assert q.greedy_queries(b, w, 2).gains == (F(12, 100), F(3, 100))
    assert q.greedy_queries(b, w, 2).order == (F(2, 5), F(7, 10))


# --------------------------------------------------------------------------- bad input

BAD_TYPES = [
    (dict(beliefs=[1.2, 0.3], weights=[1, 1]), "beliefs"),
    (dict(beliefs=[-0.1, 0.3], weights=[1, 1]), "beliefs"),
    (dict(beliefs=[float("nan"), 0.3], weights=[1, 1]), "beliefs"),
    (dict(beliefs=["abc"], weights=[1]), "beliefs"),
    (dict(beliefs=[True, 0.3], weights=[1, 1]), "beliefs"),
    (dict(beliefs=[], weights=[]), "beliefs"),
    (dict(beliefs=0.3, weights=[1]), "beliefs"),
    (dict(beliefs=[[0.3]], weights=[1]), "beliefs"),
    (dict(beliefs=[[0.3], [0.2, 0.1]], weights=[1, 1]), "beliefs"),
    (dict(beliefs=[0.3, 0.4], weights=[1, -1]), "weights"),
    (dict(beliefs=[0.3, 0.4], weights=[0, 0]), "weights"),
    (dict(beliefs=[0.3, 0.4], weights=[1]), "weights"),
    (dict(beliefs=[0.3, 0.4], weights=[1, float("inf")]), "weights"),
    (dict(beliefs=[0.3, 0.4], weights=[1, False]), "weights"),
    (dict(beliefs=[0.3], weights=[1], threshold=0), "threshold"),
    (dict(beliefs=[0.3], weights=[1], threshold=1), "threshold"),
    (dict(beliefs=[0.3], weights=[1], threshold=float("nan")), "threshold"),
    (dict(beliefs=[0.3], weights=[1], threshold=True), "threshold"),
    (dict(beliefs=[0.3], weights=[1], threshold="x"), "threshold"),
    (dict(beliefs=[0.3], weights=[1], threshold=[0.5]), "threshold"),
]

TYPE_FUNCTIONS = {
    "optimal_policy": lambda beliefs, weights, threshold=F(1, 2): q.optimal_policy(
        beliefs, weights, threshold),
    "policy_value": lambda beliefs, weights, threshold=F(1, 2): q.policy_value(
        beliefs, weights, [(1, 0), (0, 1)], threshold),
    "interval_values": q.interval_values,
    "query_value": lambda beliefs, weights, threshold=F(1, 2): q.query_value(
        beliefs, weights, [], threshold),
    "optimal_queries": lambda beliefs, weights, threshold=F(1, 2): q.optimal_queries(
        beliefs, weights, 1, threshold),
    "optimal_query_values": lambda beliefs, weights, threshold=F(1, 2): q.optimal_query_values(
        beliefs, weights, 1, threshold),
    "greedy_queries": lambda beliefs, weights, threshold=F(1, 2): q.greedy_queries(
        beliefs, weights, 1, threshold),
    "greedy_query_values": lambda beliefs, weights, threshold=F(1, 2): q.greedy_query_values(
        beliefs, weights, 1, threshold),
    "query_set_values": q.query_set_values,
    "lp_policy_value": q.lp_policy_value,
    "brute_force_queries": lambda beliefs, weights, threshold=F(1, 2): q.brute_force_queries(
        beliefs, weights, 1, threshold),
    "adaptive_queries": lambda beliefs, weights, threshold=F(1, 2): q.adaptive_queries(
        beliefs, weights, 1, threshold),
    "costly_queries": lambda beliefs, weights, threshold=F(1, 2): q.costly_queries(
        beliefs, weights, 0, threshold),
    "partition_value": lambda beliefs, weights, threshold=F(1, 2): q.partition_value(
        beliefs, weights, [[0]], threshold),
    "best_questions": lambda beliefs, weights, threshold=F(1, 2): q.best_questions(
        beliefs, weights, [[0]], 1, threshold),
    "greedy_questions": lambda beliefs, weights, threshold=F(1, 2): q.greedy_questions(
        beliefs, weights, [[0]], 1, threshold),
    "best_partition": lambda beliefs, weights, threshold=F(1, 2): q.best_partition(
        beliefs, weights, 2, threshold),
    "receiver_types": q.receiver_types,
}


@pytest.mark.parametrize("name", sorted(TYPE_FUNCTIONS))
@pytest.mark.parametrize("kwargs,argument", BAD_TYPES)
def test_bad_types_raise_value_error_naming_the_argument(name, kwargs, argument) -> None:
    """Every public function validates beliefs, weights and threshold."""
    with pytest.raises(ValueError, match=argument):
        TYPE_FUNCTIONS[name](**kwargs)


@pytest.mark.parametrize(
    "call,argument",
    [
        (lambda: q.optimal_queries(*THREE, -1), "k"),
        (lambda: q.optimal_queries(*THREE, 1.5), "k"),
        (lambda: q.optimal_queries(*THREE, True), "k"),
        (lambda: q.greedy_queries(*THREE, -2), "k"),
        (lambda: q.greedy_query_values(*THREE, -2), "k"),
        (lambda: q.brute_force_queries(*THREE, "2"), "k"),
        (lambda: q.adaptive_queries(*THREE, -1), "k"),
        (lambda: q.optimal_query_values(*THREE, -1), "k"),
        (lambda: q.best_questions(*THREE, [[0]], -1), "k"),
        (lambda: q.greedy_questions(*THREE, [[0]], -1), "k"),
        (lambda: q.costly_queries(*THREE, -1), "cost"),
        (lambda: q.costly_queries(*THREE, float("nan")), "cost"),
        (lambda: q.costly_queries(*THREE, 0, adaptive=1), "adaptive"),
        (lambda: q.query_value(*THREE, [1.5]), "thresholds"),
        (lambda: q.query_value(*THREE, [float("nan")]), "thresholds"),
        (lambda: q.query_value(*THREE, 0.4), "thresholds"),
        (lambda: q.query_value(*THREE, [True]), "thresholds"),
        (lambda: q.policy_value(*THREE, [(1, 0)]), "policy"),
        (lambda: q.policy_value(*THREE, [(1, 2), (0, -1)]), "policy"),
        (lambda: q.policy_value(*THREE, [(1,), (0, 1)]), "policy"),
        (lambda: q.policy_value(*THREE, []), "policy"),
        (lambda: q.policy_value(*THREE, [1, 0]), "policy"),
        (lambda: q.partition_value(*THREE, [[0, 1]]), "cells"),
        (lambda: q.partition_value(*THREE, [[0, 1], [1, 2]]), "cells"),
        (lambda: q.partition_value(*THREE, [[0, 1, 2], []]), "cells"),
        (lambda: q.partition_value(*THREE, [[0, 1, -2]]), "cells"),
        (lambda: q.best_questions(*THREE, [[5]], 1), "questions"),
        (lambda: q.best_questions(*THREE, "ab", 1), "questions"),
        (lambda: q.best_partition(*THREE, 0), "n_cells"),
        (lambda: q.question_cells(0, []), "n_types"),
        (lambda: q.question_cells(3, [[3]]), "questions"),
        (lambda: q.set_cover_reduction(0, [[0]]), "n_elements"),
        (lambda: q.set_cover_reduction(3, []), "sets"),
        (lambda: q.set_cover_reduction(3, [[3]]), "sets"),
        (lambda: q.ReceiverSimulator(1.5), "belief"),
        (lambda: q.ReceiverSimulator(True), "belief"),
        (lambda: q.ReceiverSimulator(0.5, threshold=0), "threshold"),
        (lambda: q.ReceiverSimulator(0.5).acts([(1, 0), (0, 1)], 2), "message"),
        (lambda: q.ReceiverSimulator(0.5).acts([(1, 0), (0, 1)], -1), "message"),
        (lambda: q.ReceiverSimulator(0.5).acts([(1, 1)], True), "message"),
        (lambda: q.ReceiverSimulator(0.5).acts([(1, 1), (1, 0)], 0), "policy"),
        (lambda: q.ReceiverSimulator(0.5).acts_on(0, 0), "state1"),
        (lambda: q.ReceiverSimulator(0.5).acts_on(float("nan"), 0), "state1"),
        (lambda: q.ReceiverSimulator(0.5).at_least(2), "theta"),
        (lambda: q.indifference_belief(0, 0), "state1"),
        (lambda: q.indifference_belief(1, 2), "state0"),
        (lambda: q.indifference_belief(1, 1, threshold=1), "threshold"),
        (lambda: q.threshold_message(-0.5), "theta"),
        (lambda: q.threshold_message(0.5, threshold=2), "threshold"),
        (lambda: q.threshold_policy(float("nan")), "theta"),
        (lambda: q.ask_thresholds(None, [0.5]), "simulator"),
        (lambda: q.ask_thresholds(q.ReceiverSimulator(0.5), 0.5), "thresholds"),
    ],
)
def test_other_bad_arguments(call, argument) -> None:
    """Every other argument of the public functions is validated, naming it."""
    with pytest.raises(ValueError, match=argument):
        call()
