"""Cheap talk: what the sender gets without commitment.

In a cheap-talk game (Crawford and Sobel, 1982) the sender observes the state
and sends a message with no commitment; the receiver best-responds to her
posterior.  Babbling (messages carry no information, the receiver plays a best
response to the prior) is always an equilibrium; it is what the disagreement
point π0 of information bargaining pays when the receiver's best response to the
prior is unique (with a tie, babbling equilibria pay each tied action's pair,
the disagreement point is the sender-preferred one).

:func:`cheap_talk_equilibria` enumerates the **pure-strategy partitional**
equilibria: the states of positive probability are partitioned into messages,
the receiver takes a best response to each message's posterior (every tie
enumerated), and in every state the sender prefers the action of her own
message to the action of any other message.  Mixed-strategy equilibria are not
enumerated, so the sender's best cheap-talk payoff reported here is a lower
bound on the best over all equilibria (it is exact when every equilibrium is
payoff-equivalent to a pure one, as in the base game, where the sender always
prefers the same action and only babbling survives).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction

from ..model import Instance
from ..validation import as_positive_int
from .outcomes import check_instance
from .weighted_lp import exact_data

#: Refuse to enumerate more receiver tie-breaking profiles than this.
MAX_PROFILES = 200_000


@dataclass(frozen=True)
class CheapTalkEquilibrium:
    """A pure partitional cheap-talk equilibrium: message cells (tuples of states; cells
    inducing the same action merged), the receiver's action on each, and the exact
    expected payoffs."""

    cells: tuple[tuple[int, ...], ...]
    actions: tuple[int, ...]
    sender: Fraction
    receiver: Fraction

    @property
    def point(self) -> tuple[Fraction, Fraction]:
        return (self.sender, self.receiver)

    @property
    def babbling(self) -> bool:
        return len(self.cells) == 1


def _partitions(items: list[int]) -> Iterator[list[list[int]]]:
    """All set partitions of ``items`` (restricted growth strings)."""
    if not items:
        yield []
        return
    first, rest = items[0], items[1:]
    for part in _partitions(rest):
        yield [[first], *part]
        for k in range(len(part)):
            yield [*part[:k], [first, *part[k]], *part[k + 1 :]]


def cheap_talk_equilibria(instance: Instance, max_states: int = 8) -> list[CheapTalkEquilibrium]:
    """All pure partitional cheap-talk equilibria (module docstring), sorted by the
    sender's payoff (descending), then the receiver's; ``ValueError`` if the
    instance has more than ``max_states`` states of positive probability."""
    check_instance(instance)
    max_states = as_positive_int("max_states", max_states)
    data = exact_data(instance)
    T, n = data.n_states, data.n_actions
    support = [t for t in range(T) if data.prior[t] > 0]
    if len(support) > max_states:
        raise ValueError(f"instance has {len(support)} states of positive probability; "
                         f"max_states is {max_states}")
    found = {}
    profiles = 0
    for cells in _partitions(support):
        best_sets = []
        for cell in cells:
            value = [sum(data.prior[t] * data.receiver[t][a] for t in cell) for a in range(n)]
            top = max(value)
            best_sets.append([a for a in range(n) if value[a] == top])
        for actions in itertools.product(*best_sets):
            profiles += 1
            if profiles > MAX_PROFILES:
                raise ValueError(f"instance has too many receiver tie-breaking profiles "
                                 f"(more than {MAX_PROFILES})")
            used = set(actions)
            if all(data.sender[t][a] >= max(data.sender[t][b] for b in used)
                   for cell, a in zip(cells, actions, strict=True) for t in cell):
                us = sum(data.prior[t] * data.sender[t][a]
                         for cell, a in zip(cells, actions, strict=True) for t in cell)
                ur = sum(data.prior[t] * data.receiver[t][a]
                         for cell, a in zip(cells, actions, strict=True) for t in cell)
                # one equilibrium per outcome (action in each state), with the coarsest cells
                merged: dict[int, list[int]] = {}
                for cell, a in zip(cells, actions, strict=True):
                    merged.setdefault(a, []).extend(cell)
                blocks = sorted((tuple(sorted(c)), a) for a, c in merged.items())
                key = tuple(blocks)
                found[key] = CheapTalkEquilibrium(tuple(c for c, _ in blocks),
                                                  tuple(a for _, a in blocks), us, ur)
    return sorted(found.values(), key=lambda e: (-e.sender, -e.receiver, len(e.cells), e.cells))


def babbling_points(instance: Instance) -> list[tuple[Fraction, Fraction]]:
    """Payoffs of the babbling equilibria: one per best response to the prior
    (sorted, distinct)."""
    check_instance(instance)
    data = exact_data(instance)
    T, n = data.n_states, data.n_actions
    value = [sum(data.prior[t] * data.receiver[t][a] for t in range(T)) for a in range(n)]
    top = max(value)
    points = {(sum(data.prior[t] * data.sender[t][a] for t in range(T)), value[a])
              for a in range(n) if value[a] == top}
    return sorted(points)
