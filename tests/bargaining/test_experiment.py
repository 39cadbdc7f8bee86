"""The validation-and-inference experiment: grid, targets, metrics, probes, replay.

Backs the chapter "Agents in information bargaining": targets are the engine's exact
subgame-perfect payoffs for the protocol as played; rational agents reproduce them (r = 1,
every diagnostic perfect); the Fisher-z interval is the textbook one; probes are judged
against exact best responses; and the committed language-model transcripts replay the
recorded grid call for call, with no model and no network.
"""

from __future__ import annotations

import math
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from persuasion.bargaining.experiment import (
    CONTINUATION,
    Correlation,
    Setting,
    base_game,
    diagnostics,
    experiment_grid,
    is_persuasive,
    language_model_agents,
    pearson_fisher,
    probe_set,
    rational_agents,
    run_grid,
    run_probes,
    run_seed,
    run_setting,
    setting_summaries,
)
from persuasion.bargaining.language_agent import scheme_of, xs_of
from persuasion.bargaining.quantal import QuantalAgent

TRANSCRIPTS = Path(__file__).resolve().parents[2] / "book" / "data" / "llm_transcripts"


def test_grid_shape():
    """10 validation settings and 7 inference settings per framing (5 when compact)."""
    grid = experiment_grid()
    assert len(grid) == 10 + 3 * 7
    assert len(experiment_grid(compact=True)) == 10 + 3 * 5
    assert len({s.name for s in grid}) == len(grid)
    assert {s.stage for s in grid} == {"validation", "inference"}


def test_rational_agents_hit_every_target():
    """Rational agents: every run agrees at once on the subgame-perfect point; r = 1;
    every diagnostic is perfect, probes included."""
    results = run_grid(experiment_grid(), rational_agents, runs=2, seed=1)
    for r in results:
        assert r.value == r.target and r.record.offers == 1 and r.record.agreed
    d = diagnostics(results, run_probes(probe_set(), lambda p: rational_agents(None, 0, "")[0]))
    assert d.correlation.r == 1 and d.validation.r == 1 and d.inference.r == 1
    assert (d.agreement, d.persuasive, d.best_response, d.probe_best_response) == (1, 1, 1, 1)
    assert d.payoff_distance == 0 and d.proposal_distance == 0


def test_targets_are_the_protocol_as_played():
    """The alternating-offers target is the finite-horizon value with at most 10 offers and
    continuation 9/10 (not the infinite-horizon label of the public code): the opener of
    the unbounded split gets (1 - 0.9^10)/1.9 exactly, the sender opening the letter game
    11/30 (computed independently by backward induction below)."""
    alt = Setting("unbounded", "alternating", "sender", max_offers=10,
                  continuation=CONTINUATION)
    (result,) = run_setting(alt, rational_agents, 1)
    assert result.target == (1 - Fraction(9, 10) ** 10) / Fraction(19, 10)

    # letter game: the frontier is U_S + U_R = 2/3 with U_R in [0, 1/3]; backward induction
    delta, value = Fraction(9, 10), (Fraction(0), Fraction(0))
    for k in range(10, 0, -1):
        sender_proposes = k % 2 == 1
        floor = 0 if k == 10 else delta * value[1 if sender_proposes else 0]
        if sender_proposes:
            value = (Fraction(2, 3) - floor, Fraction(floor))
        else:
            keep = max(Fraction(floor), Fraction(1, 3))
            value = (keep, Fraction(2, 3) - keep)
    letter = Setting("persuasion", "alternating", "sender", max_offers=10,
                     continuation=CONTINUATION)
    (result,) = run_setting(letter, rational_agents, 1)
    assert result.target == value[0]


def test_coin_flips_are_seeded():
    """The coin that picks the opener depends on the seed, the setting and the run only."""
    coin = Setting("bounded", "one_shot", "coin")
    openers = [r.opener for r in run_setting(coin, rational_agents, 12, seed=5)]
    assert openers == [r.opener for r in run_setting(coin, rational_agents, 12, seed=5)]
    assert set(openers) == {"sender", "receiver"}
    assert run_seed(5, coin.name, 0) == run_seed(5, coin.name, 0) != run_seed(6, coin.name, 0)


def test_pearson_fisher_against_the_textbook():
    """r equals NumPy's correlation; the interval is tanh(atanh r -+ 1.96/sqrt(n - 3))."""
    rng = np.random.default_rng(0)
    for _ in range(50):
        n = int(rng.integers(5, 40))
        x = rng.normal(size=n)
        y = x + rng.normal(scale=rng.uniform(0.1, 3), size=n)
        c = pearson_fisher(x, y)
        r = np.corrcoef(x, y)[0, 1]
        assert c.r == pytest.approx(r, abs=1e-12) and c.n == n
        half = 1.96 / math.sqrt(n - 3)
        assert c.low == pytest.approx(math.tanh(math.atanh(r) - half), abs=1e-12)
        assert c.high == pytest.approx(math.tanh(math.atanh(r) + half), abs=1e-12)
        assert 0 <= c.p_value <= 1


def test_pearson_fisher_edge_cases():
    """Constant values: r undefined (None, never NaN); perfect fit: r = 1 and a point
    interval; fewer than four settings or unequal lengths: ValueError."""
    assert pearson_fisher([1, 1, 1, 1], [1, 2, 3, 4]) == Correlation(None, None, None, None, 4)
    assert pearson_fisher([1, 2, 3, 4], [2, 4, 6, 8]).r == 1
    with pytest.raises(ValueError, match="values"):
        pearson_fisher([1, 2, 3], [1, 2, 3])
    with pytest.raises(ValueError, match="values"):
        pearson_fisher([1, 2, 3, 4], [1, 2, 3])


def test_probes_are_judged_exactly():
    """Probe schemes are persuasive iff the posterior of the good state after the
    favourable signal is at least 1/2 (x2/3 >= 2 x1/3); in the one-shot game accepting any
    scheme is a best response (obeying a best-responding receiver never loses), in the
    alternating game only schemes worth at least the continuation are."""
    probes = probe_set(("letter",))
    for probe in probes:
        if probe.proposal.scheme is None:
            continue
        x1, x2 = xs_of(probe.proposal.scheme)
        assert probe.persuasive == (x2 >= 2 * x1)
        if probe.setting.horizon == "one_shot":
            assert probe.best_response()
    alternating = [p for p in probes
                   if p.setting.horizon == "alternating" and p.proposal.scheme is not None]
    assert [p.best_response() for p in alternating] == [True, False, False, False, False]
    assert is_persuasive(base_game(), scheme_of(Fraction(1, 2), 1))


def test_quantal_agents_degrade_gracefully():
    """Hot quantal agents keep a positive correlation while their best-response rate and
    distance to equilibrium get worse than cold ones' (a short grid of runs)."""
    grid = [s for s in experiment_grid(framings=("abstract",)) if s.horizon != "repeated"]

    def factory(lam):
        def make(setting, run, opener):
            seed = run_seed(9, setting.name, run, lam)
            return QuantalAgent(lam, rng=seed), QuantalAgent(lam, rng=seed + 1)
        return make

    cold = diagnostics(run_grid(grid, factory(0.005), runs=4, seed=2))
    hot = diagnostics(run_grid(grid, factory(0.3), runs=4, seed=2))
    assert cold.correlation.r > 0.9
    assert hot.payoff_distance > cold.payoff_distance
    assert hot.best_response < cold.best_response


def test_setting_summaries_average_runs():
    """A setting's mean is the mean of its runs' opener payoffs and targets."""
    coin = Setting("bounded", "one_shot", "coin")
    results = run_setting(coin, rational_agents, 6, seed=3)
    (summary,) = setting_summaries(results)
    assert summary.mean_value == pytest.approx(np.mean([float(r.value) for r in results]))
    assert summary.runs == 6 and summary.agreement == 1


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"source": "pie", "horizon": "one_shot", "first": "sender"}, "source"),
        ({"source": "unbounded", "horizon": "one_shot", "first": "dealer"}, "first"),
        ({"source": "persuasion", "horizon": "one_shot", "first": "sender",
          "framing": "poem"}, "framing"),
        ({"source": "unbounded", "horizon": "forever", "first": "sender"}, "horizon"),
        ({"source": "unbounded", "horizon": "one_shot", "first": "sender",
          "max_offers": 3}, "max_offers"),
    ],
)
def test_bad_settings(kwargs, name):
    """A malformed setting raises ValueError naming the argument."""
    with pytest.raises(ValueError, match=name):
        Setting(**kwargs)


def test_bad_run_arguments():
    """runs < 1 and empty results are refused."""
    with pytest.raises(ValueError, match="runs"):
        run_setting(experiment_grid()[0], rational_agents, 0)
    with pytest.raises(ValueError, match="results"):
        diagnostics([])


def test_committed_transcripts_replay_the_recorded_grid():
    """The recorded language-model runs replay from the committed transcripts with no
    model and no network: every request of the grid, the probes and the greedy subset is
    found, and every recorded call is used."""
    from persuasion.bargaining.llm import ReplayBackend
    from persuasion.bargaining.llm.runs import (
        GREEDY_FILE,
        GRID_FILE,
        PROBES_FILE,
        RUNS,
        SEED,
        TEMPERATURE,
        greedy_settings,
        recorded_grid,
        recorded_probes,
        replay_probes,
    )

    grid_backend = ReplayBackend.from_files([TRANSCRIPTS / GRID_FILE])
    results = run_grid(recorded_grid(),
                       language_model_agents(grid_backend, TEMPERATURE, seed=SEED), RUNS, SEED)
    assert len(results) == RUNS * len(recorded_grid())
    assert grid_backend.hits == len(grid_backend) and grid_backend.conflicts == 0
    greedy_backend = ReplayBackend.from_files([TRANSCRIPTS / GREEDY_FILE])
    run_grid(greedy_settings(), language_model_agents(greedy_backend, 0.0, seed=SEED), 1, SEED)
    assert greedy_backend.hits == len(greedy_backend)
    probe_backend = ReplayBackend.from_files([TRANSCRIPTS / PROBES_FILE])
    probes = replay_probes(probe_backend)
    assert len(probes) == len(recorded_probes())
    assert probe_backend.hits == len(probe_backend)
