"""The receiver's participation constraint (solve(..., participation=True)).

Chapter "Persuasion with payments", section "Participation": in Example 4.2 (zero-sum)
participation caps every payment model at 1/2; it never binds without payments or with
non-negative ones; the receiver's surplus is at least her no-information payoff.
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np

import persuasion as ps
from persuasion.random_instances import random_instance

ZERO_SUM = ps.Instance([F(1, 2), F(1, 2)], sender=[[1, 1], [0, 2]],
                       receiver=[[-1, -1], [0, -2]])


def outside_option(instance):
    return float((instance.prior[:, None] * instance.receiver).sum(axis=0).max())


def test_zero_sum_capped_at_one_half():
    """Example 4.2: with participation every model gives 1/2 (the game is zero-sum)."""
    for model in ps.PAYMENT_MODELS:
        sol = ps.solve(ZERO_SUM, model, participation=True)
        assert abs(sol.value - 0.5) < 1e-9 and abs(sol.receiver_value + 0.5) < 1e-9


def test_participation_on_random_instances():
    """IR is implied when P ≥ 0; otherwise it can only lower the value, and the receiver
    then gets at least her outside option."""
    rng = np.random.default_rng(42)
    for k in range(40):
        inst = random_instance(rng, int(rng.integers(1, 4)), int(rng.integers(2, 4)))
        model = ps.PAYMENT_MODELS[k % 4]
        free = ps.solve(inst, model)
        bound = ps.solve(inst, model, participation=True)
        assert bound.value <= free.value + 1e-7
        assert bound.receiver_value >= outside_option(inst) - 1e-7
        if model in ("none", "nonnegative"):
            assert abs(bound.value - free.value) < 1e-7
        assert bound.value >= ps.solve(inst, "none").value - 1e-7
