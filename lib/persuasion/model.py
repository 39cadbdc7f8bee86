"""The single-receiver persuasion instance (Section 2 of Dughmi et al., 2019).

A state of nature ``θ`` is drawn from ``prior``; if the receiver takes action
``i`` in state ``θ`` the sender gets ``sender[θ, i] = s_θ(i)`` and the receiver
``receiver[θ, i] = r_θ(i)``.

The *action types* model of Section 2 is built by :meth:`Instance.from_types`
(i.i.d. types, state = type profile) and :meth:`Instance.from_profiles` (any
prior over type profiles, for example a symmetric one).
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from .rational import fractions_or_none
from .validation import (
    as_distribution,
    as_finite_array,
    as_labels,
    as_positive_int,
    as_real,
    check_shape,
    check_size,
)

#: The largest number of states (type profiles) the action-types constructors enumerate:
#: beyond it the full LP does not fit in memory; :func:`persuasion.iid_optimum` solves
#: i.i.d. instances of any size through the reduced form.
MAX_PROFILES = 200_000

#: The four payment models of Section 2: zero, non-negative, budget-balanced, arbitrary.
PAYMENT_MODELS = ("none", "nonnegative", "budget_balanced", "arbitrary")


def check_payment_model(payments: Any) -> str:
    """Return ``payments`` if it names one of :data:`PAYMENT_MODELS`, else raise ``ValueError``."""
    if not isinstance(payments, str) or payments not in PAYMENT_MODELS:
        raise ValueError(f"payments must be one of {PAYMENT_MODELS}, got {payments!r}")
    return payments


@dataclass(frozen=True, eq=False)
class Instance:
    """A Bayesian persuasion instance with one receiver.

    Parameters
    ----------
    prior:
        shape ``(T,)``, the prior ``μ`` over the ``T`` states; non-negative, sums to one.
    sender, receiver:
        shape ``(T, n)``, payoffs ``s_θ(i)`` and ``r_θ(i)`` for ``n ≥ 2`` actions.
    state_labels, action_labels:
        optional names used in tables and figures.

    ``types`` is set by the action-types constructors: ``types[θ]`` is the type
    profile of state ``θ``.  ``exact`` holds the inputs as fractions when all of
    them are rational (see :func:`persuasion.exact.evaluate_exact`), and
    ``exact_values`` the exact numbers every exact routine computes with.  Both
    are built lazily, once per instance, when an exact routine first asks: a
    large float instance never pays for fractions it does not use.
    """

    prior: np.ndarray
    sender: np.ndarray
    receiver: np.ndarray
    state_labels: tuple[str, ...] | None = None
    action_labels: tuple[str, ...] | None = None
    types: np.ndarray | None = field(default=None, repr=False)
    _inputs: tuple[Any, Any, Any] = field(default=None, repr=False)

    def __init__(
        self,
        prior: Any,
        sender: Any,
        receiver: Any,
        *,
        state_labels: Any = None,
        action_labels: Any = None,
        types: Any = None,
    ) -> None:
        prior_a = as_distribution("prior", prior)
        sender_a = np.array(as_finite_array("sender", sender, ndim=2))  # a copy we own
        receiver_a = np.array(as_finite_array("receiver", receiver, ndim=2))
        n_states = prior_a.shape[0]
        if sender_a.shape[0] != n_states:
            raise ValueError(
                f"sender must have one row per state ({n_states}), got shape {sender_a.shape}"
            )
        check_shape("receiver", receiver_a, sender_a.shape)
        if sender_a.shape[1] < 2:
            raise ValueError(
                f"sender must have at least two actions (columns), got {sender_a.shape[1]}"
            )
        n_actions = sender_a.shape[1]
        state_labels = as_labels("state_labels", state_labels, n_states)
        action_labels = as_labels("action_labels", action_labels, n_actions)
        if types is not None:
            table = as_finite_array("types", types, ndim=2)
            check_shape("types", table, (n_states, n_actions))
            if np.any(table < 0) or np.any(table != np.round(table)):
                raise ValueError("types must hold non-negative integers (type indices)")
            types = table.astype(int)
        inputs = tuple(
            _exact_source(raw, floats)
            for raw, floats in ((prior, prior_a), (sender, sender_a), (receiver, receiver_a))
        )
        for name, value in (
            ("prior", prior_a),
            ("sender", sender_a),
            ("receiver", receiver_a),
            ("state_labels", state_labels),
            ("action_labels", action_labels),
            ("types", types),
            ("_inputs", inputs),
        ):
            object.__setattr__(self, name, value)
        for array in (prior_a, sender_a, receiver_a):
            array.setflags(write=False)

    @functools.cached_property
    def exact(self) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """Prior, sender and receiver payoffs as Fraction object arrays when every input
        is rational and the prior sums to exactly one; ``None`` otherwise.  A float
        reads as the shortest decimal that prints as it (``0.3`` is ``3/10``)."""
        parts = tuple(fractions_or_none(raw) for raw in self._inputs)
        if any(part is None for part in parts) or sum(parts[0]) != 1:
            return None
        return parts  # type: ignore[return-value]

    @functools.cached_property
    def exact_values(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The numbers exact routines compute with, as Fraction object arrays.

        :attr:`exact` when the inputs are rational; otherwise the exact binary values
        of the floats, with the prior rescaled to sum to exactly one (a relative change
        of the order of the float resolution).
        """
        if self.exact is not None:
            return self.exact
        prior = np.array([Fraction(float(x)) for x in self.prior], dtype=object)
        prior = prior / sum(prior)
        to_frac = np.vectorize(lambda x: Fraction(float(x)), otypes=[object])
        return prior, to_frac(self.sender), to_frac(self.receiver)

    @property
    def n_states(self) -> int:
        """Number of states ``T``."""
        return int(self.prior.shape[0])

    @property
    def n_actions(self) -> int:
        """Number of actions ``n``."""
        return int(self.sender.shape[1])

    # ------------------------------------------------------------------ action types
    @classmethod
    def from_profiles(
        cls,
        profile_prior: Any,
        sender_by_type: Any,
        receiver_by_type: Any,
    ) -> Instance:
        """Action-types instance with any prior over type profiles (Section 2).

        ``profile_prior`` has shape ``(m,) * n``: entry ``[t_1, ..., t_n]`` is the
        probability that action ``i`` has type ``t_i``.  ``sender_by_type`` and
        ``receiver_by_type`` give ``ξ_t`` and ``ρ_t``: shape ``(m,)`` (the same
        for every action) or ``(n, m)`` (``ξ^i_t`` per action).  States are the
        type profiles in lexicographic order; states of probability zero are kept
        so that ``types`` lists every profile.
        """
        as_finite_array("profile_prior", profile_prior)
        profile = np.asarray(profile_prior, dtype=object)
        n_actions = profile.ndim
        if n_actions < 2:
            raise ValueError(
                f"profile_prior must have one axis per action (at least 2), got {n_actions}"
            )
        n_types = profile.shape[0]
        if any(size != n_types for size in profile.shape):
            raise ValueError(f"profile_prior must have shape (m,)*n, got {profile.shape}")
        check_size(
            "profile_prior",
            n_types**n_actions,
            MAX_PROFILES,
            "the state space has that many type profiles; for i.i.d. types use "
            "persuasion.iid_optimum, which never enumerates them",
        )
        xi = _types_table("sender_by_type", sender_by_type, n_actions, n_types)
        rho = _types_table("receiver_by_type", receiver_by_type, n_actions, n_types)
        profiles = np.array(list(itertools.product(range(n_types), repeat=n_actions)), dtype=int)
        prior = [profile[tuple(p)] for p in profiles]
        columns = np.arange(n_actions)
        sender = [[xi[i][p[i]] for i in columns] for p in profiles]
        receiver = [[rho[i][p[i]] for i in columns] for p in profiles]
        return cls(prior, sender, receiver, types=profiles)

    @classmethod
    def from_types(
        cls,
        type_prior: Any,
        sender_by_type: Any,
        receiver_by_type: Any,
        n_actions: int,
    ) -> Instance:
        """Action-types instance with i.i.d. types (Section 2): ``m**n_actions`` states.

        ``type_prior`` has shape ``(m,)``; the probability of a profile is the
        product of its types' probabilities (computed exactly when the inputs are
        rational).
        """
        n_actions = as_positive_int("n_actions", n_actions, minimum=2)
        n_types = as_distribution("type_prior", type_prior).shape[0]
        check_size(
            "n_actions",
            n_types**n_actions,
            MAX_PROFILES,
            f"{n_types}**{n_actions} type profiles would be states of the full LP; "
            "use persuasion.iid_optimum, which solves i.i.d. instances of any size "
            "through the reduced form",
        )
        exact = fractions_or_none(type_prior)
        base = exact if exact is not None else np.asarray(type_prior, dtype=float)
        profile = base
        for _ in range(n_actions - 1):
            profile = np.multiply.outer(profile, base)
        return cls.from_profiles(profile, sender_by_type, receiver_by_type)

    def is_symmetric(self, tol: float = 1e-12) -> bool:
        """Whether this is an action-types instance with a prior invariant under
        permutations of the actions and the same payoffs per type for every
        action (Definition 3's setting).  Instances without types are not.
        The answer at the default tolerance is computed once per instance."""
        tol = as_real("tol", tol, low=0)
        if tol == 1e-12:
            return self._symmetric_default
        return self._check_symmetric(tol)

    @functools.cached_property
    def _symmetric_default(self) -> bool:
        return self._check_symmetric(1e-12)

    def _check_symmetric(self, tol: float) -> bool:
        if self.types is None:
            return False
        n, m = self.n_actions, int(self.types.max()) + 1
        radix = m ** np.arange(n - 1, -1, -1)
        if not np.array_equal(self.types @ radix, np.arange(self.n_states)):
            return False
        # a transposition and an n-cycle generate every permutation of the actions
        for perm in (np.r_[1, 0, np.arange(2, n)], np.r_[np.arange(1, n), 0]):
            image = self.types[:, perm] @ radix
            if np.max(np.abs(self.prior - self.prior[image])) > tol:
                return False
            for payoff in (self.sender, self.receiver):
                if np.max(np.abs(payoff[:, perm] - payoff[image])) > tol:
                    return False
        return True


def _exact_source(raw: Any, floats: np.ndarray) -> Any:
    """What :attr:`Instance.exact` is read from later: the validated float copy when the
    input was a numeric NumPy array (its floats are the exact values meant), else a
    private object copy of the input (Fractions, ints, SymPy rationals, strings)."""
    if isinstance(raw, np.ndarray) and raw.dtype.kind in "fiu":
        return floats
    return np.array(raw, dtype=object)


def _types_table(name: str, value: Any, n_actions: int, n_types: int) -> np.ndarray:
    """Payoff per (action, type) as an object array of shape ``(n, m)``."""
    as_finite_array(name, value)
    table = np.asarray(value, dtype=object)
    if table.ndim == 1:
        table = np.array([list(table)] * n_actions, dtype=object)
    if table.shape != (n_actions, n_types):
        raise ValueError(
            f"{name} must have shape ({n_types},) or ({n_actions}, {n_types}), got {table.shape}"
        )
    return table

