"""The no-payment LP under positive externalities by column generation (Appendix B).

Lemma 4: with a monotone sender utility and positive externalities
(Definition 6), dropping the constraints (**) from LP-Binary (no payments)
loses nothing.  What is left has ``T · 2**N`` columns ``φ_θ(S)`` but only
``N + T`` rows, so it is solved by *delayed column generation*: a restricted
master LP over a few columns gives multipliers ``α ≥ 0`` of (*), and the
pricing problem for state ``θ`` is Prop. 9's oracle

.. math::

    \\max_S\\; f^θ(S) + \\sum_i α_i g_i^θ(S),

a maximization over the cone ``cone(f^θ, g_1^θ, ..., g_N^θ)``.  A column
enters while its reduced cost ``μ_θ (\\max_S ... ) − y_θ`` is positive.  The
oracle's exact answers also give the Lagrangian upper bound
``Σ_θ μ_θ \\max_S (f^θ + Σ α_i g_i^θ)``; the run stops when it meets the
master's value, which certifies optimality.  Finally the proof of Lemma 4 is
run as an algorithm to restore (**) without loss.

The *oracle form* :class:`PairwiseInstance` stores pairwise supermodular
``f^θ`` and ``g_i^θ`` by their coefficients and never builds a ``2**N`` table,
so that the min-cut oracle (:func:`persuasion.oracles.maximize_min_cut`)
solves instances with dozens of receivers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np

from ..errors import SolverError
from ..validation import (
    as_distribution,
    as_finite_array,
    as_flag,
    as_generator,
    as_positive_int,
    as_real,
    check_shape,
)
from .externalities import (
    DENSE_LIMIT,
    MultiInstance,
    has_positive_externalities,
    is_monotone,
    weighted_virtual_payoff,
)
from .mincut import masks_from_bits, maximize_min_cut_fast
from .oracles import _steepest_ascent, improve_locally, maximize_exhaustive
from .setfunctions import PairwiseSetFunction, indicator, marginal_set_function

#: Up to this many receivers ``oracle="auto"`` prices pairwise instances exhaustively
#: (``2**N`` values per call, vectorized) rather than by networkx's max-flow, which
#: costs about 0.5 ms per call in Python and wins only beyond about 16 receivers.
AUTO_EXHAUSTIVE_LIMIT = 16


@dataclass(frozen=True, eq=False)
class PairwiseInstance:
    """Oracle form of a :class:`MultiInstance` with pairwise supermodular utilities.

    In state ``θ`` the sender's utility is
    ``f^θ(S) = Σ_{i∈S} a[θ,i] + Σ_{i<j; i,j∈S} b[θ,i,j]`` and receiver ``i``'s
    marginal utility is ``g_i^θ(S) = [i∈S] (c[θ,i] + Σ_{j∈S, j≠i} d[θ,i,j])``.

    Parameters
    ----------
    prior: shape ``(T,)``.
    sender_unary: ``a``, shape ``(T, N)``, ``≥ 0`` (with ``b ≥ 0``: ``f`` monotone).
    sender_pairwise: ``b``, shape ``(T, N, N)``, symmetric, zero diagonal, ``≥ 0``.
    receiver_unary: ``c``, shape ``(T, N)``, any sign.
    receiver_pairwise: ``d``, shape ``(T, N, N)``, zero diagonal, ``≥ 0``:
        ``d[θ, i, j]`` is what ``j`` taking action 1 adds to ``i``'s gain from
        action 1 (positive externalities, Definition 6).

    Only the marginal utilities matter to the LP; :meth:`to_dense` takes
    ``u_i^θ(S) = g_i^θ(S)`` (utility 0 for action 0).
    """

    prior: np.ndarray
    sender_unary: np.ndarray
    sender_pairwise: np.ndarray
    receiver_unary: np.ndarray
    receiver_pairwise: np.ndarray

    def __init__(
        self,
        prior: Any,
        sender_unary: Any,
        sender_pairwise: Any,
        receiver_unary: Any,
        receiver_pairwise: Any,
    ) -> None:
        prior_a = as_distribution("prior", prior)
        a = as_finite_array("sender_unary", sender_unary, ndim=2)
        if a.shape[0] != prior_a.shape[0] or a.shape[1] < 1:
            raise ValueError(
                f"sender_unary must have shape (T, N) with T = {prior_a.shape[0]}, N ≥ 1; "
                f"got {a.shape}"
            )
        n_states, n = a.shape
        b = as_finite_array("sender_pairwise", sender_pairwise, ndim=3)
        check_shape("sender_pairwise", b, (n_states, n, n))
        c = as_finite_array("receiver_unary", receiver_unary, ndim=2)
        check_shape("receiver_unary", c, (n_states, n))
        d = as_finite_array("receiver_pairwise", receiver_pairwise, ndim=3)
        check_shape("receiver_pairwise", d, (n_states, n, n))
        diagonal = np.arange(n)
        if np.any(a < 0):
            raise ValueError("sender_unary must be non-negative (f monotone, Section 2)")
        if np.any(b < 0) or np.any(b[:, diagonal, diagonal] != 0):
            raise ValueError("sender_pairwise must be non-negative with a zero diagonal")
        if not np.array_equal(b, b.transpose(0, 2, 1)):
            raise ValueError("sender_pairwise must be symmetric in its last two axes")
        if np.any(d < 0) or np.any(d[:, diagonal, diagonal] != 0):
            raise ValueError(
                "receiver_pairwise must be non-negative with a zero diagonal "
                "(positive externalities, Definition 6)"
            )
        for name, value in (
            ("prior", prior_a),
            ("sender_unary", a),
            ("sender_pairwise", b),
            ("receiver_unary", c),
            ("receiver_pairwise", d),
        ):
            value.setflags(write=False)
            object.__setattr__(self, name, value)

    @property
    def n_states(self) -> int:
        """Number of states ``T``."""
        return int(self.prior.shape[0])

    @property
    def n_receivers(self) -> int:
        """Number of receivers ``N``."""
        return int(self.sender_unary.shape[1])

    def sender_function(self, theta: int) -> PairwiseSetFunction:
        """``f^θ`` as a :class:`PairwiseSetFunction`."""
        return PairwiseSetFunction(self.sender_unary[theta], self.sender_pairwise[theta])

    def marginal_function(self, theta: int, i: int) -> PairwiseSetFunction:
        """``g_i^θ`` as a :class:`PairwiseSetFunction` (supermodular: ``d ≥ 0``)."""
        return marginal_set_function(
            self.n_receivers, i, self.receiver_unary[theta, i], self.receiver_pairwise[theta, i]
        )

    def oracle_objective(self, theta: int, alpha: Any) -> PairwiseSetFunction:
        """``f^θ + Σ_i α_i g_i^θ``: the function Prop. 9's oracle maximizes.

        This is ``conic_combination([f^θ, g_1^θ, ..., g_N^θ], [1, α])`` written out:
        unary ``a + α ∘ c`` and pairwise ``b + A + Aᵀ`` with ``A[i, j] = α_i d[i, j]``
        (supermodular for ``α ≥ 0``: the cone is closed).
        """
        alpha = as_finite_array("alpha", alpha, ndim=1)
        check_shape("alpha", alpha, (self.n_receivers,))
        if np.any(alpha < 0):
            raise ValueError("alpha must be non-negative (multipliers of (*))")
        return PairwiseSetFunction.trusted(*self._objective_arrays(alpha, theta))

    def _objective_arrays(self, alpha: np.ndarray, thetas: Any) -> tuple[np.ndarray, np.ndarray]:
        """Unary and pairwise coefficients of :meth:`oracle_objective` for the state
        ``thetas`` (an index) or for each of several (an index array: stacked arrays)."""
        spread = alpha[:, None] * self.receiver_pairwise[thetas]
        return (
            self.sender_unary[thetas] + alpha * self.receiver_unary[thetas],
            self.sender_pairwise[thetas] + spread + np.swapaxes(spread, -1, -2),
        )

    def _column_arrays(self, thetas: Any, bits: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """``f^θ(S)`` and ``[i ∈ S] g_i^θ(S)`` for the rows of ``bits`` (0/1 vectors of
        the sets ``S``, shape ``(K, N)``) in the states ``thetas``."""
        sender = (self.sender_pairwise[thetas] @ bits[..., None])[..., 0]
        values = (self.sender_unary[thetas] * bits).sum(axis=1) + (bits * sender).sum(axis=1) / 2
        pulled = (self.receiver_pairwise[thetas] @ bits[..., None])[..., 0]
        return values, bits * (self.receiver_unary[thetas] + pulled)

    # column access, shared with MultiInstance
    def sender_value(self, theta: int, mask: int) -> float:
        """``f^θ(S)``."""
        bits = indicator(mask, self.n_receivers)[None]
        return float(self._column_arrays([theta], bits)[0][0])

    def follow_gains(self, theta: int, mask: int) -> np.ndarray:
        """``[i ∈ S] g_i^θ(S)`` for every ``i``."""
        bits = indicator(mask, self.n_receivers)[None]
        return self._column_arrays([theta], bits)[1][0]

    def deviation_gains(self, theta: int, mask: int) -> np.ndarray:
        """``[i ∉ S] g_i^θ(S ∪ {i})`` for every ``i``."""
        x = indicator(mask, self.n_receivers)
        return (1 - x) * (self.receiver_unary[theta] + self.receiver_pairwise[theta] @ x)

    def to_dense(self) -> MultiInstance:
        """The same instance as a dense :class:`MultiInstance` (``N ≤ DENSE_LIMIT``)."""
        n = self.n_receivers
        if n > DENSE_LIMIT:
            raise ValueError(
                f"instance: N = {n} exceeds the dense limit {DENSE_LIMIT}; keep the oracle form"
            )
        sender = np.stack([self.sender_function(t).values() for t in range(self.n_states)])
        receivers = np.stack(
            [
                np.stack([self.marginal_function(t, i).values() for i in range(n)])
                for t in range(self.n_states)
            ]
        )
        return MultiInstance(self.prior, sender, receivers)


def random_pairwise_instance(
    rng: Any, n_states: int, n_receivers: int, max_value: int = 3, density: float = 1.0
) -> PairwiseInstance:
    """A random oracle-form instance with small integer coefficients (ties likely).

    ``a, b, d`` are integers in ``0..max_value`` (each pair present with
    probability ``density``); ``c[θ, i] = −⌊u Σ_j d[θ, i, j]⌋ − k`` with ``u``
    uniform on ``[0, 2]`` and ``k`` on ``0..max_value``: receiver ``i`` wants
    action 1 in state ``θ`` once a large enough share of her neighbours take it
    (a share above 1 means never).  Many instances have optimum 0.  The prior has
    integer weights in ``1..3``.
    """
    rng = as_generator("rng", rng)
    n_states = as_positive_int("n_states", n_states)
    n = as_positive_int("n_receivers", n_receivers)
    max_value = as_positive_int("max_value", max_value, minimum=0)
    density = as_real("density", density, low=0, high=1)
    weights = rng.integers(1, 4, n_states)
    prior = weights / weights.sum()
    upper = np.triu(np.ones((n, n), dtype=bool), k=1)

    def pairs(symmetric: bool) -> np.ndarray:
        values = rng.integers(0, max_value + 1, (n_states, n, n)) * (
            rng.random((n_states, n, n)) < density
        )
        if symmetric:
            values = values * upper
            return (values + values.transpose(0, 2, 1)).astype(float)
        values[:, np.arange(n), np.arange(n)] = 0
        return values.astype(float)

    a = rng.integers(0, max_value + 1, (n_states, n)).astype(float)
    b = pairs(symmetric=True)
    d = pairs(symmetric=False)
    scale = rng.uniform(0.0, 2.0, (n_states, n))
    c = -np.floor(scale * d.sum(axis=2)) - rng.integers(0, max_value + 1, (n_states, n))
    return PairwiseInstance(prior, a, b, c, d)


@dataclass(frozen=True)
class ColumnGenerationResult:
    """Outcome of :func:`column_generation`.

    Attributes
    ----------
    value: the sender's optimal expected utility (no payments).
    upper_bound: the Lagrangian bound ``Σ_θ μ_θ max_S (f^θ + Σ α_i g_i^θ)(S)`` at
        the final ``α`` (exact oracle): ``value ≤ OPT ≤ upper_bound``.
    support: ``(θ, S, φ_θ(S))`` for every recommended set (``S`` a bitmask),
        after the Lemma 4 repair: the scheme satisfies (*) and (**).
    alpha: the multipliers of (*) that certify ``upper_bound`` (an optimal dual of
        the LP without (**) to within ``gap``); with ``y_θ = μ_θ max_S (f^θ + Σ α_i
        g_i^θ)(S)`` every column's reduced cost ``μ_θ (f^θ + Σ α_i g_i^θ)(S) − y_θ``
        is ``≤ 0``.
    iterations: restricted master LPs solved.
    columns_generated: columns added by the oracle (beyond the ``2T`` initial ones).
    oracle_calls: calls of the exact set-function oracle.
    local_searches: heuristic pricing runs (:func:`persuasion.oracles.improve_locally`).
    gap: ``upper_bound − master value`` at the end (``≤ tol`` times the payoff scale).
    repair_moves: mass moves of Lemma 4's proof needed to restore (**).
    history: per iteration, the master's value (a lower bound on the optimum) and the
        best Lagrangian bound after that iteration's pricing (``inf`` until exact
        pricing has run).
    """

    value: float
    upper_bound: float
    support: tuple[tuple[int, int, float], ...]
    alpha: np.ndarray
    iterations: int
    columns_generated: int
    oracle_calls: int
    local_searches: int
    gap: float
    repair_moves: int
    history: tuple[tuple[float, float], ...] = ()

    def dense_scheme(self, n_states: int, n_receivers: int) -> np.ndarray:
        """The scheme as a ``(T, 2**N)`` array (``N ≤ DENSE_LIMIT``)."""
        if n_receivers > DENSE_LIMIT:
            raise ValueError(f"n_receivers: {n_receivers} exceeds the dense limit {DENSE_LIMIT}")
        scheme = np.zeros((n_states, 1 << n_receivers))
        for theta, mask, prob in self.support:
            scheme[theta, mask] += prob
        return scheme


Oracle = Callable[[Any], tuple[int, float]]


class _PairwisePricing:
    """Prop. 9's pricing for a :class:`PairwiseInstance`, one round for all states at once.

    The objectives ``f^θ + Σ_i α_i g_i^θ`` of all states are two stacked arrays (unary
    ``(T, N)`` and pairwise ``(T, N, N)``) of :meth:`PairwiseInstance.oracle_objective`;
    the local search is
    :func:`persuasion.receivers.oracles.improve_locally_batch`; an exact oracle with a
    ``batch_arrays`` attribute (:func:`persuasion.receivers.mincut.maximize_min_cut_fast`)
    takes the arrays, one with ``batch`` a list of functions, any other one function
    per call.  Sets travel with their 0/1 vectors, from which the columns ``f^θ(S)``
    and ``[i ∈ S] g_i^θ(S)`` are computed in one pass.
    """

    def __init__(self, instance: PairwiseInstance, maximize: Oracle) -> None:
        self.instance, self.maximize = instance, maximize
        self.n = instance.n_receivers

    def objectives(self, alpha: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return self.instance._objective_arrays(alpha, slice(None))

    def local(
        self, objs: tuple[np.ndarray, np.ndarray], thetas: np.ndarray, masks: list[int],
        bits: np.ndarray,
    ) -> tuple[list[int], np.ndarray]:
        found = _steepest_ascent(objs[0][thetas], objs[1][thetas], bits.copy())
        return masks_from_bits(found), found

    def exact(
        self, objs: tuple[np.ndarray, np.ndarray], thetas: np.ndarray
    ) -> tuple[list[int], np.ndarray, list[float]]:
        unary, pairwise = objs[0][thetas], objs[1][thetas]
        arrays = getattr(self.maximize, "batch_arrays", None)
        if arrays is not None:
            bits, tops = arrays(unary, pairwise)
            return masks_from_bits(bits), np.asarray(bits, dtype=float), list(tops)
        functions = [PairwiseSetFunction.trusted(u, b) for u, b in zip(unary, pairwise,
                                                                      strict=True)]
        batch = getattr(self.maximize, "batch", None)  # prices a whole round at once
        answers = batch(functions) if batch is not None else [self.maximize(h) for h in functions]
        masks = [int(mask) for mask, _ in answers]
        bits = np.array([indicator(mask, self.n) for mask in masks]).reshape(len(masks), self.n)
        return masks, bits, [top for _, top in answers]

    def columns(
        self, thetas: np.ndarray, masks: list[int], bits: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        return self.instance._column_arrays(thetas, bits)


class _TablePricing:
    """Prop. 9's pricing for a dense :class:`MultiInstance`: the objectives are the
    ``2**N`` tables ``f^θ + Σ_i α_i g_i^θ`` (:func:`weighted_virtual_payoff` with
    ``β = 0``), searched by :func:`persuasion.receivers.oracles.improve_locally` and by
    the exact oracle one state at a time (or through its ``batch`` attribute)."""

    def __init__(self, instance: MultiInstance, maximize: Oracle) -> None:
        self.instance, self.maximize = instance, maximize
        self.n = instance.n_receivers

    def objectives(self, alpha: np.ndarray) -> np.ndarray:
        return weighted_virtual_payoff(self.instance, alpha, 0.0)

    def local(
        self, objs: np.ndarray, thetas: np.ndarray, masks: list[int], bits: np.ndarray
    ) -> tuple[list[int], np.ndarray]:
        found = [improve_locally(objs[t], mask)[0] for t, mask in zip(thetas, masks,
                                                                      strict=True)]
        return found, self._bits(found)

    def exact(
        self, objs: np.ndarray, thetas: np.ndarray
    ) -> tuple[list[int], np.ndarray, list[float]]:
        batch = getattr(self.maximize, "batch", None)  # prices a whole round at once
        tables = [objs[t] for t in thetas]
        answers = batch(tables) if batch is not None else [self.maximize(h) for h in tables]
        masks = [int(mask) for mask, _ in answers]
        return masks, self._bits(masks), [top for _, top in answers]

    def columns(
        self, thetas: np.ndarray, masks: list[int], bits: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        inst = self.instance
        values = np.array([inst.sender_value(t, m) for t, m in zip(thetas, masks, strict=True)])
        gains = [inst.follow_gains(t, m) for t, m in zip(thetas, masks, strict=True)]
        return values, np.array(gains).reshape(len(masks), self.n)

    def _bits(self, masks: list[int]) -> np.ndarray:
        return np.array([indicator(m, self.n) for m in masks]).reshape(len(masks), self.n)


def _pricing(instance: Any, oracle: str | Oracle) -> _PairwisePricing | _TablePricing:
    """The pricing of ``instance`` with the exact oracle that ``oracle`` names."""
    if isinstance(instance, PairwiseInstance):
        # the min cut through SciPy's compiled max flow, a whole pricing round per call
        cut = maximize_min_cut_fast
        chosen = {"min_cut": cut, "exhaustive": maximize_exhaustive, "auto": None}
        small = instance.n_receivers <= AUTO_EXHAUSTIVE_LIMIT
        default = maximize_exhaustive if small else cut
        kind: type = _PairwisePricing
    elif isinstance(instance, MultiInstance):
        if not is_monotone(instance) or not has_positive_externalities(instance):
            raise ValueError(
                "instance must have monotone sender utilities and positive externalities "
                "(Lemma 4) for column generation"
            )
        chosen = {"exhaustive": maximize_exhaustive, "auto": None}
        default = maximize_exhaustive
        kind = _TablePricing
    else:
        raise ValueError(
            f"instance must be a PairwiseInstance or a MultiInstance, got {type(instance).__name__}"
        )
    if callable(oracle):
        return kind(instance, oracle)
    if not isinstance(oracle, str) or oracle not in chosen:
        raise ValueError(f"oracle must be one of {sorted(chosen)} or a callable, got {oracle!r}")
    return kind(instance, chosen[oracle] or default)


def _scales(instance: Any) -> tuple[float, float]:
    """The sender's and the receivers' largest coefficient in absolute value (1 if all
    are zero): the units in which the restricted master LP is solved."""
    if isinstance(instance, PairwiseInstance):
        sender = (instance.sender_unary, instance.sender_pairwise)
        receiver = (instance.receiver_unary, instance.receiver_pairwise)
    else:
        sender, receiver = (instance.sender,), (instance.receivers,)
    out = []
    for arrays in (sender, receiver):
        largest = max(float(np.max(np.abs(a))) if a.size else 0.0 for a in arrays)
        out.append(largest if largest > 0 else 1.0)
    return out[0], out[1]


class _Master:
    """The restricted master LP (LP-Binary without (**), a subset of the columns),
    kept in one HiGHS model so that each round's new columns (added in one call) give a
    warm-started re-solve.

    Rows ``0..N-1`` are (*) (``≥ 0``), rows ``N..N+T-1`` the convexity rows
    (``= 1``).  HiGHS reports row duals ``d`` with reduced costs ``c − Aᵀd``, so
    the multipliers are ``α = −d[:N]`` and ``y = d[N:]``.
    """

    def __init__(
        self, n_receivers: int, n_states: int, sender_scale: float = 1.0,
        receiver_scale: float = 1.0,
    ) -> None:
        # costs are divided by sender_scale and gains by receiver_scale (the rescaled LP of
        # persuasion.lp.solve); solve() returns value, α and y in the original units
        self.sender_scale, self.receiver_scale = sender_scale, receiver_scale
        self.n, self.highs = n_receivers, highspy.Highs()
        self.highs.setOptionValue("output_flag", False)
        self.highs.changeObjectiveSense(highspy.ObjSense.kMaximize)
        inf = highspy.kHighsInf
        lower = np.r_[np.zeros(n_receivers), np.ones(n_states)]
        upper = np.r_[np.full(n_receivers, inf), np.ones(n_states)]
        empty = np.array([], dtype=np.int32)
        self.highs.addRows(n_receivers + n_states, lower, upper, 0, empty, empty, np.array([]))

    def add(self, thetas: np.ndarray, costs: np.ndarray, gains: np.ndarray) -> None:
        """Columns ``k``: state ``thetas[k]``, cost ``costs[k]``, rows of (*) ``gains[k]``
        (one HiGHS call for the lot)."""
        count = len(thetas)
        if count == 0:
            return
        owner, row = np.nonzero(gains)
        columns = np.concatenate([owner, np.arange(count)])
        rows = np.concatenate([row, self.n + np.asarray(thetas)])
        values = np.concatenate([gains[owner, row] / self.receiver_scale, np.ones(count)])
        order = np.lexsort((rows, columns))
        starts = np.zeros(count, dtype=np.int32)
        np.cumsum(np.bincount(columns, minlength=count)[:-1], out=starts[1:])
        self.highs.addCols(
            count, np.asarray(costs, dtype=float) / self.sender_scale, np.zeros(count),
            np.full(count, highspy.kHighsInf), len(order), starts,
            rows[order].astype(np.int32), values[order],
        )

    def solve(self) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
        """Value, column weights, ``α`` and ``y``; :class:`SolverError` unless optimal."""
        self.highs.run()
        status = self.highs.getModelStatus()
        if status != highspy.HighsModelStatus.kOptimal:
            text = self.highs.modelStatusToString(status)
            raise SolverError(f"restricted master LP: HiGHS status {text}", status=text.lower())
        solution = self.highs.getSolution()
        duals = np.asarray(solution.row_dual, dtype=float)
        weights = np.clip(np.asarray(solution.col_value, dtype=float), 0.0, None)
        value = float(self.highs.getInfo().objective_function_value) * self.sender_scale
        alpha = np.maximum(-duals[: self.n], 0.0) * (self.sender_scale / self.receiver_scale)
        return value, weights, alpha, duals[self.n :] * self.sender_scale


class _Columns:
    """The master's columns: state, set (mask and 0/1 vector), ``f^θ(S)`` and
    ``[i ∈ S] g_i^θ(S)``, in arrays that grow by doubling."""

    def __init__(self, n: int) -> None:
        self.size, self.masks = 0, []
        self.owners = np.zeros(0, dtype=np.int64)
        self.values = np.zeros(0)
        self.gains = np.zeros((0, n))
        self.bits = np.zeros((0, n))

    def extend(
        self, thetas: np.ndarray, masks: list[int], bits: np.ndarray, values: np.ndarray,
        gains: np.ndarray,
    ) -> None:
        start, stop = self.size, self.size + len(masks)
        if stop > len(self.values):
            room = max(2 * stop, 64)
            for name in ("owners", "values", "gains", "bits"):
                old = getattr(self, name)
                new = np.zeros((room, *old.shape[1:]), dtype=old.dtype)
                new[:start] = old[:start]
                setattr(self, name, new)
        self.owners[start:stop] = thetas
        self.values[start:stop] = values
        self.gains[start:stop] = gains
        self.bits[start:stop] = bits
        self.masks.extend(masks)
        self.size = stop

    def best_per_state(self, alpha: np.ndarray) -> np.ndarray:
        """For every state, the first of its columns maximizing ``f^θ(S) + α·g^θ(S)``
        (every state has columns)."""
        score = self.values[: self.size] + self.gains[: self.size] @ alpha
        order = np.lexsort((-score, self.owners[: self.size]))  # stable: first among ties
        owners = self.owners[order]
        return order[np.r_[True, owners[1:] != owners[:-1]]]


def restore_action0_constraints(
    instance: Any, support: dict[tuple[int, int], float], tol: float = 1e-10
) -> int:
    """Lemma 4's proof as an algorithm: make a scheme satisfy (**) without loss.

    While some receiver ``i`` violates (**), move all the mass of a recommended
    set ``S ∌ i`` with ``g_i^θ(S ∪ {i}) > 0`` to ``S ∪ {i}``.  The sender gains
    weakly (``f`` monotone), (*) stays satisfied (positive externalities) and
    every move grows a set, so the loop ends.  ``support`` maps ``(θ, S)`` to
    ``φ_θ(S)`` and is modified in place; returns the number of moves.
    """
    moves = 0
    while True:
        violation = np.zeros(instance.n_receivers)
        for (theta, mask), prob in support.items():
            violation += instance.prior[theta] * prob * instance.deviation_gains(theta, mask)
        worst = int(np.argmax(violation))
        if violation[worst] <= tol:
            return moves
        bit = 1 << int(worst)
        candidates = [
            (instance.prior[t] * p * instance.deviation_gains(t, s)[worst], (t, s))
            for (t, s), p in support.items()
            if not s & bit and instance.deviation_gains(t, s)[worst] > 0
        ]
        _, (theta, mask) = max(candidates)
        prob = support.pop((theta, mask))
        support[(theta, mask | bit)] = support.get((theta, mask | bit), 0.0) + prob
        moves += 1


def column_generation(
    instance: PairwiseInstance | MultiInstance,
    *,
    oracle: str | Oracle = "auto",
    local_search: bool = True,
    smoothing: float = 0.5,
    tol: float = 1e-9,
    max_iterations: int = 10_000,
) -> ColumnGenerationResult:
    """Optimal scheme without payments under positive externalities (Prop. 9, Lemma 4).

    Each round solves the restricted master, then prices:

    1. if ``local_search``, by :func:`persuasion.oracles.improve_locally` from each
       state's best column at the master's multipliers ``α`` (cheap; any column
       with positive reduced cost found this way enters; all states in one
       vectorized pass for pairwise instances,
       :func:`persuasion.receivers.oracles.improve_locally_batch`);
    2. otherwise, or when that finds nothing, by the exact ``oracle``:
       ``"min_cut"`` (pairwise instances only), ``"exhaustive"`` (tabulates the
       ``2**N`` values of the objective at each call, stores none) or a callable
       ``h -> (S, h(S))`` returning a maximizer.  A whole round (one objective per
       state, all at the same ``α``) goes to the callable's ``batch_arrays``
       attribute if it has one (stacked unary ``(K, N)`` and pairwise ``(K, N, N)``
       coefficients ``->`` 0/1 rows and values, as
       :func:`persuasion.receivers.mincut.maximize_min_cut_arrays`), else to its
       ``batch`` attribute (a list of functions ``->`` a list of ``(S, h(S))``),
       else one call per state.  ``"min_cut"`` is
       :func:`persuasion.receivers.mincut.maximize_min_cut_fast`, which has both.
       ``"auto"`` is ``"exhaustive"``
       for dense instances and for pairwise ones with ``N ≤``
       :data:`AUTO_EXHAUSTIVE_LIMIT` (faster there than networkx's max-flow),
       else ``"min_cut"``.  Exact pricing uses Wentges' stabilization: it prices at
       ``smoothing · α_best + (1 − smoothing) · α`` with ``α_best`` the
       multipliers of the best Lagrangian bound so far, and falls back to ``α``
       if that finds no entering column.

    The run ends when the best Lagrangian bound meets the master's value (gap
    ``≤ tol`` times the payoff scale) or exact pricing at ``α`` finds no
    column with positive reduced cost; raises :class:`SolverError` if it
    stalls with a gap or exceeds ``max_iterations``.
    """
    pricing = _pricing(instance, oracle)
    max_iterations = as_positive_int("max_iterations", max_iterations)
    local_search = as_flag("local_search", local_search)
    tol = as_real("tol", tol, low=0, low_open=True, high=1)
    smoothing = as_real("smoothing", smoothing, low=0, high=1, high_open=True)
    n_states, n = instance.n_states, instance.n_receivers
    prior = instance.prior
    master = _Master(n, n_states, *_scales(instance))
    columns = _Columns(n)
    known: set[tuple[int, int]] = set()

    def add(thetas: np.ndarray, masks: list[int], bits: np.ndarray) -> None:
        values, gains = pricing.columns(thetas, masks, bits)
        weight = prior[thetas]
        master.add(thetas, weight * values, weight[:, None] * gains)
        columns.extend(thetas, masks, bits, values, gains)
        known.update(zip(thetas.tolist(), masks, strict=True))

    everyone = (1 << n) - 1
    first = [(t, m) for t in range(n_states) for m in sorted({0, everyone})]
    first_thetas = np.array([t for t, _ in first])
    first_masks = [m for _, m in first]
    add(first_thetas, first_masks, np.array([[float(m != 0)] * n for m in first_masks]))
    initial = columns.size
    # tolerances are relative
    scale = max(float(np.abs(columns.values[:initial]).max()), master.sender_scale)
    states = np.array([t for t in range(n_states) if prior[t] > 0], dtype=np.int64)
    counts = {"oracle": 0, "local": 0, "iterations": 0}
    best_upper, center = np.inf, None
    history: list[tuple[float, float]] = []

    def entering_from(
        thetas: np.ndarray, masks: list[int], bits: np.ndarray, alpha: np.ndarray,
        y: np.ndarray,
    ) -> tuple[np.ndarray, list[int], np.ndarray]:
        """The sets found with a positive reduced cost ``μ_θ (f + α·g) − y_θ`` at the
        master's multipliers, each once, new to the master."""
        fresh, seen = [], set()
        for k, key in enumerate(zip(thetas.tolist(), masks, strict=True)):
            if key not in known and key not in seen:
                seen.add(key)
                fresh.append(k)
        if not fresh:
            return thetas[:0], [], bits[:0]
        thetas, bits = thetas[fresh], bits[fresh]
        masks = [masks[k] for k in fresh]
        values, gains = pricing.columns(thetas, masks, bits)
        reduced = prior[thetas] * (values + gains @ alpha) - y[thetas]
        keep = np.flatnonzero(reduced > tol * scale)
        return thetas[keep], [masks[k] for k in keep], bits[keep]

    def exact_pricing(trial: np.ndarray) -> tuple[np.ndarray, list[int], np.ndarray]:
        nonlocal best_upper, center
        masks, bits, tops = pricing.exact(pricing.objectives(trial), states)
        upper = 0.0
        for theta, top in zip(states.tolist(), tops, strict=True):
            counts["oracle"] += 1
            upper += prior[theta] * top
        if upper < best_upper:
            best_upper, center = upper, trial
        return states, masks, bits

    while True:
        if counts["iterations"] == max_iterations:
            raise SolverError(f"column generation: no convergence in {max_iterations} iterations")
        counts["iterations"] += 1
        value, weights, alpha, y = master.solve()
        if best_upper - value <= tol * scale:
            history.append((value, best_upper))
            break
        entering: tuple[np.ndarray, list[int], np.ndarray] = (states[:0], [], np.zeros((0, n)))
        if local_search:
            starts = columns.best_per_state(alpha)[states]
            found = pricing.local(
                pricing.objectives(alpha), states, [columns.masks[k] for k in starts],
                columns.bits[starts],
            )
            counts["local"] += len(states)
            entering = entering_from(states, *found, alpha, y)
        if not entering[1]:
            trial = alpha if center is None else smoothing * center + (1 - smoothing) * alpha
            entering = entering_from(*exact_pricing(trial), alpha, y)
            if not entering[1] and trial is not alpha:
                entering = entering_from(*exact_pricing(alpha), alpha, y)
        history.append((value, best_upper))
        if not entering[1]:
            break
        add(*entering)
    owners, masks = columns.owners[: columns.size].tolist(), columns.masks
    gap = best_upper - value
    if gap > 1e-6 * scale:
        raise SolverError(f"column generation stalled with gap {gap:.3g}", "numerical trouble")
    support: dict[tuple[int, int], float] = {}
    for theta, mask, weight in zip(owners, masks, weights, strict=True):
        if weight > 1e-12:
            support[(theta, mask)] = support.get((theta, mask), 0.0) + float(weight)
    for theta in range(n_states):
        total = sum(p for (t, _), p in support.items() if t == theta)
        for key in [k for k in support if k[0] == theta]:
            support[key] /= total
    moves = restore_action0_constraints(instance, support)
    final = sum(prior[t] * p * instance.sender_value(t, s) for (t, s), p in support.items())
    return ColumnGenerationResult(
        value=float(final),
        upper_bound=float(best_upper),
        support=tuple((t, s, p) for (t, s), p in sorted(support.items())),
        alpha=np.asarray(center, dtype=float),
        iterations=counts["iterations"],
        columns_generated=columns.size - initial,
        oracle_calls=counts["oracle"],
        local_searches=counts["local"],
        gap=float(max(gap, 0.0)),
        repair_moves=moves,
        history=tuple(history),
    )
