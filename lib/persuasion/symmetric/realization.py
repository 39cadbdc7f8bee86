"""Realizing a symmetric reduced form as a scheme, without enumerating states.

A reduced form that satisfies Border's conditions (:mod:`persuasion.symmetric.border`) is
a lottery over *ordered partitions* of the types: rank the types in blocks and
recommend, uniformly, one of the actions whose type lies in the highest block
present in the profile.  :func:`realize` finds the lottery; a recommendation for
one type profile then costs ``O(n m)``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..rational import fractions_or_none
from ..validation import (
    as_distribution,
    as_finite_array,
    as_flag,
    as_generator,
    as_positive_int,
    as_real,
)
from .border import FLOAT_TOL, border_violations, chord_slope


@dataclass(frozen=True, eq=False)
class Realization:
    """A symmetric scheme given as a lottery over ordered partitions of the types.

    Component ``c`` has probability ``weights[c]`` and ranks the types into
    blocks (``ranks[c, t]``, 0 = highest); on a type profile it recommends an
    action chosen uniformly among those whose type lies in the highest block
    present.  Types of probability zero sit in a last block of their own.
    ``exact`` is set when the weights are Fractions.
    """

    n_actions: int
    type_prior: np.ndarray
    weights: tuple[Any, ...]
    ranks: np.ndarray
    exact: bool = False

    def _check_profiles(self, profiles: Any) -> np.ndarray:
        array = np.asarray(profiles)
        if array.ndim == 1:
            array = array[None, :]
        if array.ndim != 2 or array.shape[1] != self.n_actions:
            raise ValueError(
                f"profile must hold one type per action ({self.n_actions}), got shape "
                f"{np.shape(profiles)}"
            )
        if not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"profile must hold integer types, got dtype {array.dtype}")
        if array.size and (array.min() < 0 or array.max() >= self.ranks.shape[1]):
            raise ValueError(f"profile types must lie in 0..{self.ranks.shape[1] - 1}")
        return array.astype(int)

    def _top_masks(self, profiles: np.ndarray) -> np.ndarray:
        """``mask[c, s, i]``: action ``i`` is in the highest block present under component ``c``."""
        ranks = self.ranks[:, profiles]  # (C, N, n)
        return ranks == ranks.min(axis=2, keepdims=True)

    def scheme_on(self, profiles: Any, exact: bool = False) -> np.ndarray:
        """The recommendation distribution on each profile: ``(N, n)`` for ``(N, n)`` profiles.

        Floats, or Fractions (object array) if ``exact`` (requires exact weights).
        """
        exact = as_flag("exact", exact)
        profiles = self._check_profiles(profiles)
        masks = self._top_masks(profiles)
        if exact:
            if not self.exact:
                raise ValueError("exact requires a realization with rational weights")
            counts = masks.sum(axis=2)
            out = np.full(profiles.shape, Fraction(0), dtype=object)
            for c, w in enumerate(self.weights):
                share = np.array([w / int(k) for k in counts[c]], dtype=object)
                out = out + np.where(masks[c], share[:, None], Fraction(0))
            return out
        weights = np.array([float(w) for w in self.weights])
        uniform = masks / masks.sum(axis=2, keepdims=True)
        return np.tensordot(weights, uniform, axes=1)

    def recommendation(self, profile: Any, exact: bool = False) -> np.ndarray:
        """The recommendation distribution ``φ_θ`` on one type profile ``θ`` (shape ``(n,)``)."""
        array = np.asarray(profile)
        if array.ndim != 1:
            raise ValueError(f"profile must be one type per action, got shape {array.shape}")
        return self.scheme_on(array[None, :], exact=exact)[0]

    def sample_recommendations(self, profiles: Any, rng: Any) -> np.ndarray:
        """One sampled recommended action per profile: draw a component, then a
        uniform action in the highest block present."""
        profiles = self._check_profiles(profiles)
        generator = as_generator("rng", rng)
        weights = np.array([float(w) for w in self.weights])
        component = generator.choice(
            len(weights), size=profiles.shape[0], p=weights / weights.sum()
        )
        ranks = self.ranks[component[:, None], profiles]  # (N, n)
        top = ranks == ranks.min(axis=1, keepdims=True)
        keys = np.where(top, generator.random(profiles.shape), -1.0)
        return np.argmax(keys, axis=1)

    def sample_recommendation(self, profile: Any, rng: Any) -> int:
        """A sampled recommended action for one type profile."""
        array = np.asarray(profile)
        if array.ndim != 1:
            raise ValueError(f"profile must be one type per action, got shape {array.shape}")
        return int(self.sample_recommendations(array[None, :], rng)[0])

    def sample_profiles(self, size: int, rng: Any) -> np.ndarray:
        """``size`` i.i.d. type profiles, shape ``(size, n)``."""
        size = as_positive_int("size", size)
        generator = as_generator("rng", rng)
        prior = np.asarray(self.type_prior, dtype=float)
        return generator.choice(prior.size, size=(size, self.n_actions), p=prior / prior.sum())

    def reduced_form(self) -> np.ndarray:
        """The reduced form ``q`` this scheme implements, in closed form (no states).

        Under an ordered partition, the recommended type lies in the blocks up
        to and including ``B`` with probability ``1 − (1 − p(blocks ≤ B))^n``;
        block ``B`` splits its share in proportion to ``p_t``.  Fractions if exact.
        """
        prior = list(self.type_prior)
        zero = prior[0] * 0
        n = self.n_actions
        q = [zero] * len(prior)
        for w, ranks in zip(self.weights, self.ranks, strict=True):
            below = zero
            for block in sorted(set(ranks.tolist())):
                members = [t for t in range(len(prior)) if ranks[t] == block]
                mass = sum((prior[t] for t in members), zero)
                if mass == 0:
                    continue
                slope = chord_slope(below, mass, n)
                for t in members:
                    q[t] += w * slope * prior[t] / n
                below += mass
        return np.array(q, dtype=object if self.exact else float)


def priority_realization(type_prior: Any, priority: Any, n_actions: int) -> Realization:
    """The ordered-partition scheme "recommend an action of highest ``priority``, ties uniform".

    With ``priority[t] = ξ_t + w ρ_t`` this is the scheme ``argmax s + w·r``
    of Definition 4 (uniform ties) on i.i.d. types; its reduced form is
    :meth:`Realization.reduced_form`, computed without states (exact for
    rational inputs).
    """
    n = as_positive_int("n_actions", n_actions, minimum=2)
    as_distribution("type_prior", type_prior)
    scores = as_finite_array("priority", priority, ndim=1)
    if scores.shape[0] != len(type_prior):
        raise ValueError(f"priority must have shape ({len(type_prior)},), got {scores.shape}")
    prior_e, priority_e = fractions_or_none(type_prior), fractions_or_none(priority)
    exact = prior_e is not None and priority_e is not None and sum(prior_e) == 1
    keys = list(priority_e) if exact else list(scores)
    levels = sorted(set(keys), reverse=True)
    ranks = np.array([[levels.index(v) for v in keys]], dtype=int)
    prior_v = np.array(list(prior_e), dtype=object) if exact else np.asarray(type_prior, float)
    return Realization(n, prior_v, (Fraction(1) if exact else 1.0,), ranks, exact)


def _decompose(prior: list[Any], y: list[Any], n: int, tol: Any) -> list[tuple[Any, list]]:
    """Write a Border-feasible ``y`` as a lottery over ordered partitions.

    Sort the types by ``x_t = y_t / p_t`` (decreasing): ``h(P) = y(prefix)`` is
    a concave piecewise-linear curve below ``g(P) = 1 − (1 − P)^n`` over the
    prefix probabilities.  An ordered partition with cuts ``C`` gives the chord
    interpolation ``v`` of ``g`` at ``C``.  Take ``C`` = the kinks of ``h``
    (where ``x`` drops); then ``h ≤ v``, and ``h' = (1 + β)h − βv`` stays
    concave and below ``g`` up to the first ``β`` at which a kink of ``h'``
    vanishes.  So ``h = (h' + βv)/(1 + β)`` with fewer kinks: at most ``m``
    components, all ordered consistently with ``x`` (a chain of coarsenings).
    Returns ``[(weight, blocks), ...]`` with blocks as lists of positions of
    ``prior``.
    """
    k = len(prior)
    order = sorted(range(k), key=lambda t: (-(y[t] / prior[t]), t))
    probs = [prior[t] for t in order]
    cum = [prior[0] * 0]
    for p in probs:
        cum.append(cum[-1] + p)
    cum[-1] = cum[-1] * 0 + 1
    x = [y[t] / prior[t] for t in order]
    remaining = prior[0] * 0 + 1
    out = []
    while True:
        cuts = [j for j in range(1, k) if x[j - 1] - x[j] > tol]
        bounds = [0, *cuts, k]
        chord = []
        for a, b in itertools.pairwise(bounds):
            mass = sum(probs[a:b], probs[0] * 0)
            chord += [chord_slope(cum[a], mass, n)] * (b - a)
        blocks = [[order[j] for j in range(a, b)] for a, b in itertools.pairwise(bounds)]
        steps = [
            (x[j - 1] - x[j]) / ((chord[j - 1] - chord[j]) - (x[j - 1] - x[j]))
            for j in cuts
            if (chord[j - 1] - chord[j]) - (x[j - 1] - x[j]) > tol
        ]
        if not cuts or not steps or max(abs(a - b) for a, b in zip(x, chord, strict=True)) <= tol:
            out.append((remaining, blocks))
            return out
        beta = min(steps)
        out.append((remaining * beta / (1 + beta), blocks))
        remaining = remaining / (1 + beta)
        x = [(1 + beta) * a - beta * b for a, b in zip(x, chord, strict=True)]


#: Largest float tolerance :func:`realize` accepts: a looser one would accept reduced
#: forms that no scheme realizes.
MAX_TOL = 1e-3


def _has_float(value: Any) -> bool:
    """Whether some entry of ``value`` is a float (read approximately, not as a decimal)."""
    array = np.asarray(value, dtype=object)
    return any(isinstance(v, float | np.floating) for v in array.ravel())


def realize(
    type_prior: Any,
    reduced_form: Any,
    n_actions: int,
    *,
    tol: float = FLOAT_TOL,
    exact: bool | None = None,
) -> Realization:
    """A symmetric scheme implementing the reduced form ``q`` (Border's theorem, constructively).

    ``reduced_form[t] = q_t`` must satisfy ``n Σ_t q_t = 1`` and Border's
    constraints ``n q(S) ≤ 1 − (1 − p(S))^n``; otherwise ``ValueError``.
    ``exact=None`` (default) runs in exact arithmetic (Fractions) when no input entry
    is a float (ints, Fractions, SymPy rationals) and the sums are exact, and in
    floats with tolerance ``tol`` (at most :data:`MAX_TOL`) otherwise: a reduced form
    computed in floating point is checked with a float tolerance even when its
    decimal values happen to sum to exactly ``1/n``.  ``exact=True`` reads floats
    as the decimals they print as and requires exact sums; ``exact=False`` forces floats.
    """
    n = as_positive_int("n_actions", n_actions, minimum=2)
    prior = as_distribution("type_prior", type_prior)
    q = as_finite_array("reduced_form", reduced_form, ndim=1)
    tol = as_real("tol", tol, low=0, high=MAX_TOL)
    if exact is not None:
        exact = as_flag("exact", exact)
    if q.shape != prior.shape:
        raise ValueError(f"reduced_form must have shape {prior.shape}, got {q.shape}")
    prior_e, q_e = fractions_or_none(type_prior), fractions_or_none(reduced_form)
    readable = prior_e is not None and q_e is not None and sum(prior_e) == 1 and n * sum(q_e) == 1
    if exact is True and not readable:
        raise ValueError(
            "exact: type_prior and reduced_form must be rational with sum(type_prior) = 1 "
            "and n_actions·sum(reduced_form) = 1 exactly"
        )
    if exact is None:
        exact = readable and not (_has_float(type_prior) or _has_float(reduced_form))
    if exact:
        prior_v, y_v, tol_v = list(prior_e), [n * v for v in q_e], Fraction(0)
    else:
        prior_v, y_v, tol_v = [float(v) for v in prior], [float(n * v) for v in q], tol
    if any(v < -tol_v for v in y_v):
        raise ValueError("reduced_form must be non-negative")
    if abs(sum(y_v) - 1) > tol_v:
        raise ValueError(f"reduced_form must sum to 1/n_actions (n·Σq = {float(sum(y_v)):.12g})")
    support = [t for t in range(len(prior_v)) if prior_v[t] > 0]
    if any(y_v[t] > tol_v for t in range(len(prior_v)) if prior_v[t] == 0):
        raise ValueError("reduced_form must be zero on types of probability zero")
    sup_prior = [prior_v[t] for t in support]
    sup_y = [max(y_v[t], 0 * y_v[t]) for t in support]
    violated = border_violations(sup_prior, sup_y, n, tol_v)
    if violated:
        subset, amount = violated[0]
        raise ValueError(
            "reduced_form violates Border's condition on the types "
            f"{[support[t] for t in subset]} (by {float(amount):.3g}): no scheme realizes it"
        )
    components = _decompose(sup_prior, sup_y, n, tol_v)
    m = len(prior_v)
    ranks = np.full((len(components), m), 0, dtype=int)
    for c, (_, blocks) in enumerate(components):
        ranks[c, :] = len(blocks)
        for b, block in enumerate(blocks):
            ranks[c, [support[t] for t in block]] = b
    weights = tuple(w for w, _ in components)
    if not exact:
        weights = tuple(float(w) for w in weights)
    type_prior_v = np.array(prior_v, dtype=object if exact else float)
    return Realization(n, type_prior_v, weights, ranks, exact)


