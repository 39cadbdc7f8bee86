"""The exact outcome polygon and Pareto frontier (chapter "Information bargaining",
section "From persuasion to bargaining"), against HiGHS on random instances with ties."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from scipy.optimize import linprog

import persuasion as ps
from persuasion.bargaining import outcome_set, pareto_frontier
from persuasion.bargaining.outcomes import induced_play
from persuasion.bargaining.polygon import convex_hull, cross
from persuasion.bargaining.weighted_lp import exact_data, weighted_optimum
from persuasion.random_instances import random_instance

SIZES = [(2, 2), (2, 3), (3, 2), (3, 3), (2, 4), (4, 3), (3, 4), (4, 4)]


def _instances(count: int, seed: int) -> list[ps.Instance]:
    rng = np.random.default_rng(seed)
    out = []
    for k in range(count):
        T, n = SIZES[k % len(SIZES)]
        out.append(random_instance(rng, T, n, max_payoff=int(rng.integers(1, 4))))
    return out


INSTANCES = _instances(240, 20250605)
POLYGONS = {id(instance): outcome_set(instance) for instance in INSTANCES}


def _lp_value(instance: ps.Instance, a: float, b: float) -> float:
    """max a·U_S + b·U_R over obedient schemes, by HiGHS (scipy), written from the definition."""
    T, n = instance.n_states, instance.n_actions
    mu, s, r = instance.prior, instance.sender, instance.receiver
    cost = -(mu[:, None] * (a * s + b * r)).ravel()
    rows = []
    for i in range(n):  # recommended i, deviation j: Σ_θ μ_θ φ_θ(i) (r_θ(j) − r_θ(i)) ≤ 0
        for j in range(n):
            if i != j:
                row = np.zeros((T, n))
                row[:, i] = mu * (r[:, j] - r[:, i])
                rows.append(row.ravel())
    a_eq = np.kron(np.eye(T), np.ones((1, n)))
    result = linprog(cost, A_ub=np.array(rows), b_ub=np.zeros(len(rows)), A_eq=a_eq,
                     b_eq=np.ones(T), bounds=(0, None), method="highs")
    assert result.status == 0
    return -result.fun


def test_polygon_support_function_matches_highs() -> None:
    """The polygon's vertices maximize every weighted objective a·U_S + b·U_R exactly as
    the persuasion LP solved by HiGHS does (240 random instances with ties, 4 directions
    each, negative weights included): the polygon is the whole outcome set."""
    rng = np.random.default_rng(7)
    for instance in INSTANCES:
        polygon = POLYGONS[id(instance)]
        for _ in range(4):
            a, b = (float(v) for v in rng.integers(-3, 4, 2))
            if a == b == 0:
                a = 1.0
            best = max(a * float(v[0]) + b * float(v[1]) for v in polygon.vertices)
            assert best == pytest.approx(_lp_value(instance, a, b), abs=1e-7)


def test_frontier_matches_positive_weight_lps() -> None:
    """Pareto frontier vertices: the LP optimum for positive weights is attained at a
    frontier vertex, and every frontier vertex is the LP optimum for the weights
    between its two edges' normals (240 instances)."""
    rng = np.random.default_rng(8)
    for instance in INSTANCES:
        frontier = POLYGONS[id(instance)].frontier
        verts = frontier.vertices
        for _ in range(2):
            a, b = (float(v) for v in rng.integers(1, 5, 2))
            best = max(a * float(v[0]) + b * float(v[1]) for v in verts)
            assert best == pytest.approx(_lp_value(instance, a, b), abs=1e-7)
        for k, v in enumerate(verts):
            # a direction strictly inside the normal cone of v: the sum of its edges' normals
            n1 = _normal(verts[k - 1], v) if k > 0 else (0, 1)
            n2 = _normal(v, verts[k + 1]) if k + 1 < len(verts) else (1, 0)
            a, b = n1[0] + n2[0], n1[1] + n2[1]
            values = [a * u[0] + b * u[1] for u in POLYGONS[id(instance)].vertices]
            best = max(values)
            assert values.count(best) == 1 and best == a * v[0] + b * v[1]
            assert float(best) == pytest.approx(_lp_value(instance, float(a), float(b)),
                                                abs=1e-7)


def _normal(p, q):
    """Outward (up-right) normal of a frontier edge p → q."""
    return (p[1] - q[1], q[0] - p[0])


def test_frontier_is_strictly_monotone_and_on_the_polygon() -> None:
    """Frontier: from the receiver's best point to the sender's, U_S strictly up and
    U_R strictly down; its ends are the lexicographic bests; vertices are polygon vertices;
    pareto_frontier recomputes the same (first 30 instances)."""
    for instance in INSTANCES[:30]:
        assert pareto_frontier(instance) == POLYGONS[id(instance)].frontier
    for instance in INSTANCES:
        polygon = POLYGONS[id(instance)]
        verts = POLYGONS[id(instance)].frontier.vertices
        assert all(p[0] < q[0] and p[1] > q[1] for p, q in zip(verts, verts[1:], strict=False))
        assert set(verts) <= set(polygon.vertices)
        assert verts[-1] == max(polygon.vertices, key=lambda v: (v[0], v[1]))
        assert verts[0] == max(polygon.vertices, key=lambda v: (v[1], v[0]))


def test_vertices_convex_counter_clockwise_with_exact_schemes() -> None:
    """Vertices are exact, strictly convex, counter-clockwise; each stored scheme is exactly
    persuasive (evaluate_exact) and achieves its vertex exactly."""
    for instance in INSTANCES[:120]:
        polygon = POLYGONS[id(instance)]
        verts = list(polygon.vertices)
        assert all(isinstance(c, Fraction) for v in verts for c in v)
        assert convex_hull(verts) == verts
        if len(verts) >= 3:
            k = len(verts)
            assert all(cross(verts[i], verts[(i + 1) % k], verts[(i + 2) % k]) > 0
                       for i in range(k))
        for v, scheme in zip(verts, polygon.schemes, strict=True):
            result = ps.evaluate_exact(instance, np.array(scheme, dtype=object))
            assert result.persuasive
            assert (Fraction(str(result.sender)), Fraction(str(result.receiver))) == v
            play = induced_play(instance, scheme)
            assert play.persuasive and (play.sender, play.receiver) == v


def test_weighted_optimum_certificates_and_starts_agree() -> None:
    """Exact simplex: the dual prices certify the value (Σ prices = value, multipliers
    ≤ 0, reduced costs ≤ 0), and the three starts (HiGHS, cold, a previous basis)
    give the same optimal value (60 instances)."""
    rng = np.random.default_rng(9)
    for instance in INSTANCES[:60]:
        data = exact_data(instance)
        a, b = (int(v) for v in rng.integers(-3, 4, 2))
        first = weighted_optimum(instance, 1, 0, data=data, start="cold")
        results = [weighted_optimum(instance, a, b, data=data, start=start)
                   for start in ("highs", "cold", first.basis)]
        assert len({r.value for r in results}) == 1
        opt = results[0]
        assert opt.value == sum(opt.prices) and all(m <= 0 for m in opt.multipliers)
        n = data.n_actions
        for j in range(data.n_states * n):
            t, i = divmod(j, n)
            c = data.prior[t] * (a * data.sender[t][i] + b * data.receiver[t][i])
            reduced = c - opt.prices[t] - sum(
                m * data.rows[k].get(j, 0) for k, m in enumerate(opt.multipliers))
            assert reduced <= 0


def test_float_inputs_are_read_exactly() -> None:
    """Float inputs typed by hand are read as the decimals they print as (0.3 is 3/10); a
    prior whose floats do not sum to one exactly is read exactly and rescaled."""
    instance = ps.Instance([0.7, 0.3], [[0, 1], [0, 1]], [[1, 0], [0, 1]])
    assert exact_data(instance).prior == (Fraction(7, 10), Fraction(3, 10))
    polygon = outcome_set(instance)
    # prosecutor-like: act iff posterior ≥ 1/2 — the sender's best U_S is 2·0.3 = 3/5
    assert max(v[0] for v in polygon.vertices) == Fraction(3, 5)
    thirds = ps.Instance([1 / 3, 1 / 3, 1 / 3], [[0, 1]] * 3, [[1, 0], [0, 1], [0, 1]])
    assert sum(exact_data(thirds).prior) == 1


def test_degenerate_polygons() -> None:
    """A receiver indifferent everywhere gives a segment or a point; identical actions
    give a single point."""
    point = ps.Instance([Fraction(1, 2)] * 2, [[1, 1], [1, 1]], [[0, 0], [0, 0]])
    assert outcome_set(point).vertices == ((1, 0),)
    segment = ps.Instance([Fraction(1, 2)] * 2, [[0, 1], [0, 1]], [[0, 0], [0, 0]])
    assert outcome_set(segment).vertices == ((0, 0), (1, 0))
    assert pareto_frontier(segment).vertices == ((1, 0),)


def test_bad_input() -> None:
    """outcome_set and pareto_frontier refuse anything but a persuasion.Instance."""
    for bad in (None, [[0, 1]], "game"):
        with pytest.raises(ValueError, match="instance"):
            outcome_set(bad)
        with pytest.raises(ValueError, match="instance"):
            pareto_frontier(bad)
    with pytest.raises(ValueError, match="start"):
        weighted_optimum(INSTANCES[0], 1, 0, start="warm")
