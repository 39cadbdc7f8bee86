"""Signaling schemes with arbitrary signals, and the revelation principle.

A scheme here is any ``(T, K)`` array: row ``θ`` is a distribution over ``K``
signals.  On each signal the receiver forms her posterior and best-responds;
ties are broken in the sender's favour (the convention under which optimal
schemes exist, Kamenica and Gentzkow 2011).  Collapsing the signals that induce
the same action gives a direct scheme with the same value: the revelation
principle that lets the LP of :mod:`persuasion.lp` restrict to recommendations.

The arithmetic is written once and runs on floats or on exact fractions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .model import Instance
from .payments import deviation_table
from .rational import rational, to_fractions
from .validation import as_distribution, as_flag, as_row_distributions


@dataclass(frozen=True)
class Outcome:
    """What a scheme with arbitrary signals induces.

    Attributes
    ----------
    sender, receiver: expected utilities (floats, or SymPy rationals when exact).
    actions: the action the receiver takes on each signal (``-1`` for a signal
        that is never sent).
    direct_scheme: the equivalent direct scheme, shape ``(T, n)``.
    """

    sender: Any
    receiver: Any
    actions: tuple[int, ...]
    direct_scheme: np.ndarray


def _check_scheme(instance: Instance, scheme: Any, exact: bool) -> np.ndarray:
    if exact:
        array = to_fractions("scheme", scheme)
        if array.ndim != 2 or any(sum(row) != 1 for row in array) or (array < 0).any():
            raise ValueError("scheme must be a 2-D array whose rows are exact distributions")
    else:
        array = as_row_distributions("scheme", scheme)
    if array.shape[0] != instance.n_states:
        raise ValueError(
            f"scheme must have one row per state ({instance.n_states}), got shape {array.shape}"
        )
    return array


def induced_outcome(instance: Instance, scheme: Any, exact: bool = False) -> Outcome:
    """The receiver's best response to each signal of ``scheme`` and the resulting values.

    With ``exact=True`` the instance must have rational inputs and the result holds
    SymPy rationals.
    """
    exact = as_flag("exact", exact)
    if not isinstance(instance, Instance):
        raise ValueError(f"instance must be a persuasion.Instance, got {type(instance).__name__}")
    if exact and instance.exact is None:
        raise ValueError("instance must be built from rational inputs for exact=True")
    prior, sender, receiver = (
        instance.exact if exact else (instance.prior, instance.sender, instance.receiver)
    )
    phi = _check_scheme(instance, scheme, exact)
    receiver_table = deviation_table(prior, phi, receiver)  # [signal, action]
    sender_table = deviation_table(prior, phi, sender)
    weight = (phi * prior[:, None]).sum(axis=0)
    actions = []
    n = instance.n_actions
    direct = np.zeros((instance.n_states, n), dtype=phi.dtype) * phi[0, 0]
    sender_value = receiver_value = weight[0] * 0
    for k in range(phi.shape[1]):
        if weight[k] == 0:
            actions.append(-1)
            continue
        best = max(receiver_table[k, j] for j in range(n))
        ties = [j for j in range(n) if receiver_table[k, j] == best]
        action = max(ties, key=lambda j: sender_table[k, j])
        actions.append(int(action))
        direct[:, action] = direct[:, action] + phi[:, k]
        sender_value = sender_value + sender_table[k, action]
        receiver_value = receiver_value + receiver_table[k, action]
    if exact:
        sender_value, receiver_value = rational(sender_value), rational(receiver_value)
    else:
        sender_value, receiver_value = float(sender_value), float(receiver_value)
    return Outcome(sender_value, receiver_value, tuple(actions), direct)


def value_against_types(
    instances: Sequence[Instance], weights: Any, scheme: Any, exact: bool = False
) -> Any:
    """The sender's expected utility from one ``scheme`` used against several receiver
    types, type ``k`` (probability ``weights[k]``) holding the belief ``instances[k].prior``.

    This is the talk's "private signal" setting: the sender does not know which
    belief the buyer holds and commits to one scheme for all of them.
    """
    exact = as_flag("exact", exact)
    if isinstance(instances, Instance):
        instances = [instances]
    if not isinstance(instances, Sequence):
        raise ValueError(f"instances must be a sequence of persuasion.Instance, got {instances!r}")
    if not instances:
        raise ValueError("instances must not be empty")
    if not all(isinstance(inst, Instance) for inst in instances):
        raise ValueError("instances must hold persuasion.Instance objects only")
    if exact:
        w = to_fractions("weights", weights)
        if w.ndim != 1 or sum(w) != 1 or (w < 0).any():
            raise ValueError("weights must be an exact probability vector")
    else:
        w = as_distribution("weights", weights)
    if len(w) != len(instances):
        raise ValueError(
            f"weights must have one entry per instance ({len(instances)}), got {len(w)}"
        )
    values = [induced_outcome(inst, scheme, exact=exact).sender for inst in instances]
    if exact:
        return sum(rational(wk) * v for wk, v in zip(w, values, strict=True))
    return float(np.dot(w, values))
