"""The continuous-bid benchmark of the chapter's first-price auction, in closed form.

The chapter's discrete auction (:func:`~persuasion.games.ai_augmented.first_price_auction`)
has two bidders with values ``v_L < v_H`` drawn independently (``P(v_H) = p``), and each
bidder's AI reports the rival's value correctly with probability ``q``. With *continuous*
bids the Bayes–Nash equilibrium can be written down (Maskin and Riley 2000 for the case
without signals; the signals add one type per value):

* low-value bidders bid ``v_L`` (Bertrand competition among them leaves them nothing);
* a high-value bidder whose AI says "rival low" (type ``H_L``) believes the rival low
  with probability ``λ_L``; one told "rival high" (type ``H_H``) with ``λ_H ≤ λ_L``
  (for ``q ≥ 1/2``). Given that she is high, the rival's AI says "high" with
  probability ``q``, so a high rival is of type ``H_H`` with probability ``q``;
* ``H_L`` types mix on ``[v_L, b_1]`` and ``H_H`` types on ``[b_1, b_2]``, each with
  the distribution that keeps the *other* bidder's types indifferent:
  ``U_L = (v_H − v_L) λ_L``, ``v_H − b_1 = U_L / (λ_L + (1 − λ_L)(1 − q))``,
  ``U_H = (v_H − b_1)(λ_H + (1 − λ_H)(1 − q))``, ``b_2 = v_H − U_H``.

For ``q = 1/2`` (an uninformative AI) this is the equilibrium without AI; for ``q = 1``
the bidders know each other's values and the game is complete-information Bertrand:
a high bidder facing a low one wins at ``v_L``, two high bidders bid ``v_H``. Every
quantity is an exact :class:`fractions.Fraction`. :func:`benchmark_deviation_gain`
checks the equilibrium conditions on any set of bids, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..rational import to_fraction
from ..validation import as_real

__all__ = [
    "ContinuousAuctionBenchmark",
    "continuous_first_price",
    "benchmark_deviation_gain",
]


def _fraction(name: str, value: Any) -> Fraction:
    """A real, finite scalar (validation layer), read exactly."""
    as_real(name, value)
    try:
        return to_fraction(value)
    except ValueError as err:
        raise ValueError(f"{name} must be a rational number ({err})") from None


@dataclass(frozen=True)
class ContinuousAuctionBenchmark:
    """The continuous-bid equilibrium of :func:`continuous_first_price`.

    ``values = (v_L, v_H)``, ``prob_high = p``, ``accuracy = q``. ``belief_low[k]`` is
    ``λ`` of the high type told "rival low" (``k = 0``) or "rival high" (``k = 1``);
    ``high_payoff[k]`` its interim payoff ``U``; ``cutoff = b_1``, ``top_bid = b_2``.
    ``surplus`` is each bidder's ex-ante expected surplus, ``welfare`` the expected
    value of the winner and ``revenue = welfare − 2 · surplus``.
    """

    values: tuple[Fraction, Fraction]
    prob_high: Fraction
    accuracy: Fraction
    belief_low: tuple[Fraction, Fraction]
    high_payoff: tuple[Fraction, Fraction]
    cutoff: Fraction
    top_bid: Fraction
    surplus: Fraction
    welfare: Fraction
    revenue: Fraction

    def rival_high_cdf(self, bid: Any) -> Fraction:
        """``x(b)``: probability that a *high* rival bids at most ``b`` (``v_L ≤ b``)."""
        b = _fraction("bid", bid)
        vl, vh = self.values
        q = self.accuracy
        if b < vl:
            return Fraction(0)
        if b >= self.top_bid:
            return Fraction(1)
        lam_l, lam_h = self.belief_low
        if q == 1:  # H_L bids v_L (atom), H_H bids v_H: rival high is H_H w.p. 1
            return Fraction(0)
        if b <= self.cutoff:
            return (self.high_payoff[0] / (vh - b) - lam_l) / (1 - lam_l)
        return (self.high_payoff[1] / (vh - b) - lam_h) / (1 - lam_h)

    def payoff(self, signal_high: bool, bid: Any) -> Fraction:
        """Interim payoff of a high bidder (told "rival high" iff ``signal_high``) who bids
        ``bid > v_L`` against the equilibrium (low rivals bid ``v_L`` and lose)."""
        b = _fraction("bid", bid)
        vl, vh = self.values
        if not b > vl:
            raise ValueError(f"bid must exceed the low value {vl}, got {bid}")
        lam = self.belief_low[1 if signal_high else 0]
        return (vh - b) * (lam + (1 - lam) * self.rival_high_cdf(b))


def continuous_first_price(
    accuracy: Any = None,
    values: tuple[Any, Any] = (1, 3),
    prob_high: Any = Fraction(1, 2),
) -> ContinuousAuctionBenchmark:
    """The continuous-bid Bayes–Nash equilibrium described in the module docstring.

    ``accuracy``: ``q ∈ [1/2, 1]`` for both bidders' AIs, or ``None`` for no AI (the
    same as ``q = 1/2``). ``values = (v_L, v_H)`` with ``0 ≤ v_L < v_H``; ``prob_high``
    in ``(0, 1)``. With the chapter's numbers the surplus of each bidder is
    ``q(2 − q) / (2(1 − q + q²))``: ``1/2`` without AI and with a perfect AI (revenue
    equivalence), more in between. Malformed input raises ``ValueError``.
    """
    q = Fraction(1, 2) if accuracy is None else _fraction("accuracy", accuracy)
    if not Fraction(1, 2) <= q <= 1:
        raise ValueError(f"accuracy must lie in [1/2, 1] (or be None), got {accuracy}")
    if len(values) != 2:
        raise ValueError(f"values must be a pair (v_L, v_H), got {values!r}")
    vl, vh = (_fraction("values", v) for v in values)
    if not 0 <= vl < vh:
        raise ValueError(f"values must satisfy 0 <= v_L < v_H, got {values!r}")
    p = _fraction("prob_high", prob_high)
    if not 0 < p < 1:
        raise ValueError(f"prob_high must lie in (0, 1), got {prob_high}")
    pl = 1 - p
    lam_l = pl * q / (pl * q + p * (1 - q))  # told "rival low"
    lam_h = pl * (1 - q) / (pl * (1 - q) + p * q)  # told "rival high"
    u_l = (vh - vl) * lam_l
    if q == 1:
        cutoff, u_h, top = vl, Fraction(0), vh
    else:
        cutoff = vh - u_l / (lam_l + (1 - lam_l) * (1 - q))
        u_h = (vh - cutoff) * (lam_h + (1 - lam_h) * (1 - q))
        top = vh - u_h
    told_low = pl * q + p * (1 - q)  # P(AI says "rival low"), whatever one's own value
    surplus = p * (told_low * u_l + (1 - told_low) * u_h)
    welfare = vh * (1 - pl * pl) + vl * pl * pl
    return ContinuousAuctionBenchmark(
        values=(vl, vh), prob_high=p, accuracy=q, belief_low=(lam_l, lam_h),
        high_payoff=(u_l, u_h), cutoff=cutoff, top_bid=top, surplus=surplus,
        welfare=welfare, revenue=welfare - 2 * surplus,
    )


def benchmark_deviation_gain(bench: ContinuousAuctionBenchmark, bids: Any) -> Fraction:
    """Largest gain, over the given bids ``b > v_L``, of a high type deviating from the
    benchmark to ``b`` (exact). Non-positive means no profitable deviation on ``bids``
    (low types cannot gain: any bid above ``v_L`` that wins costs them money)."""
    grid = [_fraction("bids", b) for b in bids]
    vl = bench.values[0]
    if not grid or any(not b > vl for b in grid):
        raise ValueError(f"bids must be non-empty and exceed the low value {vl}")
    gain = None
    for k, signal_high in enumerate((False, True)):
        for b in grid:
            g = bench.payoff(signal_high, b) - bench.high_payoff[k]
            gain = g if gain is None else max(gain, g)
    return gain
