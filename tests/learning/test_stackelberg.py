"""Tests of persuasion.learning.stackelberg: benchmarks, bounds and repeated two-sided learning."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from persuasion.learning.stackelberg import (
    PROMPTING_AI,
    PROMPTING_HUMAN,
    ExploreTwiceThenCommit,
    FollowerETC,
    FollowerRegretAdjustedUCB,
    FollowerUCB,
    LeaderETC,
    LeaderUCB1,
    RegretAdjustedUCB,
    anytime_ucb_regret,
    approximate_best_responses,
    approximately_optimal_commitments,
    etc_regret_bound,
    misaligned_payoffs,
    misaligned_sweep,
    normalize,
    ra_ucb_regret_bound,
    relaxed_benchmarks,
    simulate_repeated,
    stackelberg_values,
)

F = Fraction
deltas = st.fractions(F(1, 1000), F(1, 4), max_denominator=1000)


def test_prompting_game_stackelberg_values() -> None:
    """Slides 'prompting as a Stackelberg game': the SE of the 2x3 matrix is worth 10 to
    the human and 9 to the AI."""
    assert stackelberg_values(PROMPTING_HUMAN, PROMPTING_AI) == (10, 9)
    assert stackelberg_values(PROMPTING_HUMAN, PROMPTING_HUMAN) == (10, 10)


@settings(max_examples=30, deadline=None)
@given(deltas)
def test_misaligned_instance_benchmarks_exact(delta: Fraction) -> None:
    """Slides 'AI and learning: misaligned setting': Stackelberg values (10, 9 + δ) in
    ω1 and (8, 10) in ω2; relaxed benchmarks: human 8 + 2δ and AI 9 + δ in ω1, human 8
    and AI 9 + 3δ in ω2 (A_ε as printed, with max over B_ε(a)); the 'min' reading of
    A_ε keeps the AI's benchmark at 10 in ω2."""
    h1, a1 = misaligned_payoffs(delta, 1)
    h2, a2 = misaligned_payoffs(delta, 2)
    assert stackelberg_values(h1, a1) == (10, 9 + delta)
    assert stackelberg_values(h2, a2) == (8, 10)
    r1, r2 = relaxed_benchmarks(h1, a1), relaxed_benchmarks(h2, a2)
    assert (r1.human, r1.ai, r1.human_eps) == (8 + 2 * delta, 9 + delta, 2 * delta)
    assert (r2.human, r2.ai, r2.ai_eps) == (8, 9 + 3 * delta, 2 * delta)
    assert relaxed_benchmarks(h2, a2, reading="min").ai == 10


def test_approximate_best_responses_and_commitments() -> None:
    """Slides 'Approximate Stackelberg equilibria': B_ε(a) and A_ε on the δ instance."""
    d = F(1, 10)
    h1, a1 = misaligned_payoffs(d, 1)
    assert approximate_best_responses(a1, 0) == ((0,), (2,))
    assert approximate_best_responses(a1, 2 * d - F(1, 1000)) == ((0,), (2,))
    assert approximate_best_responses(a1, 2 * d) == ((0, 1), (2,))
    assert approximately_optimal_commitments(h1, a1, 0) == (0,)
    assert approximately_optimal_commitments(h1, a1, 2 * d) == (0, 1)
    assert approximately_optimal_commitments(h1, a1, 2 * d, reading="min") == (1,)
    with pytest.raises(ValueError, match="eps must be ≥ 0"):
        approximate_best_responses(a1, -1)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000))
def test_relaxed_benchmarks_are_infima(seed: int) -> None:
    """Slides 'Relaxed Stackelberg benchmark': the computed value is the infimum over ε
    (checked against a fine grid of ε) and never exceeds the Stackelberg value."""
    rng = np.random.default_rng(seed)
    h = rng.integers(0, 6, size=(2, 3))
    a = rng.integers(0, 6, size=(2, 3))
    rb = relaxed_benchmarks(h, a)
    se_h, se_a = stackelberg_values(h, a)
    assert rb.human <= se_h and rb.ai <= se_a
    grid = [F(k, 8) for k in range(0, 57)]
    hv = [max(min(h[r, b] for b in br) for r, br in enumerate(approximate_best_responses(a, e))) + e
          for e in grid]
    av = [min(max(a[r]) for r in approximately_optimal_commitments(h, a, e)) + e for e in grid]
    assert rb.human <= min(hv) and rb.ai <= min(av)
    assert rb.human in hv or rb.human_eps not in grid
    assert rb.ai in av or rb.ai_eps not in grid


def test_regret_bound_formulas() -> None:
    """Slides 'Human uses explore-then-commit' and 'regret-adjusted UCB': the two bounds,
    evaluated as printed, and their growth: N = T^{2/3} gives about T^{2/3}, RA-UCB
    about √T (log-log slopes at T = 10^11, 10^12)."""
    R = lambda t, d: anytime_ucb_regret(t, d, 3)  # noqa: E731
    T, N, K, d = 10_000, 464, 2, 0.05
    per_round = float(R(N, d / (8 * T))) / N + 2 * math.sqrt(2 * math.log(8 * T / d) / N)
    expected = N * K + T * per_round + K * float(R(T / K, 4 * d / T))
    assert float(etc_regret_bound(T, N, K, d, R)) == pytest.approx(expected, rel=1e-12)
    expected = 2 * math.sqrt(2 * T * math.log(8 * T**2 / d))
    expected += 2 * K * float(R(T / K, d / (8 * T**2)))
    assert float(ra_ucb_regret_bound(T, K, d, R)) == pytest.approx(expected, rel=1e-12)
    big = np.array([1e11, 1e12])
    etc = np.array([float(etc_regret_bound(int(t), int(t ** (2 / 3)), K, d, R)) for t in big])
    ra = ra_ucb_regret_bound(big, K, d, R)
    assert np.log(etc[1] / etc[0]) / np.log(10) == pytest.approx(2 / 3, abs=0.05)
    assert np.log(ra[1] / ra[0]) / np.log(10) == pytest.approx(1 / 2, abs=0.05)


def test_anytime_ucb_regret_bound_holds_in_simulation() -> None:
    """Slides 'AI-agent uses a learning algorithm whose regret at time t is at most
    R(t, δ) with probability at least 1 - δ': the AI's UCB with confidence δ on one
    prompt stays under R(t, δ) at every checkpoint on every seed."""
    means = np.array([[0.5, 0.45, 0.3]])
    delta = 0.1
    cps = [10, 100, 1000, 4000]
    run = simulate_repeated(LeaderETC(4000), FollowerUCB(delta), means, means, 4000, rng=3,
                            n_seeds=200, checkpoints=cps)
    regret = run.regret("ai", 0.5)
    bound = anytime_ucb_regret(np.array(cps), delta, 3)
    assert np.all(regret <= bound)
    assert anytime_ucb_regret(5, delta, 3) == 5  # never above t


def test_aligned_etc_regret_below_slide_bound() -> None:
    """Slides 'Theorem (explore-then-commit with parameter N)': on the aligned prompting
    game the human's pseudo-regret stays below the bound on every seed."""
    v = normalize(PROMPTING_HUMAN).astype(float)
    R = lambda t, d: anytime_ucb_regret(t, d, 3)  # noqa: E731
    T, delta = 3000, 0.05
    N = math.ceil(T ** (2 / 3))
    run = simulate_repeated(LeaderETC(N), FollowerUCB(delta), v, v, T, rng=1, n_seeds=100)
    assert np.all(run.regret("human", 1.0) <= etc_regret_bound(T, N, 2, delta, R))
    run = simulate_repeated(RegretAdjustedUCB(delta, R), FollowerUCB(delta), v, v, T, rng=2,
                            n_seeds=100)
    assert np.all(run.regret("human", 1.0) <= ra_ucb_regret_bound(T, 2, delta, R))


def test_eetc_and_follower_etc_phases() -> None:
    """Slides 'Explore Twice then Commit': phase 1 round-robin N1 per prompt, phase 2
    N2 per prompt, then commit; the AI's explore-then-commit answers each prompt with
    every response exactly N times before committing."""
    h, a = misaligned_payoffs(F(1, 10), 2)
    vh, va = normalize(h).astype(float), normalize(a).astype(float)
    N = 7
    T1 = 2 * (3 * N + N)
    run = simulate_repeated(ExploreTwiceThenCommit(3 * N, N), FollowerETC(N), vh, va, T1,
                            rng=0, n_seeds=10)
    assert np.all(run.plays.sum(axis=-1) == 4 * N)  # each prompt 3N + N times
    longer = simulate_repeated(ExploreTwiceThenCommit(3 * N, N), FollowerETC(N), vh, va,
                               T1 + 50, rng=0, n_seeds=10)
    extra = longer.plays - run.plays
    assert np.all(extra.sum(axis=(-1, -2)) == 50)
    assert np.all((extra > 0).sum(axis=(-1, -2)) == 1)  # a single committed transcript
    # phase 1 (3N plays of each prompt) lets the AI try every response N times; in
    # phase 2 it answers each prompt with its committed response (N more plays)
    assert np.all(run.plays >= N)
    assert np.all(np.sort(run.plays, axis=-1) == np.array([N, N, 2 * N]))


class _NeverFrozen(FollowerETC):
    def frozen(self, prompts: np.ndarray) -> None:
        return None


def test_closed_form_finish_equals_full_simulation() -> None:
    """Implementation check: finishing in closed form once both learners are committed
    gives the same cumulative payoffs as simulating every round."""
    h, a = misaligned_payoffs(F(1, 20), 1)
    vh, va = normalize(h).astype(float), normalize(a).astype(float)
    args = (vh, va, 3000)
    fast = simulate_repeated(ExploreTwiceThenCommit(60, 20), FollowerETC(20), *args, rng=5,
                             n_seeds=30, checkpoints=[100, 1000, 3000])
    slow = simulate_repeated(ExploreTwiceThenCommit(60, 20), _NeverFrozen(20), *args, rng=5,
                             n_seeds=30, checkpoints=[100, 1000, 3000])
    np.testing.assert_allclose(fast.human_value, slow.human_value, rtol=1e-12)
    np.testing.assert_allclose(fast.ai_value, slow.ai_value, rtol=1e-12)
    np.testing.assert_array_equal(fast.plays, slow.plays)


def test_standard_learners_give_the_human_linear_regret() -> None:
    """Slides 'Theorem: for any choice of low-regret algorithms, either human or AI
    incurs linear regret in some state': with δ small, UCB for both leaves the human a
    regret of about 2 per round (slide units) in ω1 against the Stackelberg value 10."""
    h, a = misaligned_payoffs(F(1, 100), 1)
    vh, va = normalize(h).astype(float), normalize(a).astype(float)
    run = simulate_repeated(LeaderUCB1(), FollowerUCB(), vh, va, 20000, rng=8, n_seeds=50,
                            checkpoints=[5000, 20000])
    per_round = 11 * run.regret("human", 1.0).mean(axis=0) / np.array([5000, 20000])
    assert np.all(per_round > 1.5)


def test_batched_instances_and_reproducibility() -> None:
    """Reproducibility with a fixed seed; instances may be batched (leading axis)."""
    hs, as_ = [], []
    for state in (1, 2):
        h, a = misaligned_payoffs(F(1, 10), state)
        hs.append(normalize(h).astype(float))
        as_.append(normalize(a).astype(float))
    args = (LeaderUCB1, FollowerUCB, np.array(hs), np.array(as_), 500)
    r1 = simulate_repeated(args[0](), args[1](), *args[2:], rng=4, n_seeds=8)
    r2 = simulate_repeated(args[0](), args[1](), *args[2:], rng=np.random.default_rng(4), n_seeds=8)
    assert r1.human_value.shape == (2, 8, 1)
    np.testing.assert_array_equal(r1.plays, r2.plays)
    bench = np.array([0.5, 0.6])
    np.testing.assert_allclose(r1.regret("human", bench)[1], 0.6 * 500 - r1.human_value[1])


def test_vectorized_and_per_seed_runs_agree_in_distribution() -> None:
    """Issue 'Performance': seeds simulated together or one at a time give the same
    distribution of regret (means within 5 standard errors)."""
    v = normalize(PROMPTING_HUMAN).astype(float)
    S, T = 120, 400
    vec = simulate_repeated(LeaderUCB1(), FollowerUCB(), v, v, T, rng=1, n_seeds=S)
    vec_r = vec.regret("human", 1.0)[:, 0]
    loop_r = np.array([
        simulate_repeated(LeaderUCB1(), FollowerUCB(), v, v, T, rng=1000 + s).regret("human", 1.0)
        for s in range(S)
    ])[:, 0, 0]
    se = math.sqrt(vec_r.var(ddof=1) / S + loop_r.var(ddof=1) / S)
    assert abs(vec_r.mean() - loop_r.mean()) < 5 * se


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: simulate_repeated(LeaderUCB1(), FollowerUCB(), [[0.5, 0.2]], [[0.5]], 10, 1),
         "ai must have the shape"),
        (lambda: simulate_repeated(LeaderUCB1(), FollowerUCB(), [[1.5]], [[0.5]], 10, 1),
         "human means must lie"),
        (lambda: simulate_repeated(LeaderUCB1(), FollowerUCB(), [[0.5]], [[0.5]], 0, 1),
         "horizon must be at least 1"),
        (lambda: simulate_repeated(LeaderETC(10), FollowerUCB(), [[0.5], [0.4]], [[0.5], [0.4]],
                                   10, 1), "K\\*N <= T"),
        (lambda: misaligned_payoffs(F(3, 2), 1), "delta must be < 1"),
        (lambda: misaligned_payoffs(F(1, 2), 3), "state must be one of 1, 2"),
        (lambda: normalize([[11]]), "payoffs must lie"),
        (lambda: relaxed_benchmarks([[1, 2]], [[1, 2, 3]]), "ai must have the shape"),
        (lambda: anytime_ucb_regret(10, 1.5, 3), "delta must be"),
        (lambda: etc_regret_bound(0, 10, 2, 0.1, lambda t, d: t), "horizon must be at least 1"),
        (lambda: FollowerUCB(delta=2.0), "delta must be"),
        (lambda: FollowerUCB("0.1"), "delta must be a real number"),
        (lambda: RegretAdjustedUCB("0.1", lambda t, d: t), "delta must be a real number"),
        (lambda: RegretAdjustedUCB(0.1, None), "regret must be a callable"),
        (lambda: FollowerRegretAdjustedUCB(0.1, 3), "regret must be a callable"),
        (lambda: simulate_repeated("ucb", FollowerUCB(), [[0.5]], [[0.5]], 10, 1),
         "leader must be an instance"),
        (lambda: simulate_repeated(LeaderUCB1, FollowerUCB(), [[0.5]], [[0.5]], 10, 1),
         "leader must be an instance"),
        (lambda: simulate_repeated(LeaderUCB1(), "ucb", [[0.5]], [[0.5]], 10, 1),
         "follower must be an instance"),
        (lambda: simulate_repeated(LeaderUCB1(), FollowerUCB(), [[0.5]], [[0.5]], 10, 1,
                                   checkpoints=[2.5]), "checkpoints must be integers"),
        (lambda: simulate_repeated(LeaderUCB1(), FollowerUCB(), [[0.5 + 0j]], [[0.5]], 10, 1),
         "human must be"),
        (lambda: normalize([[1]], low=float("nan")), "low must be finite"),
        (lambda: normalize([[1]], high=True), "high must be a real number"),
        (lambda: misaligned_payoffs(float("nan"), 1), "delta must be finite"),
        (lambda: misaligned_payoffs(True, 1), "delta must be a real number"),
        (lambda: misaligned_payoffs(F(1, 2), True), "state must be one of"),
        (lambda: approximate_best_responses([[1, 2]], float("nan")), "eps must be finite"),
        (lambda: approximate_best_responses([[1, 2]], -1), "eps must be"),
        (lambda: relaxed_benchmarks([[1, 2]], [[1, 2]], reading="mean"), "reading must be"),
        (lambda: misaligned_sweep(lambda T: LeaderUCB1(), lambda T: FollowerUCB(), [10.5], 1,
                                  2, 1), "horizons must be"),
        (lambda: misaligned_sweep(lambda T: LeaderUCB1(), lambda T: FollowerUCB(), [10], 0,
                                  2, 1), "scale must be"),
        (lambda: misaligned_sweep(LeaderUCB1(), lambda T: FollowerUCB(), [10], 1, 2, 1),
         "make_leader and make_follower must be callables"),
    ],
)
def test_malformed_input_raises(call, match: str) -> None:
    """Issue 'Tests': mismatched shapes, probabilities/means out of range and T <= 0
    raise ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        call()


def test_misaligned_sweep_regret_stays_linear() -> None:
    """Chapter, linear regret under misalignment: with δ_T = T^{-1/2} and UCB1 for both
    players, max over {human, AI} x {ω1, ω2} of regret/T stays above 1 (slide units) at
    every horizon, and the AI still answers a1 with b1 about half the time (it cannot
    tell b1 from b2)."""
    sweep = misaligned_sweep(lambda T: LeaderUCB1(), lambda T: FollowerUCB(), [500, 2000, 8000],
                             1.0, 20, np.random.default_rng(3))
    assert np.allclose(sweep.deltas, 1 / np.sqrt([500, 2000, 8000]))
    assert sweep.per_round.shape == (3, 2, 2) and sweep.sem.shape == (3, 2, 2)
    assert np.all(sweep.worst > 1.0)
    assert np.all(np.abs(sweep.b1_share[:, 0] - 0.5) < 0.15)
    assert sweep.a1_share[-1, 0] < sweep.a1_share[0, 0]  # the human starves a1 of data


def test_follower_regret_adjusted_ucb_aligned_pair_is_sublinear() -> None:
    """Chapter, slide note 'if the follower uses a regret-adjusted UCB the pair still gets
    Õ(√T)': on the aligned prompting game with a plain UCB1 human, the pair's regret per
    round falls as T grows and stays below the aligned bound's order √T·log T."""
    v = normalize(PROMPTING_HUMAN).astype(float)
    R = lambda t, d: anytime_ucb_regret(t, d, 3)  # noqa: E731
    per_round = []
    for T in (1000, 4000, 16000):
        run = simulate_repeated(LeaderUCB1(), FollowerRegretAdjustedUCB(0.05, R), v, v, T,
                                np.random.default_rng(T), n_seeds=20)
        reg = run.regret("human", float(v.max()))[:, 0]
        assert np.all(reg <= 4 * np.sqrt(T) * np.log(T))
        per_round.append(reg.mean() / T)
    assert per_round[0] > per_round[1] > per_round[2]


def test_follower_regret_adjusted_ucb_tries_every_response_first() -> None:
    """The follower-side index is infinite for untried responses: the first |B| answers
    to a prompt are b1, b2, b3."""
    v = np.full((1, 3), 0.5)
    R = lambda t, d: anytime_ucb_regret(t, d, 3)  # noqa: E731
    run = simulate_repeated(LeaderUCB1(), FollowerRegretAdjustedUCB(0.1, R), v, v, 3, 0,
                            n_seeds=4)
    assert np.all(run.plays[:, 0, :] == 1)
