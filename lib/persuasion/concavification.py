"""Concavification for two states (Kamenica and Gentzkow 2011, Corollary 2).

With two states a belief is the probability ``μ`` of the second state.  The
sender's value of a belief, ``v(μ)``, is her payoff when the receiver
best-responds to ``μ`` (ties in her favour); the optimal value at the prior is
the concave envelope of ``v`` evaluated there.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .model import Instance
from .signals import induced_outcome
from .validation import as_finite_array, check_shape


def value_at_beliefs(sender: Any, receiver: Any, beliefs: Any) -> np.ndarray:
    """``v(μ)`` for each ``μ`` in ``beliefs`` (the probability of state 1 of two).

    ``sender`` and ``receiver`` have shape ``(2, n)``.
    """
    s = as_finite_array("sender", sender, ndim=2)
    r = as_finite_array("receiver", receiver, ndim=2)
    if s.shape[0] != 2:
        raise ValueError(f"sender must have two rows (two states), got shape {s.shape}")
    check_shape("receiver", r, s.shape)
    mus = as_finite_array("beliefs", beliefs, ndim=1)
    if np.any((mus < 0) | (mus > 1)):
        raise ValueError("beliefs must lie in [0, 1]")
    no_information = np.ones((2, 1))
    return np.array(
        [induced_outcome(Instance([1 - mu, mu], s, r), no_information).sender for mu in mus]
    )


def concave_envelope(x: Any, y: Any) -> np.ndarray:
    """The least concave function above the points ``(x_k, y_k)``, evaluated at ``x``.

    ``x`` must be strictly increasing.  Computed as the upper convex hull
    (Andrew's monotone chain) and linear interpolation between its vertices.
    """
    xs = as_finite_array("x", x, ndim=1)
    ys = as_finite_array("y", y, ndim=1)
    check_shape("y", ys, xs.shape)
    if xs.size == 0 or np.any(np.diff(xs) <= 0):
        raise ValueError("x must be non-empty and strictly increasing")
    hull: list[int] = []
    for k in range(xs.size):
        while len(hull) >= 2:
            a, b = hull[-2], hull[-1]
            cross = (xs[b] - xs[a]) * (ys[k] - ys[a]) - (ys[b] - ys[a]) * (xs[k] - xs[a])
            if cross >= 0:  # b lies on or below the chord from a to k
                hull.pop()
            else:
                break
        hull.append(k)
    return np.interp(xs, xs[hull], ys[hull])
