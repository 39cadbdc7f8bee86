"""Games in which humans consult AI agents.

Normal-form games (Nash, Stackelberg and mixed Stackelberg equilibria), Bayesian games
(Bayes-Nash equilibria, exact), and the AI-augmented examples of the talk (battle of the
sexes with a weather AI, the email game, a first-price auction).  Chapter: "AI-augmented games".
"""
from __future__ import annotations

from .ai_augmented import (
    AIAugmentedGame,
    AuctionGame,
    AuctionOutcome,
    EmailGameOutcome,
    auction_equilibrium_range,
    auction_outcome,
    email_game,
    email_game_regions,
    email_game_threshold_cost,
    first_price_auction,
    weather_battle_of_sexes,
)
from .bayesian import (
    BayesianGame,
    BayesNashEquilibrium,
    bayes_nash_equilibria,
    ex_ante_payoffs,
    extreme_bayes_nash_equilibrium,
    interim_payoffs,
    is_bayes_nash_equilibrium,
    pure_bayes_nash_equilibria,
)
from .normal_form import (
    MixedStackelbergEquilibrium,
    NashEquilibrium,
    NormalFormGame,
    StackelbergEquilibrium,
    best_responses,
    expected_payoffs,
    is_nash_equilibrium,
    mixed_stackelberg_equilibrium,
    nash_equilibria,
    pure_nash_equilibria,
    stackelberg_equilibrium,
)

__all__ = [
    "AIAugmentedGame",
    "AuctionGame",
    "AuctionOutcome",
    "BayesNashEquilibrium",
    "BayesianGame",
    "EmailGameOutcome",
    "MixedStackelbergEquilibrium",
    "NashEquilibrium",
    "NormalFormGame",
    "StackelbergEquilibrium",
    "auction_equilibrium_range",
    "auction_outcome",
    "bayes_nash_equilibria",
    "best_responses",
    "email_game",
    "email_game_regions",
    "email_game_threshold_cost",
    "ex_ante_payoffs",
    "expected_payoffs",
    "extreme_bayes_nash_equilibrium",
    "first_price_auction",
    "interim_payoffs",
    "is_bayes_nash_equilibrium",
    "is_nash_equilibrium",
    "mixed_stackelberg_equilibrium",
    "nash_equilibria",
    "pure_bayes_nash_equilibria",
    "pure_nash_equilibria",
    "stackelberg_equilibrium",
    "weather_battle_of_sexes",
]
