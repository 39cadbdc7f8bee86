"""AI-augmented games: the slides' primitives and their three examples.

Slides "AI in economic settings" (Immorlica, *Theoretical Models of Generative AI in
Economic Environments*; Immorlica, Lucier and Slivkins 2024). **Primitives**: nature
draws a state ``ω`` from a known prior; human ``i`` has an action set ``A_i`` and an
information set ``I_i``; AI agent ``i`` has its own information set ``J_i``; human ``i``
and agent ``i`` communicate, producing a transcript ``τ_i``; human ``i`` receives
``u_i(a, ω) − c(τ_i)``. Information sets are modelled as signals: a row-stochastic matrix
``P[ω, s]`` (a partition is a 0/1 matrix). The communication protocol implemented here
is the one of the slides' examples: the AI reports its signal truthfully (its payoff is
aligned with reporting the state), at a cost ``c`` to the human who consults it.

Examples (all exact, with :class:`fractions.Fraction`):

* :func:`weather_battle_of_sexes` — battle of the sexes in which football pays
  ``(9w, 10w)`` and the AI knows the weather ``w ∈ {0, 2}``;
* :func:`email_game` — refine (payoff 1) or ask an AI that is right with probability 0.9
  at cost 1 (payoff ``0.9·5 + 0.1·(−10) − 1 = 2.5``), and :func:`email_game_welfare`,
  which adds the recipient who bears an externality when the inferior email is sent
  (the slides' example, *not* Rubinstein's 1989 electronic mail game);
* :func:`first_price_auction` — a discrete first-price auction in which each bidder's AI
  holds a noisy signal of the rival's value.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..rational import exact_array, to_fraction
from ..validation import as_choice, as_finite_array, as_flag, as_real, as_real_array
from .bayesian import (
    BayesianGame,
    BayesNashEquilibrium,
    extreme_bayes_nash_equilibrium,
)
from .normal_form import NormalFormGame

__all__ = [
    "AIAugmentedGame",
    "weather_battle_of_sexes",
    "EmailGameOutcome",
    "email_game",
    "email_game_threshold_cost",
    "email_game_regions",
    "EmailWelfare",
    "email_game_welfare",
    "email_game_welfare_threshold",
    "AuctionGame",
    "AuctionOutcome",
    "first_price_auction",
    "auction_outcome",
    "auction_equilibrium_range",
    "auction_bidder_range",
]


def _signal(name: str, value: Any, n_states: int) -> np.ndarray:
    """Validate a signal matrix ``P[ω, s]`` (rows are distributions) as exact Fractions."""
    floats = as_finite_array(name, value, ndim=2)
    if floats.shape[0] != n_states:
        raise ValueError(f"{name} must have {n_states} rows (one per state), got {floats.shape[0]}")
    if floats.shape[1] == 0:
        raise ValueError(f"{name} must have at least one signal")
    exact = exact_array(name, value, floats.shape)
    for w in range(n_states):
        if any(p < 0 for p in exact[w]):
            raise ValueError(f"{name}: row {w} has a negative probability")
        if sum(exact[w], Fraction(0)) != 1:
            raise ValueError(f"{name}: row {w} must sum to one")
    return exact


@dataclass(frozen=True, eq=False)
class AIAugmentedGame:
    """The slides' AI-augmented primitives for two humans, each with an AI agent.

    ``prior[ω]``: nature's distribution over states. ``row[ω, a, b]``, ``col[ω, a, b]``:
    the humans' payoffs ``u_i(a, ω)``. ``human_signals[i][ω, s]``: human ``i``'s
    information set as a signal. ``ai_signals[i][ω, z]``: AI agent ``i``'s information.
    ``costs[i]``: the human's cost ``c(τ_i)`` of a transcript with her agent. Signals are
    independent across players conditional on ``ω``.

    Protocol (stated choice): a consulting human learns her agent's signal exactly (the
    agent reports truthfully); a human who does not consult pays nothing and learns
    nothing from it. :meth:`bayesian_game` turns the primitives into the Bayesian game
    whose types are (own signal, agent's report).
    """

    prior: np.ndarray
    row: np.ndarray
    col: np.ndarray
    human_signals: tuple[np.ndarray, np.ndarray]
    ai_signals: tuple[np.ndarray, np.ndarray]
    costs: tuple[Fraction, Fraction]
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]

    def __init__(
        self,
        prior: Any,
        row: Any,
        col: Any,
        human_signals: Sequence[Any] | None = None,
        ai_signals: Sequence[Any] | None = None,
        costs: Sequence[Any] = (0, 0),
        row_labels: Sequence[str] | None = None,
        col_labels: Sequence[str] | None = None,
    ) -> None:
        p = as_finite_array("prior", prior, ndim=1)
        k = p.shape[0]
        prior_exact = exact_array("prior", prior, (k,))
        if k == 0 or any(v < 0 for v in prior_exact) or sum(prior_exact, Fraction(0)) != 1:
            raise ValueError("prior must be a non-empty probability vector summing to one")
        r = as_finite_array("row", row, ndim=3)
        c = as_finite_array("col", col, ndim=3)
        if r.shape[0] != k:
            raise ValueError(f"row must have shape ({k}, m, n), got {r.shape}")
        if c.shape != r.shape:
            raise ValueError(f"col must have the shape of row {r.shape}, got {c.shape}")
        if human_signals is None:
            human_signals = ([[1]] * k, [[1]] * k)
        if ai_signals is None:
            ai_signals = ([[1]] * k, [[1]] * k)
        if len(human_signals) != 2 or len(ai_signals) != 2:
            raise ValueError("human_signals and ai_signals must hold one matrix per human")
        if len(costs) != 2:
            raise ValueError(f"costs must have 2 entries, got {len(costs)}")
        as_finite_array("costs", costs, ndim=1)
        m, n = r.shape[1:]
        values = {
            "prior": prior_exact,
            "row": exact_array("row", row, r.shape),
            "col": exact_array("col", col, c.shape),
            "human_signals": tuple(
                _signal(f"human_signals[{i}]", s, k) for i, s in enumerate(human_signals)
            ),
            "ai_signals": tuple(
                _signal(f"ai_signals[{i}]", s, k) for i, s in enumerate(ai_signals)
            ),
            "costs": tuple(to_fraction(v) for v in costs),
            "row_labels": tuple(row_labels) if row_labels else tuple(f"r{i}" for i in range(m)),
            "col_labels": tuple(col_labels) if col_labels else tuple(f"c{j}" for j in range(n)),
        }
        for key, value in values.items():
            object.__setattr__(self, key, value)

    def bayesian_game(self, consult: tuple[bool, bool] = (True, True)) -> BayesianGame:
        """The Bayesian game played when human ``i`` consults her AI iff ``consult[i]``.

        Types are pairs (own signal, AI report) with positive probability, labelled
        ``"s|z"`` (``"s"`` without AI); payoffs are conditional expectations of
        ``u_i(a, ω)`` given the type profile, minus the cost ``c`` of consulting.
        """
        k = len(self.prior)
        per_player = []
        for i in range(2):
            H = self.human_signals[i]
            Z = self.ai_signals[i] if consult[i] else np.full((k, 1), Fraction(1), dtype=object)
            # likelihood L[ω, type] with types (s, z)
            types = list(itertools.product(range(H.shape[1]), range(Z.shape[1])))
            L = np.array([[H[w, s] * Z[w, z] for s, z in types] for w in range(k)], dtype=object)
            keep = [j for j in range(len(types)) if any(self.prior[w] * L[w, j] for w in range(k))]
            labels = [f"{s}|{z}" if consult[i] else f"{s}" for s, z in (types[j] for j in keep)]
            per_player.append((L[:, keep], labels))
        (L1, lab1), (L2, lab2) = per_player
        T1, T2 = L1.shape[1], L2.shape[1]
        m, n = self.row.shape[1:]
        joint = np.empty((T1, T2), dtype=object)
        U1 = np.empty((T1, T2, m, n), dtype=object)
        U2 = np.empty((T1, T2, m, n), dtype=object)
        c1 = self.costs[0] if consult[0] else Fraction(0)
        c2 = self.costs[1] if consult[1] else Fraction(0)
        for t1 in range(T1):
            for t2 in range(T2):
                weights = [self.prior[w] * L1[w, t1] * L2[w, t2] for w in range(k)]
                total = sum(weights, Fraction(0))
                joint[t1, t2] = total
                for a in range(m):
                    for b in range(n):
                        if total == 0:
                            U1[t1, t2, a, b] = U2[t1, t2, a, b] = Fraction(0)
                            continue
                        U1[t1, t2, a, b] = sum(
                            (wt * self.row[w, a, b] for w, wt in enumerate(weights)), Fraction(0)
                        ) / total - c1
                        U2[t1, t2, a, b] = sum(
                            (wt * self.col[w, a, b] for w, wt in enumerate(weights)), Fraction(0)
                        ) / total - c2
        return BayesianGame(
            joint, U1, U2,
            row_type_labels=lab1, col_type_labels=lab2,
            row_labels=self.row_labels, col_labels=self.col_labels,
        )

    def expected_game(self) -> NormalFormGame:
        """The normal-form game with payoffs averaged over the prior (no information)."""
        k = len(self.prior)
        zero = np.full(self.row.shape[1:], Fraction(0), dtype=object)
        R = sum((self.prior[w] * self.row[w] for w in range(k)), zero)
        C = sum((self.prior[w] * self.col[w] for w in range(k)), zero)
        return NormalFormGame(R, C, self.row_labels, self.col_labels)


# --------------------------------------------------------------------------- battle of the sexes


def weather_battle_of_sexes(
    prob_w2: Any = Fraction(1, 2),
    weather: Sequence[Any] = (0, 2),
    ai: tuple[bool, bool] = (True, True),
) -> AIAugmentedGame:
    """Battle of the sexes with weather (slides: "AI-augmented" bimatrix example).

    Pavarotti (row) and Beckham (column) choose opera or football; opera pays (10, 9),
    football pays ``(9w, 10w)``, miscoordination (0, 0). Reading of the roles: the
    slides' corner cell lists the *column* player first ("Beckham Pavarotti", as
    "AI-Agent Human" over the prompting table whose rows are the human's prompts), so
    Pavarotti is the row player and prefers the opera, Beckham the football. The
    weather ``w`` is drawn from
    ``weather`` with ``P(w = weather[1]) = prob_w2`` (the slides leave the prior open; the
    default 1/2 makes ``E[w] = 1``, so the game without AI is the slides' original
    (10, 9) / (9, 10) battle of the sexes). Humans do not observe ``w``; the AI agent of
    human ``i`` observes it exactly when ``ai[i]`` is true (otherwise the agent is
    uninformative).
    """
    q = to_fraction(prob_w2)
    if not 0 <= q <= 1:
        raise ValueError(f"prob_w2 must lie in [0, 1], got {prob_w2}")
    if len(weather) != 2:
        raise ValueError(f"weather must have 2 values, got {len(weather)}")
    w = [to_fraction(v) for v in weather]
    row = [[[10, 0], [0, 9 * v]] for v in w]
    col = [[[9, 0], [0, 10 * v]] for v in w]
    informed = [[1, 0], [0, 1]]
    blind = [[1], [1]]
    return AIAugmentedGame(
        [1 - q, q], row, col,
        ai_signals=tuple(informed if a else blind for a in ai),
        row_labels=("opera", "football"), col_labels=("opera", "football"),
    )


# --------------------------------------------------------------------------- email game


@dataclass(frozen=True)
class EmailGameOutcome:
    """Values of the human's plans in the email game and what society gets.

    ``plan_values``: ``"refine"`` (C: think, then pick the superior email),
    ``"guess"`` (A or B without information), ``"consult"`` (pay ``cost``, read the AI's
    signal, then take the best action given it). ``best_plan`` breaks ties in that order
    (the human asks the AI only if it is strictly better). ``prob_inferior``: probability
    that the chosen email is the inferior one.
    """

    plan_values: dict[str, Fraction]
    best_plan: str
    human_payoff: Fraction
    prob_inferior: Fraction
    action_after_signal: str | None


def email_game(
    accuracy: Any = Fraction(9, 10),
    cost: Any = 1,
    superior: Any = 5,
    inferior: Any = -10,
    thinking_cost: Any = 4,
    ai_available: bool = True,
) -> EmailGameOutcome:
    """The slides' email game, exactly.

    Nature makes email A or B superior with probability 1/2 each. The human picks A or
    B (payoff ``superior`` = 5 or ``inferior`` = −10), or C: refine her information and
    pick the superior email, for ``superior − thinking_cost`` = 1. The AI's signal of the
    state is correct with probability ``accuracy`` (0.9) and reported truthfully; the
    human may request it at cost ``cost`` (1). Without AI the human refines (payoff 1)
    and society always gets the superior email; with AI she follows it for
    ``0.9·5 + 0.1·(−10) − 1 = 2.5`` and society gets the inferior email with
    probability 0.1.
    """
    as_flag("ai_available", ai_available)
    for name, value in (("accuracy", accuracy), ("cost", cost), ("superior", superior),
                        ("inferior", inferior), ("thinking_cost", thinking_cost)):
        as_real(name, value)
    q = to_fraction(accuracy)
    c = to_fraction(cost)
    S, Inf, k = to_fraction(superior), to_fraction(inferior), to_fraction(thinking_cost)
    if not 0 <= q <= 1:
        raise ValueError(f"accuracy must lie in [0, 1], got {accuracy}")
    if c < 0:
        raise ValueError(f"cost must be non-negative, got {cost}")
    if not S > Inf:
        raise ValueError("superior must exceed inferior")
    half = Fraction(1, 2)
    refine = S - k
    guess = half * S + half * Inf
    after = {"follow": q * S + (1 - q) * Inf, "refine": refine, "contradict": (1 - q) * S + q * Inf}
    # best action after the signal; ties: refine, then follow
    order = ["refine", "follow", "contradict"]
    act = max(order, key=lambda a: (after[a], -order.index(a)))
    values = {"refine": refine, "guess": guess}
    if ai_available:
        values["consult"] = after[act] - c
    plans = ["refine", "guess", "consult"]
    best = max(values, key=lambda p: (values[p], -plans.index(p)))
    prob_inferior = {
        "refine": Fraction(0),
        "guess": half,
        "consult": {"follow": 1 - q, "refine": Fraction(0), "contradict": q}[act],
    }[best]
    return EmailGameOutcome(
        plan_values=values,
        best_plan=best,
        human_payoff=values[best],
        prob_inferior=prob_inferior,
        action_after_signal=act if best == "consult" else None,
    )


def email_game_threshold_cost(
    accuracy: Any, superior: Any = 5, inferior: Any = -10, thinking_cost: Any = 4
) -> Fraction:
    """Largest cost below which following the AI beats refining, for accuracy ≥ 1/2:
    ``q·S + (1 − q)·I − (S − k)``; with the slides' numbers ``15 q − 11``."""
    q = to_fraction(accuracy)
    S, Inf, k = to_fraction(superior), to_fraction(inferior), to_fraction(thinking_cost)
    return q * S + (1 - q) * Inf - (S - k)


def email_game_regions(
    accuracies: Any, costs: Any, superior: float = 5, inferior: float = -10,
    thinking_cost: float = 4,
) -> tuple[np.ndarray, np.ndarray]:
    """On a grid (accuracies × costs): where the human strictly prefers the AI, and
    where she does while society loses (gets the inferior email with positive
    probability). Returns two boolean arrays of shape ``(len(accuracies), len(costs))``."""
    q = as_finite_array("accuracies", accuracies, ndim=1)
    c = as_finite_array("costs", costs, ndim=1)
    if np.any((q < 0) | (q > 1)):
        raise ValueError("accuracies must lie in [0, 1]")
    if np.any(c < 0):
        raise ValueError("costs must be non-negative")
    Q, C = np.meshgrid(q, c, indexing="ij")
    refine = superior - thinking_cost
    best_after = np.maximum.reduce(
        [Q * superior + (1 - Q) * inferior, np.full_like(Q, refine),
         (1 - Q) * superior + Q * inferior]
    )
    prefers = best_after - C > refine
    loses = prefers & (np.minimum(Q, 1 - Q) > 0)
    return prefers, loses


@dataclass(frozen=True)
class EmailWelfare:
    """Society's welfare in the email game with an explicit externality.

    ``human``: the human's payoff; ``recipient``: the recipient's expected loss
    ``−externality · P(inferior email)``; ``fee``: the AI's fee counted as income of its
    provider (0 unless ``fee_is_transfer``); ``welfare`` = the sum of the three.
    """

    human: Fraction
    recipient: Fraction
    fee: Fraction
    welfare: Fraction


def email_game_welfare(
    externality: Any,
    accuracy: Any = Fraction(9, 10),
    cost: Any = 1,
    ai_available: bool = True,
    fee_is_transfer: bool = False,
) -> EmailWelfare:
    """Welfare of society in the email game (a welfare model the slides leave implicit).

    Society = the human + the email's recipient (+ the AI's provider). The human plays
    as in :func:`email_game`; the recipient loses ``externality ≥ 0`` whenever the
    inferior email is sent (a cost the human does not bear, beyond her own ``−10``).
    The human's thinking cost (4) is a real resource cost. The AI fee ``cost`` is a real
    cost (compute) unless ``fee_is_transfer``, in which case it is income of the AI's
    provider and cancels out. With ``externality = 0`` the AI *raises* welfare (the
    saved thinking cost outweighs the human's own expected loss); it lowers welfare
    exactly when the externality exceeds :func:`email_game_welfare_threshold`.
    """
    e = as_real("externality", externality, low=0)
    as_flag("ai_available", ai_available)
    as_flag("fee_is_transfer", fee_is_transfer)
    out = email_game(accuracy=accuracy, cost=cost, ai_available=ai_available)
    ext = to_fraction(externality) if e else Fraction(0)
    fee = to_fraction(cost) if (fee_is_transfer and out.best_plan == "consult") else Fraction(0)
    recipient = -ext * out.prob_inferior
    return EmailWelfare(out.human_payoff, recipient, fee, out.human_payoff + recipient + fee)


def email_game_welfare_threshold(
    accuracy: Any = Fraction(9, 10), cost: Any = 1, fee_is_transfer: bool = False
) -> Fraction | None:
    """The externality above which making the AI available lowers society's welfare:
    ``(W_AI(0) − W_no AI(0)) / P(inferior email with AI)``, or ``None`` when the human
    does not consult (or the AI is never wrong), so that the AI cannot lower welfare."""
    with_ai = email_game_welfare(0, accuracy, cost, True, fee_is_transfer)
    without = email_game_welfare(0, accuracy, cost, False, fee_is_transfer)
    p = email_game(accuracy=accuracy, cost=cost).prob_inferior
    if p == 0:
        return None
    return (with_ai.welfare - without.welfare) / p


# --------------------------------------------------------------------------- auction


@dataclass(frozen=True, eq=False)
class AuctionGame:
    """A discrete first-price auction as a Bayesian game, with the value (and AI signal)
    behind each type. ``bids`` are the common bid grid; ``row_values[t]`` is the value of
    the row bidder's type ``t`` and ``row_signals[t]`` the value her AI reports for the
    rival (``None`` without AI)."""

    game: BayesianGame
    bids: tuple[Fraction, ...]
    values: tuple[Fraction, ...]
    row_values: tuple[Fraction, ...]
    col_values: tuple[Fraction, ...]
    row_signals: tuple[Fraction | None, ...]
    col_signals: tuple[Fraction | None, ...]

    def undominated(self) -> tuple[np.ndarray, np.ndarray]:
        """Masks of bids strictly below the type's value. A bid at or above one's value
        earns at most 0 whatever the rival does, while bidding 0 earns at least 0 and
        strictly more against a rival bidding 0: such bids are weakly dominated."""
        r = np.array([[b < v for b in self.bids] for v in self.row_values])
        c = np.array([[b < v for b in self.bids] for v in self.col_values])
        return r, c


def first_price_auction(
    values: Sequence[Any] = (1, 3),
    value_prior: Sequence[Any] = (Fraction(1, 2), Fraction(1, 2)),
    bid_step: Any = Fraction(1, 4),
    ai_accuracy: tuple[Any, Any] = (None, None),
) -> AuctionGame:
    """A two-bidder first-price auction with a discrete bid grid and optional AI signals.

    Values are i.i.d. from ``value_prior`` on ``values``; each bidder knows her own value
    (slides: "information set of i is i's value"). Bids lie on the grid ``0, bid_step,
    ..., max(values)``; the higher bid wins and pays itself; ties are broken uniformly at
    random. If ``ai_accuracy[i]`` is a number ``q``, bidder ``i``'s AI observes the
    rival's value correctly with probability ``q`` and otherwise reports one of the other
    values uniformly at random (slides: "AI i's info is signal of −i's value"), and the
    bidder consults it at no cost. ``None`` means no AI.
    """
    as_real_array("values", values, ndim=1)
    as_real("bid_step", bid_step, low=0, low_open=True)
    if len(ai_accuracy) != 2:
        raise ValueError("ai_accuracy must have one entry per bidder")
    for k, q in enumerate(ai_accuracy):
        if q is not None:
            as_real(f"ai_accuracy[{k}]", q, low=0, high=1)
    vals = [to_fraction(v) for v in values]
    if len(vals) < 2 or len(set(vals)) != len(vals):
        raise ValueError("values must hold at least two distinct numbers")
    if any(v <= 0 for v in vals):
        raise ValueError("values must be positive")
    prior = exact_array("value_prior", value_prior, (len(vals),))
    if any(p <= 0 for p in prior) or sum(prior, Fraction(0)) != 1:
        raise ValueError("value_prior must be positive and sum to one")
    step = to_fraction(bid_step)
    if step <= 0:
        raise ValueError(f"bid_step must be positive, got {bid_step}")
    top = max(vals)
    bids = [step * i for i in range(int(top / step) + 1)]
    if len(ai_accuracy) != 2:
        raise ValueError("ai_accuracy must have one entry per bidder")
    V = len(vals)
    states = list(itertools.product(range(V), repeat=2))
    state_prior = [prior[i] * prior[j] for i, j in states]
    nb = len(bids)
    row = np.empty((len(states), nb, nb), dtype=object)
    col = np.empty((len(states), nb, nb), dtype=object)
    half = Fraction(1, 2)
    for s, (i, j) in enumerate(states):
        for a, ba in enumerate(bids):
            for b, bb in enumerate(bids):
                win = Fraction(1) if ba > bb else (half if ba == bb else Fraction(0))
                row[s, a, b] = win * (vals[i] - ba)
                col[s, a, b] = (1 - win) * (vals[j] - bb)
    human = []
    ai = []
    for player in range(2):
        human.append([[int(st[player] == v) for v in range(V)] for st in states])
        q = ai_accuracy[player]
        if q is None:
            ai.append([[1] for _ in states])
            continue
        qf = to_fraction(q)
        if not 0 <= qf <= 1:
            raise ValueError(f"ai_accuracy[{player}] must lie in [0, 1], got {q}")
        other = 1 - player
        wrong = (1 - qf) / (V - 1)
        ai.append([[qf if st[other] == z else wrong for z in range(V)] for st in states])
    aug = AIAugmentedGame(state_prior, row, col, human, ai)
    consult = (ai_accuracy[0] is not None, ai_accuracy[1] is not None)
    game = aug.bayesian_game(consult)

    def decode(labels: Sequence[str], informed: bool) -> tuple[list, list]:
        vs, zs = [], []
        for lab in labels:
            parts = lab.split("|")
            vs.append(vals[int(parts[0])])
            zs.append(vals[int(parts[1])] if informed else None)
        return vs, zs

    rv, rz = decode(game.row_type_labels, consult[0])
    cv, cz = decode(game.col_type_labels, consult[1])
    labels1 = [f"v={v}" + (f",s={z}" if z is not None else "") for v, z in zip(rv, rz, strict=True)]
    labels2 = [f"v={v}" + (f",s={z}" if z is not None else "") for v, z in zip(cv, cz, strict=True)]
    bid_labels = [str(b) for b in bids]
    game = BayesianGame(
        game.prior_exact, game.row_exact, game.col_exact,
        row_type_labels=labels1, col_type_labels=labels2,
        row_labels=bid_labels, col_labels=bid_labels,
    )
    return AuctionGame(game, tuple(bids), tuple(vals), tuple(rv), tuple(cv), tuple(rz), tuple(cz))


@dataclass(frozen=True)
class AuctionOutcome:
    """Ex-ante outcome of a BNE of an :class:`AuctionGame`: bidder surpluses, revenue
    (expected winning bid), welfare (expected value of the winner) and the mean bid of
    each type."""

    surplus: tuple[Fraction, Fraction]
    revenue: Fraction
    welfare: Fraction
    row_mean_bids: tuple[Fraction, ...]
    col_mean_bids: tuple[Fraction, ...]

    @property
    def total_surplus(self) -> Fraction:
        """Sum of the two bidders' surpluses."""
        return self.surplus[0] + self.surplus[1]


def auction_outcome(auction: AuctionGame, eq: BayesNashEquilibrium) -> AuctionOutcome:
    """Revenue, welfare, surpluses and mean bids of an equilibrium, exactly."""
    P = auction.game.prior_exact
    x, y = eq.row_strategy, eq.col_strategy
    bids = auction.bids
    T1, T2 = auction.game.n_types
    revenue = Fraction(0)
    welfare = Fraction(0)
    half = Fraction(1, 2)
    for t1 in range(T1):
        for t2 in range(T2):
            if P[t1, t2] == 0:
                continue
            for a, pa in enumerate(x[t1]):
                if pa == 0:
                    continue
                for b, pb in enumerate(y[t2]):
                    if pb == 0:
                        continue
                    w = P[t1, t2] * pa * pb
                    revenue += w * max(bids[a], bids[b])
                    win = 1 if bids[a] > bids[b] else (half if bids[a] == bids[b] else 0)
                    v1, v2 = auction.row_values[t1], auction.col_values[t2]
                    welfare += w * (win * v1 + (1 - win) * v2)
    mean1 = tuple(sum((p * b for p, b in zip(s, bids, strict=True)), Fraction(0)) for s in x)
    mean2 = tuple(sum((p * b for p, b in zip(s, bids, strict=True)), Fraction(0)) for s in y)
    return AuctionOutcome((eq.row_payoff, eq.col_payoff), revenue, welfare, mean1, mean2)


def auction_equilibrium_range(
    auction: AuctionGame, undominated: bool = True
) -> tuple[BayesNashEquilibrium, BayesNashEquilibrium]:
    """The BNE with the largest and the smallest total bidder surplus.

    Solved by :func:`~persuasion.bayesian_games.extreme_bayes_nash_equilibrium`; with
    ``undominated=True`` (default) every type bids strictly below its value (bids at or
    above one's value are weakly dominated, see :meth:`AuctionGame.undominated`). Every
    BNE in undominated bids has total surplus between the two returned ones.
    """
    masks = auction.undominated() if undominated else (None, None)
    best = extreme_bayes_nash_equilibrium(auction.game, (1, 1), "max", *masks)
    worst = extreme_bayes_nash_equilibrium(auction.game, (1, 1), "min", *masks)
    return best, worst


def auction_bidder_range(
    auction: AuctionGame, bidder: int, undominated: bool = True
) -> tuple[BayesNashEquilibrium, BayesNashEquilibrium]:
    """The BNE with the largest and the smallest *own* surplus of ``bidder`` (0 = row,
    1 = column), in undominated bids (see :func:`auction_equilibrium_range`). Every BNE
    in undominated bids gives that bidder a surplus between the two returned ones."""
    k = as_choice("bidder", bidder, (0, 1))
    as_flag("undominated", undominated)
    masks = auction.undominated() if undominated else (None, None)
    weights = (1, 0) if k == 0 else (0, 1)
    best = extreme_bayes_nash_equilibrium(auction.game, weights, "max", *masks)
    worst = extreme_bayes_nash_equilibrium(auction.game, weights, "min", *masks)
    return best, worst
