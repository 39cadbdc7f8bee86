"""The simple (1 − 1/e)-approximate scheme for i.i.d. actions (symmetric.approximation).

Chapter "Symmetric priors at scale", section "A simple scheme": the flagging scheme is
persuasive, its exact value is that of the full scheme on every profile, and it earns at
least 1 − (1 − 1/n)^n ≥ 1 − 1/e of the exact reduced-form optimum.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import numpy as np
import pytest

import persuasion as ps
from persuasion.symmetric.approximation import approximate_scheme, flagging_scheme

PRIOR, FEE, GAIN = [F(1, 2), F(3, 10), F(1, 5)], [3, 2, 0], [0, 2, 3]


def random_types(rng, m):
    weights = [int(v) + 1 for v in rng.integers(0, 5, m)]
    prior = [F(w, sum(weights)) for w in weights]
    return prior, rng.integers(0, 5, m).tolist(), rng.integers(0, 5, m).tolist()


def test_full_scheme_matches_reduced_form():
    """On every profile (n ≤ 3), the flagging scheme's exact evaluation equals the closed form
    and is persuasive, on the running example and on random instances with ties."""
    rng = np.random.default_rng(11)
    cases = [(PRIOR, FEE, GAIN, 3)]
    for _ in range(20):
        cases.append((*random_types(rng, int(rng.integers(2, 4))), int(rng.integers(2, 4))))
    for prior, xi, rho, n in cases:
        approx = approximate_scheme(prior, xi, rho, n)
        inst = ps.Instance.from_types(prior, xi, rho, n)
        check = ps.evaluate_exact(inst, flagging_scheme(approx.flags, inst.types))
        assert check.persuasive and approx.persuasive
        assert check.sender == approx.value and check.receiver == approx.receiver_value


def test_guarantee_against_exact_optimum():
    """value ≥ (1 − (1 − 1/n)^n) · optimum ≥ (1 − 1/e) · optimum, optimum ≤ relaxation."""
    rng = np.random.default_rng(12)
    for _ in range(60):
        prior, xi, rho = random_types(rng, int(rng.integers(2, 6)))
        n = int(rng.choice([2, 3, 5, 10, 30]))
        approx = approximate_scheme(prior, xi, rho, n)
        opt = ps.iid_optimum(prior, xi, rho, n).value_exact
        opt = F(int(opt.p), int(opt.q))
        assert approx.value <= opt <= approx.relaxation_value
        assert approx.value >= approx.guarantee * opt
        assert approx.guarantee >= 1 - 1 / math.e


def test_guarantee_is_one_minus_one_minus_one_over_n_to_the_n():
    """The guarantee is 1 − (1 − 1/n)^n exactly (3/4 at n = 2)."""
    assert approximate_scheme(PRIOR, FEE, GAIN, 2).guarantee == F(3, 4)


def test_bad_inputs():
    """Malformed input raises ValueError naming the argument."""
    with pytest.raises(ValueError, match="n_actions"):
        approximate_scheme(PRIOR, FEE, GAIN, 1)
    with pytest.raises(ValueError, match="type_prior"):
        approximate_scheme([F(1, 2), F(1, 3)], [1, 2], [0, 1], 2)
    with pytest.raises(ValueError, match="sender_by_type"):
        approximate_scheme(PRIOR, [1, 2], GAIN, 2)
    with pytest.raises(ValueError, match="profiles"):
        flagging_scheme([F(1, 2)], [[0, 3]])
