"""Tests of persuasion.learning.bandits (vectorized engine) and persuasion.bandit_reference."""

from __future__ import annotations

import math

import numpy as np
import pytest

import persuasion.learning.bandits as bandits
from persuasion.learning.bandit_reference import reference_run, simulate_per_seed
from persuasion.learning.bandits import (
    UCB1,
    DecreasingEpsilonGreedy,
    EpsilonGreedy,
    ExploreThenCommit,
    epsilon_for_horizon,
    etc_exploration,
    fit_loglog_slope,
    regret_sweep,
    simulate,
    two_armed_means,
    ucb1_regret_bound,
)


def policies() -> list[bandits.BanditPolicy]:
    return [ExploreThenCommit(40), EpsilonGreedy(0.1), DecreasingEpsilonGreedy(0.2), UCB1(),
            bandits.AnytimeEpsilonGreedy()]


def test_ucb_regret_under_textbook_bound_every_seed() -> None:
    """Slides 'multi-armed bandits' (UCB, adaptive exploration): on a two-armed instance
    the pseudo-regret of UCB1 stays under Auer et al.'s bound 8 ln T / Δ + (1 + π²/3) Δ
    on every one of 200 seeds and at every checkpoint."""
    means = [0.7, 0.4]
    T = 3000
    checkpoints = [100, 300, 1000, 3000]
    run = simulate(UCB1(), means, T, rng=7, n_seeds=200, checkpoints=checkpoints)
    bounds = np.array([ucb1_regret_bound(means, t) for t in checkpoints])
    assert np.all(run.regret <= bounds)
    assert bounds[-1] == pytest.approx(8 * math.log(T) / 0.3 + (1 + math.pi**2 / 3) * 0.3)
    assert np.all(np.diff(run.regret, axis=1) >= 0)


def test_etc_explores_exactly_the_configured_rounds() -> None:
    """Slides 'non-adaptive exploration (explore-then-exploit)': ETC pulls each arm
    exactly N times round-robin, then one arm for the remaining T - K N rounds."""
    K, N, T = 3, 25, 400
    run = simulate(ExploreThenCommit(N), [0.2, 0.5, 0.45], T, rng=3, n_seeds=50, record_arms=True)
    arms = run.arms
    assert arms is not None and arms.shape == (50, T)
    np.testing.assert_array_equal(arms[:, : K * N], np.tile(np.arange(T)[: K * N] % K, (50, 1)))
    assert np.all(arms[:, K * N:] == arms[:, [K * N]])
    explore_counts = np.stack([(arms[:, : K * N] == a).sum(axis=1) for a in range(K)], axis=1)
    assert np.all(explore_counts == N)
    assert np.all(run.pulls.sum(axis=-1) == T)


def test_etc_with_per_instance_exploration() -> None:
    """Slides 'explore-then-exploit' with N ≈ T^(2/3): N may differ across instances;
    each instance explores its own N rounds per arm."""
    means = two_armed_means([0.1, 0.3])
    run = simulate(ExploreThenCommit([10, 30]), means, 200, rng=1, n_seeds=5, record_arms=True)
    for i, N in enumerate((10, 30)):
        first = run.arms[i, :, : 2 * N]
        assert np.all((first == 0).sum(axis=1) == N)
        assert np.all(run.arms[i, :, 2 * N:] == run.arms[i, :, 2 * N][:, None])


@pytest.mark.parametrize("index", range(4))
def test_vectorized_equals_per_seed_reference(index: int) -> None:
    """Issue 'Performance': the vectorized simulation and the plain per-seed loop agree
    exactly when fed the same random draws (arms, pseudo-regret, rewards)."""
    policy = policies()[index]
    means, T, S = [0.55, 0.45], 1500, 6
    run = simulate(policy, means, T, rng=11, n_seeds=S, record_arms=True)
    uniforms = np.random.default_rng(11).random((T, S, 1 + policy.n_uniforms))
    policy.start(1, S, 2, T)
    for s in range(S):
        arms, regret, reward = reference_run(policy, policy.params(s), means, uniforms[:, s, :])
        np.testing.assert_array_equal(np.array(arms), run.arms[s])
        assert regret == pytest.approx(run.regret[s, -1], rel=1e-12)
        assert reward == run.reward[s]


def test_results_do_not_depend_on_chunking(monkeypatch: pytest.MonkeyPatch) -> None:
    """Reproducibility: the random stream is consumed the same way whatever the chunk
    size the engine draws its uniforms in."""
    a = simulate(EpsilonGreedy(0.2), [0.6, 0.5, 0.4], 700, rng=5, n_seeds=4, record_arms=True)
    monkeypatch.setattr(bandits, "CHUNK_ELEMENTS", 37)
    b = simulate(EpsilonGreedy(0.2), [0.6, 0.5, 0.4], 700, rng=5, n_seeds=4, record_arms=True)
    np.testing.assert_array_equal(a.arms, b.arms)
    np.testing.assert_array_equal(a.regret, b.regret)


@pytest.mark.parametrize("index", range(4))
def test_reproducible_with_fixed_seed(index: int) -> None:
    """Issue 'Tests': reproducibility with a fixed seed (int or Generator alike)."""
    means = [0.5, 0.4]
    a = simulate(policies()[index], means, 800, rng=42, n_seeds=20)
    b = simulate(policies()[index], means, 800, rng=np.random.default_rng(42), n_seeds=20)
    c = simulate(policies()[index], means, 800, rng=43, n_seeds=20)
    np.testing.assert_array_equal(a.regret, b.regret)
    np.testing.assert_array_equal(a.pulls, b.pulls)
    assert not np.array_equal(a.reward, c.reward)


def test_per_seed_baseline_agrees_in_distribution() -> None:
    """Issue 'Performance': the per-seed baseline (own draws per seed) and the vectorized
    run estimate the same mean regret (within 5 standard errors)."""
    means, T, S = [0.6, 0.5], 600, 200
    vec = simulate(UCB1(), means, T, rng=1, n_seeds=S).regret[:, -1]
    loop = simulate_per_seed(UCB1(), means, T, rng=2, n_seeds=S)
    se = math.sqrt(vec.var(ddof=1) / S + loop.var(ddof=1) / S)
    assert abs(vec.mean() - loop.mean()) < 5 * se


def test_epsilon_greedy_explores_at_its_rate() -> None:
    """Slides 'ε-greedy': when arm 0 is clearly better, the worse arm is pulled about
    ε/2 of the time (a uniformly random arm with probability ε)."""
    eps = 0.2
    run = simulate(EpsilonGreedy(eps), [0.9, 0.1], 4000, rng=9, n_seeds=100)
    share = run.pulls[:, 1].sum() / run.pulls.sum()
    assert share == pytest.approx(eps / 2, abs=0.01)


def test_decreasing_epsilon_is_logarithmic_on_a_fixed_gap() -> None:
    """Slides 'decreasing ε-greedy' (Auer et al. 2002, ε_t = min(1, cK/(d²t))): with the
    true gap as d, regret grows much slower than t on a fixed instance."""
    run = simulate(DecreasingEpsilonGreedy(0.4), [0.7, 0.3], 20000, rng=4, n_seeds=100,
                   checkpoints=[2000, 20000])
    mean = run.regret.mean(axis=0)
    assert mean[1] / mean[0] < 2.0


def test_regret_sweep_and_slope_fit() -> None:
    """Slides 'Õ(T^{2/3}) with non-adaptive exploration': ETC's worst case over gaps is
    at least its exploration cost N·Δ; the log-log fit recovers a known exponent."""
    horizons = [300, 1000, 3000]
    sweep = regret_sweep(lambda T: ExploreThenCommit(etc_exploration(T)), [0.05, 0.5],
                         horizons, n_seeds=20, rng=0)
    assert sweep.mean.shape == (3, 2)
    for h, T in enumerate(horizons):
        assert sweep.worst_mean[h] >= 0.5 * etc_exploration(T) - 1e-9
    slope, _ = fit_loglog_slope([10, 100, 1000], [2.0, 20.0, 200.0])
    assert slope == pytest.approx(1.0)
    s2, c2 = fit_loglog_slope(np.array([1e3, 1e4, 1e5]), 3 * np.array([1e3, 1e4, 1e5]) ** (2 / 3))
    assert s2 == pytest.approx(2 / 3) and math.exp(c2) == pytest.approx(3)


def test_helper_schedules() -> None:
    """Slides 'explore-then-exploit, N ≈ T^{2/3}' and 'ε-greedy': the tuned parameters."""
    assert etc_exploration(1000) == 100
    assert etc_exploration(10) == 5  # capped so that K N <= T
    assert epsilon_for_horizon(10**6) == pytest.approx((2 * math.log(10**6) / 10**6) ** (1 / 3))
    assert two_armed_means([0.2]).tolist() == [[0.6, 0.4]]


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: simulate(UCB1(), [0.5, 0.4], 0, rng=1), "horizon must be at least 1"),
        (lambda: simulate(UCB1(), [0.5, 0.4], -5, rng=1), "horizon must be at least 1"),
        (lambda: simulate(UCB1(), [0.5, 0.4], 10.0, rng=1), "horizon must be an integer"),
        (lambda: simulate(UCB1(), [0.5, 1.4], 10, rng=1), "means must lie in"),
        (lambda: simulate(UCB1(), [0.5], 10, rng=1), "at least two arms"),
        (lambda: simulate(UCB1(), [0.5, 0.4], 10, rng=None), "rng must be"),
        (lambda: simulate(ExploreThenCommit(6), [0.5, 0.4], 10, rng=1), "K\\*N <= T"),
        (lambda: simulate(EpsilonGreedy(1.5), [0.5, 0.4], 10, rng=1), "epsilon must lie"),
        (lambda: simulate(DecreasingEpsilonGreedy(0), [0.5, 0.4], 10, rng=1), "gap must be"),
        (lambda: simulate(UCB1(), [0.5, 0.4], 10, rng=1, checkpoints=[20]), "checkpoints"),
        (lambda: ucb1_regret_bound([0.5, 0.4], 0), "horizon must be at least 1"),
        (lambda: fit_loglog_slope([1, 2], [0, 1]), "positive"),
        (lambda: simulate(ExploreThenCommit([1, 2]), [0.5, 0.4], 10, rng=1), "n_explore"),
        (lambda: simulate("UCB1", [0.5, 0.4], 10, rng=1), "policy must be an instance"),
        (lambda: simulate(UCB1, [0.5, 0.4], 10, rng=1), "policy must be an instance"),
        (lambda: DecreasingEpsilonGreedy(0.1, c="5"), "c must be a real number"),
        (lambda: DecreasingEpsilonGreedy(0.1, c=True), "c must be a real number"),
        (lambda: DecreasingEpsilonGreedy(0.1, c=0), "c must be > 0"),
        (lambda: simulate(UCB1(), [0.5, 0.4], 10, rng=1, checkpoints=[2.5]),
         "checkpoints must be integers"),
        (lambda: simulate(UCB1(), [0.5, 0.4], 10, rng=1, checkpoints=[True, 2]),
         "checkpoints must be an array"),
        (lambda: simulate(UCB1(), np.array([0.5, 0.4]) + 0j, 10, rng=1), "means must be"),
        (lambda: simulate(EpsilonGreedy(True), [0.5, 0.4], 10, rng=1), "epsilon must be"),
        (lambda: bandits.bootstrap_slope([1, 2], np.ones((3, 1, 4)), 1), "runs must have"),
        (lambda: bandits.bootstrap_slope([1, 2], np.ones((2, 1, 4)), 1, level=1.5), "level"),
    ],
)
def test_malformed_input_raises(call, match: str) -> None:
    """Issue 'Tests': malformed input (T <= 0, means outside [0, 1], bad parameters)
    raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=match):
        call()


def test_bootstrap_slope_covers_the_true_exponent() -> None:
    """Chapter 'AI and learning', honest exponents: the bootstrap 95% interval of a fitted
    worst-case slope covers the true exponent on synthetic data y = x^0.5 · noise, and is
    narrow when the noise is small."""
    rng = np.random.default_rng(0)
    x = np.array([1e3, 1e4, 1e5])
    runs = x[:, None, None] ** 0.5 * rng.lognormal(0.0, 0.3, size=(3, 4, 200))
    runs[:, 1:, :] *= 0.5  # gap 0 is the worst
    est = bandits.bootstrap_slope(x, runs, rng=1, n_boot=400)
    assert est.low <= 0.5 <= est.high
    assert est.low < est.slope < est.high and est.high - est.low < 0.1
    assert est.level == 0.95


def test_anytime_epsilon_greedy_needs_no_gap_and_explores_cube_root() -> None:
    """Chapter: the instance-independent ε_t = (K ln t / t)^{1/3} schedule explores about
    Σ ε_t / K ≈ (3/2)·(K ln T)^{1/3} T^{2/3} / K pulls of each arm, whatever the gap."""
    T = 20000
    run = simulate(bandits.AnytimeEpsilonGreedy(), two_armed_means([0.5, 0.05]), T, rng=3,
                   n_seeds=50)
    t = np.arange(3, T + 1)
    expected = np.minimum(1, (2 * np.log(t) / t) ** (1 / 3)).sum() / 2
    worse = run.pulls[0, :, 1].mean()  # big gap: the worse arm is pulled only to explore
    assert abs(worse - expected) < 0.1 * expected
