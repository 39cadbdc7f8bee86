"""The realization stage (chapter "Information bargaining", section "The realization
stage"): seeded simulation of the committed scheme against its exact expectation."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import persuasion as ps
from persuasion.bargaining import (
    SplitGame,
    bayesian_persuasion,
    disagreement_point,
    full_revelation,
    realization_stage,
)
from persuasion.random_instances import random_instance

F = Fraction
BASE = ps.Instance([F(2, 3), F(1, 3)], [[0, 1], [0, 1]], [[0, -1], [0, 1]])


def test_expectation_and_standard_deviation_are_exact() -> None:
    """The stage's expected payoffs are the agreement's exact payoffs (π1) or the
    disagreement point (π0); the standard deviation of the base game's persuasion point is
    that of a Bernoulli(2/3) sender payoff."""
    bp = bayesian_persuasion(BASE)
    stage = realization_stage(BASE, bp.scheme, 50, 0)
    assert stage.expected == bp.point
    assert stage.std[0] == pytest.approx(np.sqrt(2 / 9))
    ignore = realization_stage(BASE, None, 50, 0, policy="ignore")
    assert ignore.expected == disagreement_point(BASE).point
    assert (ignore.signals == -1).all() and (ignore.actions == 0).all()


def test_obedience_and_sampling_frequencies() -> None:
    """Under π1 the receiver takes the recommended action of a persuasive scheme; state and
    recommendation frequencies match the scheme (20,000 rounds, 4 standard errors)."""
    bp = bayesian_persuasion(BASE)
    stage = realization_stage(BASE, bp.scheme, 20_000, 1)
    assert (stage.actions == stage.signals).all()
    weak = stage.states == 0
    rate = stage.signals[weak].mean()
    assert abs(rate - 0.5) < 4 * np.sqrt(0.25 / weak.sum())
    assert (stage.signals[~weak] == 1).all()


def test_band_coverage_on_random_instances() -> None:
    """Across 300 seeded runs on random instances, the final mean lies within the 95% band
    for about 95% of them (between 90% and 99%), for both players."""
    rng = np.random.default_rng(4)
    hits = np.zeros(2)
    runs = 300
    for k in range(runs):
        instance = random_instance(rng, 2 + k % 2, 2 + (k // 2) % 2, max_payoff=3)
        agreement = full_revelation(instance) if k % 2 else bayesian_persuasion(instance)
        stage = realization_stage(instance, agreement.scheme, 400, k)
        hits += [all_sd_zero or inside for all_sd_zero, inside in
                 zip((s == 0 for s in stage.std), stage.within_band(), strict=True)]
    assert ((hits / runs >= 0.90) & (hits / runs <= 0.99)).all()


def test_running_means_and_band_shapes() -> None:
    """Running means end at the empirical mean; the band shrinks like 1/√t."""
    stage = realization_stage(BASE, bayesian_persuasion(BASE).scheme, 100, 2)
    means = stage.running_means()
    assert means.shape == (100, 2) and np.allclose(means[-1], stage.empirical)
    band = stage.band()
    assert band[3, 0] == pytest.approx(band[0, 0] / 2)


def test_splits_are_deterministic() -> None:
    """A split pays its payoffs every round (σ = 0); ignoring pays (0, 0)."""
    stage = realization_stage(SplitGame("bounded"), F(1, 4), 10, 0)
    assert stage.expected == (F(1, 2), F(1, 6)) and stage.std == (0.0, 0.0)
    assert stage.within_band() == (True, True)
    assert realization_stage(SplitGame("bounded"), None, 3, 0, "ignore").expected == (0, 0)


def test_bad_input() -> None:
    """realization_stage names the bad argument."""
    scheme = bayesian_persuasion(BASE).scheme
    with pytest.raises(ValueError, match="rounds"):
        realization_stage(BASE, scheme, 0, 0)
    with pytest.raises(ValueError, match="rng"):
        realization_stage(BASE, scheme, 5, None)
    with pytest.raises(ValueError, match="policy"):
        realization_stage(BASE, scheme, 5, 0, policy="follow")
    with pytest.raises(ValueError, match="agreement"):
        realization_stage(BASE, [[1, 0]], 5, 0)
    with pytest.raises(ValueError, match="instance"):
        realization_stage("base", scheme, 5, 0)
    with pytest.raises(ValueError, match="level"):
        realization_stage(BASE, scheme, 5, 0).band(1.5)
