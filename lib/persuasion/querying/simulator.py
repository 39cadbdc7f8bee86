"""The AI as a simulator of the receiver, and why it is a threshold oracle.

The talk's slide "AI as receiver simulator": a simulation query asks "if I use
messaging policy ``σ`` and send message ``m``, what would the receiver do?".
Theorem (slides; Harris et al. 2023): a receiver simulator is equivalent to a
threshold-based separation oracle on beliefs.

- Any ``(σ, m)`` is a threshold query: with ``x = σ(m|1)``, ``y = σ(m|0)`` the
  receiver acts iff her belief is at least the *indifference belief*
  ``θ = t y / (t y + (1 - t) x)`` (:func:`indifference_belief`).
- Any threshold ``θ ∈ [0, 1]`` is realized by some ``(σ, m)``: the message with
  ``x ∝ t (1 - θ)`` and ``y ∝ (1 - t) θ`` (:func:`threshold_message`; at
  ``t = 1/2``: ``σ(m|1) = 1 - θ``, ``σ(m|0) = θ``).

:class:`ReceiverSimulator` hides a belief and answers simulation queries; the
simulator computes in exact arithmetic (floats are read as the decimals they print as).
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from ..validation import as_positive_int
from .policy import read_policy
from .receiver_types import HALF, acts, read_belief, read_threshold


def _message(state1: Any, state0: Any) -> tuple[Fraction, Fraction]:
    x, y = read_belief("state1", state1, True), read_belief("state0", state0, True)
    if x == 0 and y == 0:
        raise ValueError("state1 and state0 must not both be zero (a message that is never sent)")
    return x, y


def indifference_belief(state1: Any, state0: Any, threshold: Any = HALF) -> Fraction:
    """The belief ``θ`` at which a receiver is indifferent after a message sent with
    probabilities ``state1 = σ(m|1)`` and ``state0 = σ(m|0)``: she acts iff ``p ≥ θ``."""
    x, y = _message(state1, state0)
    t = read_threshold(threshold, True)
    return t * y / (t * y + (1 - t) * x)


def threshold_message(theta: Any, threshold: Any = HALF) -> tuple[Fraction, Fraction]:
    """A message ``(σ(m|1), σ(m|0))`` whose indifference belief is ``theta``, scaled so
    that its larger probability is one."""
    theta = read_belief("theta", theta, True)
    t = read_threshold(threshold, True)
    x, y = t * (1 - theta), (1 - t) * theta
    scale = max(x, y)
    return x / scale, y / scale


def threshold_policy(theta: Any, threshold: Any = HALF) -> tuple[tuple[Fraction, Fraction], ...]:
    """A two-message policy whose message 0 asks the threshold query ``theta``."""
    x, y = threshold_message(theta, threshold)
    rest = (1 - x, 1 - y)
    return ((x, y), rest) if rest != (0, 0) else ((x, y),)


class ReceiverSimulator:
    """A simulator of a receiver of hidden belief (the AI of the talk).

    ``acts(policy, message)`` answers the simulation query "under ``policy``, after
    ``message``, does the receiver act?"; ``queries`` counts the questions asked.
    """

    def __init__(self, belief: Any, threshold: Any = HALF) -> None:
        self._belief = read_belief("belief", belief, True)
        self._threshold = read_threshold(threshold, True)
        self.queries = 0

    def acts_on(self, state1: Any, state0: Any) -> bool:
        """Does the receiver act on a message sent with these probabilities?"""
        x, y = _message(state1, state0)
        self.queries += 1
        return acts(self._belief, x, y, self._threshold)

    def acts(self, policy: Any, message: Any) -> bool:
        """Does the receiver act on ``message`` (an index) of ``policy`` (a sequence of
        ``(σ(m|1), σ(m|0))`` pairs, each state's probabilities summing to one)?"""
        pairs = read_policy(policy, exact=True)
        m = as_positive_int("message", message, minimum=0)
        if m >= len(pairs):
            raise ValueError(f"message must be an index below {len(pairs)}, got {m}")
        return self.acts_on(*pairs[m])

    def at_least(self, theta: Any) -> bool:
        """The threshold query "is the belief at least ``theta``?", asked as a simulation
        query on :func:`threshold_policy`."""
        return self.acts(threshold_policy(theta, self._threshold), 0)


def ask_thresholds(simulator: ReceiverSimulator, thresholds: Sequence[Any]) -> tuple[bool, ...]:
    """The simulator's answers to the threshold queries ``thresholds``."""
    if not isinstance(simulator, ReceiverSimulator):
        raise ValueError(f"simulator must be a ReceiverSimulator, got {type(simulator).__name__}")
    if isinstance(thresholds, str | bytes) or not isinstance(thresholds, Sequence):
        raise ValueError(f"thresholds must be a sequence of numbers, got {thresholds!r}")
    return tuple(simulator.at_least(theta) for theta in thresholds)

