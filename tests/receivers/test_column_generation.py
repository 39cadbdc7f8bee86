"""Lemma 4 and Prop. 9: the no-payment LP under positive externalities at scale.

Backs the chapter "Many receivers and externalities", sections "Positive
externalities: dropping (**)" and "Column generation with a set-function oracle".
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import persuasion as ps
from persuasion.receivers.column_generation import (
    PairwiseInstance,
    column_generation,
    random_pairwise_instance,
    restore_action0_constraints,
)
from persuasion.receivers.externalities import (
    MultiInstance,
    evaluate_multi,
    has_positive_externalities,
    is_monotone,
    lagrangian_bound,
    lp_binary,
)
from persuasion.receivers.mincut import maximize_min_cut_batch, maximize_min_cut_fast
from persuasion.receivers.oracles import maximize_min_cut
from persuasion.receivers.setfunctions import conic_combination


def random_monotone_pe(rng: np.random.Generator, n_states: int, n: int) -> MultiInstance:
    """A dense instance beyond the pairwise cone: f(S) = Σ_{T⊆S} w_T with w ≥ 0 (monotone),
    g_i(S) = c_i + Σ_{∅≠T⊆S∖{i}} w^i_T with w^i ≥ 0 (positive externalities)."""
    masks = np.arange(1 << n)
    subset_of = (masks[:, None] & masks[None, :]) == masks[None, :]  # [S, T]: T ⊆ S
    sender = np.stack([subset_of @ rng.integers(0, 3, 1 << n) for _ in range(n_states)])
    receivers = np.zeros((n_states, n, 1 << n))
    for t, i in itertools.product(range(n_states), range(n)):
        bit = 1 << i
        weights = rng.integers(0, 3, 1 << n) * ((masks & bit) == 0) * (rng.random(1 << n) < 0.5)
        weights[0] = -int(rng.integers(0, 6))
        gain = subset_of @ weights  # c_i + Σ over subsets of S (those without i)
        receivers[t, i] = np.where(masks & bit, gain[masks & ~bit], 0.0)
    weights = rng.integers(1, 4, n_states)
    return MultiInstance(weights / weights.sum(), sender, receivers)


def check_result(result, dense: MultiInstance, reference: float) -> None:
    """The CG answer equals the full LP, is persuasive with (**) restored, and certified."""
    scheme = result.dense_scheme(dense.n_states, dense.n_receivers)
    ev = evaluate_multi(dense, scheme)
    assert ev.persuasive
    assert ev.sender == pytest.approx(result.value, abs=1e-9)
    assert result.value == pytest.approx(reference, abs=1e-7)
    assert result.upper_bound - reference <= 1e-7
    bound = lagrangian_bound(dense, result.alpha, np.zeros(dense.n_receivers))
    assert bound == pytest.approx(result.upper_bound, abs=1e-7)


def test_column_generation_equals_full_lp_on_pairwise_instances():
    """Prop. 9 in practice: column generation with the min-cut oracle (and with the
    exhaustive oracle, with and without local search) equals the full LP-Binary on 60
    random pairwise-supermodular instances."""
    rng = np.random.default_rng(9)
    for k in range(60):
        instance = random_pairwise_instance(
            rng, int(rng.integers(1, 4)), int(rng.integers(1, 7)), density=[0.5, 1.0][k % 2]
        )
        dense = instance.to_dense()
        reference = ps.solve(dense).value
        check_result(column_generation(instance, oracle="min_cut"), dense, reference)
        check_result(
            column_generation(instance, oracle="exhaustive", local_search=k % 3 == 0),
            dense,
            reference,
        )


def test_column_generation_equals_full_lp_up_to_ten_receivers():
    """Prop. 9 where the full LP still runs: N = 8, 9, 10 receivers (two instances each)."""
    for n in (8, 9, 10):
        for seed in range(2):
            rng = np.random.default_rng([n, seed])
            instance = random_pairwise_instance(rng, 3, n, density=0.5 + 0.5 * seed)
            dense = instance.to_dense()
            reference = ps.solve(dense).value
            for oracle in ("min_cut", "auto"):
                check_result(column_generation(instance, oracle=oracle), dense, reference)


def test_column_generation_on_dense_instances_beyond_the_pairwise_cone():
    """Column generation on dense instances (exhaustive oracle) with monotone f and positive
    externalities that are not pairwise, against the full LP (40 instances)."""
    rng = np.random.default_rng(10)
    for _ in range(40):
        dense = random_monotone_pe(rng, int(rng.integers(1, 4)), int(rng.integers(1, 5)))
        assert is_monotone(dense) and has_positive_externalities(dense)
        check_result(column_generation(dense, smoothing=0.0), dense, ps.solve(dense).value)


def test_lemma4_dropping_action0_constraints_loses_nothing():
    """Lemma 4: under positive externalities and monotone f, LP-Binary without (**) has the
    same optimum as with them (80 random instances, pairwise and general)."""
    rng = np.random.default_rng(11)
    for k in range(80):
        if k % 2:
            sizes = int(rng.integers(1, 4)), int(rng.integers(1, 5))
            dense = random_pairwise_instance(rng, *sizes).to_dense()
        else:
            dense = random_monotone_pe(rng, int(rng.integers(1, 4)), int(rng.integers(1, 4)))
        full = ps.solve(dense).value
        assert lp_binary(dense, action0_constraints=False).value == pytest.approx(full, abs=1e-7)


def test_lemma4_needs_monotone_sender():
    """Lemma 4's proof uses monotone f: with f(∅) = 1 > f({0}) = 0 and a receiver who
    wants action 1, dropping (**) lets the sender 'recommend' 0 unpersuasively."""
    instance = MultiInstance([1], [[1, 0]], [[[0, 1]]])
    assert has_positive_externalities(instance) and not is_monotone(instance)
    assert ps.solve(instance).value == pytest.approx(0.0)
    assert lp_binary(instance, action0_constraints=False).value == pytest.approx(1.0)
    with pytest.raises(ValueError, match="Lemma 4"):
        column_generation(instance)


def test_restoring_action0_constraints_follows_lemma4_proof():
    """Lemma 4's proof as an algorithm: from any scheme satisfying (*) but not (**), the
    mass moves give a scheme satisfying both that the sender likes at least as much."""
    rng = np.random.default_rng(12)
    repaired = 0
    for _ in range(300):
        base = random_pairwise_instance(rng, int(rng.integers(1, 3)), int(rng.integers(2, 5)))
        instance = PairwiseInstance(  # some receivers want action 1 even alone
            base.prior, base.sender_unary, base.sender_pairwise,
            rng.integers(-4, 3, base.receiver_unary.shape), base.receiver_pairwise,
        )
        dense = instance.to_dense()
        scheme = np.zeros((dense.n_states, dense.n_subsets))
        for t in range(dense.n_states):
            sets = rng.choice(dense.n_subsets, size=2)
            np.add.at(scheme[t], sets, rng.dirichlet([1.0, 1.0]))
        before = evaluate_multi(dense, scheme)
        if np.any(before.T1 > 1e-9) or not np.any(before.T0 > 1e-9):
            continue  # want: (*) holds, (**) fails
        support = {(t, s): float(p) for (t, s), p in np.ndenumerate(scheme) if p > 0}
        moves = restore_action0_constraints(instance, support)
        after = np.zeros_like(scheme)
        for (t, s), p in support.items():
            after[t, s] = p
        ev = evaluate_multi(dense, after)
        assert moves > 0 and ev.persuasive
        assert ev.sender >= before.sender - 1e-9
        repaired += 1
    assert repaired >= 20


def test_oracle_objective_is_the_conic_combination():
    """Prop. 9: the pricing objective f + Σ α_i g_i lies in cone(f, g_1, ..., g_N)."""
    rng = np.random.default_rng(13)
    for _ in range(30):
        instance = random_pairwise_instance(rng, 2, int(rng.integers(1, 6)))
        alpha = rng.random(instance.n_receivers) * 4
        for t in range(instance.n_states):
            direct = instance.oracle_objective(t, alpha)
            functions = [instance.sender_function(t)] + [
                instance.marginal_function(t, i) for i in range(instance.n_receivers)
            ]
            combined = conic_combination(functions, np.r_[1.0, alpha])
            assert np.allclose(direct.values(), combined.values())
            assert direct.is_supermodular()


def test_larger_instance_is_certified():
    """N = 25 receivers: the Lagrangian bound recomputed with the exact min-cut oracle at the
    returned multipliers matches the value (the certificate), and (**) holds."""
    instance = random_pairwise_instance(np.random.default_rng(14), 3, 25, density=0.3)
    result = column_generation(instance)
    bound = sum(
        instance.prior[t] * maximize_min_cut(instance.oracle_objective(t, result.alpha))[1]
        for t in range(instance.n_states)
    )
    assert bound == pytest.approx(result.upper_bound, abs=1e-9)
    assert result.upper_bound - result.value <= 1e-9 * (1 + abs(result.value))
    assert result.iterations >= 1 and result.oracle_calls >= instance.n_states
    totals = np.zeros(instance.n_receivers)
    deviations = np.zeros(instance.n_receivers)
    for t, s, p in result.support:
        totals += instance.prior[t] * p * instance.follow_gains(t, s)
        deviations += instance.prior[t] * p * instance.deviation_gains(t, s)
    assert np.all(totals >= -1e-9) and np.all(deviations <= 1e-9)


def test_pairwise_instance_dense_view():
    """The oracle form and its dense view agree on f, g and the (**) coefficients."""
    instance = random_pairwise_instance(np.random.default_rng(15), 2, 4)
    dense = instance.to_dense()
    for t, s in itertools.product(range(2), range(16)):
        assert dense.sender_value(t, s) == pytest.approx(instance.sender_value(t, s))
        assert np.allclose(dense.follow_gains(t, s), instance.follow_gains(t, s))
        assert np.allclose(dense.deviation_gains(t, s), instance.deviation_gains(t, s))


def _pairwise(**changes):
    args = {
        "prior": [0.5, 0.5],
        "sender_unary": np.ones((2, 2)),
        "sender_pairwise": np.zeros((2, 2, 2)),
        "receiver_unary": -np.ones((2, 2)),
        "receiver_pairwise": np.zeros((2, 2, 2)),
    }
    args.update(changes)
    return PairwiseInstance(**args)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: _pairwise(prior=[0.5, 0.6]), "prior"),
        (lambda: _pairwise(sender_unary=np.ones((3, 2))), "sender_unary"),
        (lambda: _pairwise(sender_unary=-np.ones((2, 2))), "monotone"),
        (lambda: _pairwise(sender_pairwise=np.zeros((2, 3, 3))), "sender_pairwise"),
        (lambda: _pairwise(sender_pairwise=np.array([[[0, 1], [0, 0]]] * 2)), "symmetric"),
        (lambda: _pairwise(sender_pairwise=-np.array([[[0, 1], [1, 0]]] * 2)), "non-negative"),
        (lambda: _pairwise(receiver_unary=np.ones(2)), "receiver_unary"),
        (lambda: _pairwise(receiver_pairwise=-np.array([[[0, 1], [1, 0]]] * 2)), "Definition 6"),
        (lambda: _pairwise(receiver_pairwise=np.full((2, 2, 2), np.nan)), "receiver_pairwise"),
        (lambda: random_pairwise_instance(0, 1, 13).to_dense(), "dense limit"),
        (lambda: random_pairwise_instance(None, 1, 2), "rng"),
        (lambda: random_pairwise_instance(0, 0, 2), "n_states"),
        (lambda: random_pairwise_instance(0, 1, 2, density=2.0), "density"),
        (lambda: column_generation("nope"), "PairwiseInstance"),
        (lambda: column_generation(_pairwise(), oracle="magic"), "oracle"),
        (lambda: column_generation(_pairwise(), tol=0.0), "tol"),
        (lambda: column_generation(_pairwise(), smoothing=1.0), "smoothing"),
        (lambda: column_generation(_pairwise(), max_iterations=0), "max_iterations"),
        (lambda: column_generation(_pairwise(), tol=None), "tol"),
        (lambda: column_generation(_pairwise(), tol="1e-9"), "tol"),
        (lambda: column_generation(_pairwise(), tol=float("nan")), "tol"),
        (lambda: column_generation(_pairwise(), smoothing="0.5"), "smoothing"),
        (lambda: column_generation(_pairwise(), local_search="no"), "local_search"),
        (lambda: random_pairwise_instance(0, 1, 2, density="x"), "density"),
        (lambda: random_pairwise_instance(0, 1, 2, density=float("nan")), "density"),
        (lambda: column_generation(_pairwise().to_dense(), oracle="min_cut"), "oracle"),
        (lambda: _pairwise().oracle_objective(0, [-1.0, 0.0]), "alpha"),
        (lambda: _pairwise().oracle_objective(0, [1.0]), "alpha"),
    ],
)
def test_malformed_input_raises_value_error(call, message):
    """Malformed oracle-form instances and column-generation arguments raise ValueError."""
    with pytest.raises(ValueError, match=message):
        call()


def test_iteration_limit_raises_solver_error():
    """Running out of iterations is a solver failure, not a silent answer."""
    instance = random_pairwise_instance(np.random.default_rng(16), 2, 8, density=0.5)
    with pytest.raises(ps.SolverError, match="no convergence"):
        column_generation(instance, max_iterations=1, local_search=False)


def _embed(small: PairwiseInstance, n: int, where: list[int]) -> PairwiseInstance:
    """``small`` on the receivers ``where`` of an ``n``-receiver instance; the others are
    worth nothing to the sender and never want to act (``c = −1``, no externalities)."""
    t = small.n_states
    w = np.array(where)
    a, c = np.zeros((t, n)), -np.ones((t, n))
    b, d = np.zeros((t, n, n)), np.zeros((t, n, n))
    a[:, w], c[:, w] = small.sender_unary, small.receiver_unary
    b[:, w[:, None], w[None, :]] = small.sender_pairwise
    d[:, w[:, None], w[None, :]] = small.receiver_pairwise
    return PairwiseInstance(small.prior, a, b, c, d)


@pytest.mark.parametrize("n", [64, 80, 100])
def test_column_generation_with_64_or_more_receivers(n):
    """Chapter 'Many receivers and externalities', column generation at scale: subsets are
    Python-int bitmasks, so N = 64, 80, 100 work (numpy.int64 masks overflowed at bit 63,
    issue 13).  A 3-receiver instance placed on receivers 0, N/2 and N−1 (bit N−1 ≥ 63)
    has the optimum of its own dense LP-Binary, and the recommended sets use those bits."""
    for seed in (1, 2, 3, 4):
        small = random_pairwise_instance(seed, 2, 3)
        where = [0, n // 2, n - 1]
        result = column_generation(_embed(small, n, where))
        expected = ps.solve(small.to_dense()).value
        assert result.value == pytest.approx(expected, abs=1e-7)
        allowed = sum(1 << i for i in where)
        assert all(mask & ~allowed == 0 for _, mask, _ in result.support)


@pytest.mark.parametrize("n", [64, 80, 100])
def test_oracles_return_masks_beyond_bit_63(n):
    """Chapter 'Many receivers and externalities', oracles: the min-cut oracle and the local
    search return the maximizer as a Python int with bits ≥ 63 set (a modular function whose
    positive coefficients sit on every third receiver, plus a supermodular pair)."""
    from persuasion.receivers.oracles import improve_locally
    from persuasion.receivers.setfunctions import PairwiseSetFunction, mask_of, members

    unary = np.where(np.arange(n) % 3 == 0, 1.0, -1.0)
    pairwise = np.zeros((n, n))
    pairwise[n - 2, n - 1] = pairwise[n - 1, n - 2] = 3.0  # worth adding both: −1 −1 + 3 > 0
    h = PairwiseSetFunction(unary, pairwise)
    chosen = [i for i in range(n) if i % 3 == 0] + [n - 2, n - 1]
    expected = mask_of(sorted(set(chosen)), n)
    mask, value = maximize_min_cut(h)
    assert isinstance(mask, int) and mask == expected and mask >> 63
    assert value == pytest.approx(h(expected))
    local, _ = improve_locally(PairwiseSetFunction(unary, np.zeros((n, n))), 0)
    assert local == mask_of([i for i in range(n) if i % 3 == 0], n)
    assert list(members(expected, n)) == sorted(set(chosen))


@pytest.mark.parametrize("power", [-8, -3, 3, 8])
def test_column_generation_is_invariant_to_the_payoff_units(power):
    """Chapter 'Many receivers and externalities' and issue 13 item 1: the restricted master
    is solved on rescaled data, so sender coefficients in unit 10^power and receiver
    coefficients in unit 10^-power give 10^power times the optimum."""
    for seed in range(6):
        base = random_pairwise_instance(np.random.default_rng(seed), 2, 5, density=0.5)
        scaled = PairwiseInstance(
            base.prior, base.sender_unary * 10.0**power, base.sender_pairwise * 10.0**power,
            base.receiver_unary * 10.0**-power, base.receiver_pairwise * 10.0**-power)
        expected = column_generation(base).value * 10.0**power
        assert column_generation(scaled).value == pytest.approx(expected, rel=1e-7,
                                                                 abs=1e-9 * 10.0**power)


def test_exact_pricing_interfaces_give_the_same_run():
    """Prop. 9's oracle reached three ways: a whole round as stacked arrays
    (maximize_min_cut_fast.batch_arrays, the default "min_cut"), as a list of functions
    (an oracle with only .batch) and one call per state.  The oracle's answer for a
    function does not depend on the batch, so the three runs are identical; networkx's
    cut (one call per state) reaches the same certified optimum."""

    def one_per_call(h):
        return maximize_min_cut_fast(h)

    def batch_only(h):
        return maximize_min_cut_fast(h)

    batch_only.batch = maximize_min_cut_batch
    for seed in range(4):
        instance = random_pairwise_instance(np.random.default_rng([17, seed]), 5, 9, density=0.5)
        runs = [
            column_generation(instance, oracle=oracle)
            for oracle in ("min_cut", batch_only, one_per_call)
        ]
        for run in runs[1:]:
            assert run.support == runs[0].support and run.history == runs[0].history
            assert (run.iterations, run.oracle_calls, run.local_searches) == (
                runs[0].iterations, runs[0].oracle_calls, runs[0].local_searches)
        networkx = column_generation(instance, oracle=maximize_min_cut)
        assert networkx.value == pytest.approx(runs[0].value, abs=1e-9)
        assert networkx.upper_bound - networkx.value <= 1e-9 * (1 + abs(networkx.value))
