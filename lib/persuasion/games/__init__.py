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
    EmailWelfare,
    auction_bidder_range,
    auction_equilibrium_range,
    auction_outcome,
    email_game,
    email_game_regions,
    email_game_threshold_cost,
    email_game_welfare,
    email_game_welfare_threshold,
    first_price_auction,
    weather_battle_of_sexes,
)
from .auctions import (
    ContinuousAuctionBenchmark,
    benchmark_deviation_gain,
    continuous_first_price,
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
    "ContinuousAuctionBenchmark",
    "EmailGameOutcome",
    "EmailWelfare",
    "MixedStackelbergEquilibrium",
    "NashEquilibrium",
    "NormalFormGame",
    "StackelbergEquilibrium",
    "auction_bidder_range",
    "auction_equilibrium_range",
    "auction_outcome",
    "bayes_nash_equilibria",
    "benchmark_deviation_gain",
    "continuous_first_price",
    "best_responses",
    "email_game",
    "email_game_regions",
    "email_game_threshold_cost",
    "email_game_welfare",
    "email_game_welfare_threshold",
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
