"""Bargaining solutions, cheap talk and the advantage decomposition on random instances
with ties (chapter "Information bargaining", sections "Solutions on the frontier",
"Disagreement points" and "Informational versus proposer advantage")."""

from __future__ import annotations

from fractions import Fraction

import numpy as np

import persuasion as ps
from persuasion.bargaining import (
    advantages,
    bargaining_set,
    cheap_talk_equilibria,
    disagreement_point,
    egalitarian,
    full_revelation,
    ideal_point,
    induced_play,
    kalai_smorodinsky,
    nash_bargaining,
)
from persuasion.bargaining.polygon import contains
from persuasion.random_instances import random_instance

SIZES = [(2, 2), (2, 3), (3, 2), (3, 3), (2, 4), (4, 2), (4, 3)]


def _instances(count: int, seed: int) -> list[ps.Instance]:
    rng = np.random.default_rng(seed)
    return [random_instance(rng, *SIZES[k % len(SIZES)], max_payoff=int(rng.integers(1, 4)))
            for k in range(count)]


INSTANCES = _instances(210, 1950)


def _achieves(instance, agreement) -> bool:
    play = induced_play(instance, agreement.scheme)
    return play.persuasive and (play.sender, play.receiver) == agreement.point


def test_nash_bargaining_beats_a_fine_grid() -> None:
    """The exact Nash point's product (U_S − d_S)(U_R − d_R) is at least the best of 2,001
    points per frontier edge and within 10⁻⁶ of it; its scheme achieves it (210 instances)."""
    for instance in INSTANCES:
        bset = bargaining_set(instance)
        d = bset.disagreement
        nash = nash_bargaining(instance)
        assert nash.sender >= d[0] and nash.receiver >= d[1]
        product = float((nash.sender - d[0]) * (nash.receiver - d[1]))
        best = 0.0
        verts = np.array([[float(a), float(b)] for a, b in bset.frontier.vertices])
        t = np.linspace(0, 1, 2001)[:, None]
        for p, q in zip(verts, [*verts[1:], verts[-1]], strict=True):  # a lone vertex too
            pts = p * (1 - t) + q * t
            gains = pts - np.array([float(d[0]), float(d[1])])
            ok = (gains >= -1e-12).all(axis=1)
            if ok.any():
                best = max(best, float((gains[ok, 0] * gains[ok, 1]).max()))
        assert product >= best - 1e-12
        assert product - best <= 1e-6 * (1 + abs(best))
        assert _achieves(instance, nash)


def test_kalai_smorodinsky_and_egalitarian_are_maximal_on_their_rays() -> None:
    """Kalai–Smorodinsky lies on the segment from d to the ideal point, egalitarian has equal
    gains; both are achievable and nothing further along their rays is; schemes achieve
    them exactly (210 instances)."""
    for instance in INSTANCES:
        bset = bargaining_set(instance)
        d = bset.disagreement
        ideal = ideal_point(instance)
        ks, eg = kalai_smorodinsky(instance), egalitarian(instance)
        direction = (ideal[0] - d[0], ideal[1] - d[1])
        gain = (ks.sender - d[0], ks.receiver - d[1])
        assert gain[0] * direction[1] == gain[1] * direction[0]
        assert eg.sender - d[0] == eg.receiver - d[1] >= 0
        for point, ray in ((ks.point, direction), (eg.point, (1, 1))):
            assert contains(bset.vertices, point)
            if ray != (0, 0):
                eps = Fraction(1, 10**6)
                beyond = (point[0] + eps * ray[0], point[1] + eps * ray[1])
                assert not contains(bset.vertices, beyond)
        assert _achieves(instance, ks) and _achieves(instance, eg)


def test_full_revelation_is_the_receivers_best_point() -> None:
    """Full revelation gives the receiver her full-information value, and is the receiver's
    end of the frontier (210 instances)."""
    for instance in INSTANCES:
        full = full_revelation(instance)
        assert full.point == bargaining_set(instance).frontier.receiver_best
        data = bargaining_set(instance).outcomes.data
        assert full.receiver == sum(p * max(row) for p, row in zip(data.prior, data.receiver,
                                                                   strict=True))
        assert _achieves(instance, full)


def test_cheap_talk_equilibria_are_equilibria_and_commitment_helps() -> None:
    """Every enumerated cheap-talk equilibrium is checked against its definition (receiver
    best-responds to each message, sender prefers her message's action in each state);
    babbling is among them; the sender's best cheap-talk payoff never exceeds classic
    persuasion; the disagreement point is a babbling payoff (210 instances)."""
    for instance in INSTANCES:
        data = bargaining_set(instance).outcomes.data
        eqs = cheap_talk_equilibria(instance)
        assert any(e.babbling for e in eqs)
        d = disagreement_point(instance).point
        assert any(e.babbling and e.point == d for e in eqs)
        for e in eqs:
            for cell, action in zip(e.cells, e.actions, strict=True):
                values = [sum(data.prior[t] * data.receiver[t][a] for t in cell)
                          for a in range(data.n_actions)]
                assert values[action] == max(values)
                for t in cell:
                    assert all(data.sender[t][action] >= data.sender[t][b] for b in e.actions)
            assert e.sender <= bargaining_set(instance).frontier.sender_best[0]


def test_advantages_decompose_the_persuasion_gain() -> None:
    """Informational + proposer advantage = U_S(BP) − d_S, both non-negative; the Nash gain
    lies between the informational advantage and the whole gain (210 instances)."""
    for instance in INSTANCES:
        adv = advantages(instance)
        assert adv.informational >= 0 and adv.proposer >= 0 and adv.receiver_proposer >= 0
        assert adv.informational + adv.proposer == adv.persuasion_gain
        assert adv.informational <= adv.nash_gain <= adv.persuasion_gain
