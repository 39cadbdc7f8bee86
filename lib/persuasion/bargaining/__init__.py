"""Information bargaining: long-term persuasion as bargaining over schemes (Lin et al., 2025).

- outcome polygon and Pareto frontier of a persuasion game, exactly
  (:func:`outcome_set`, :func:`pareto_frontier`; :mod:`.outcomes`, :mod:`.weighted_lp`);
- disagreement point, classic persuasion, full revelation and the bargaining solutions
  (:mod:`.solutions`), cheap talk (:mod:`.cheap_talk`);
- the protocols' exact subgame-perfect values (:func:`ultimatum`,
  :func:`repeated_ultimatum`, :func:`alternating_offers`; :mod:`.protocols`), the
  plain split analogs (:mod:`.splits`), the realization stage (:mod:`.realization`);
- the agent protocol and the play loop (:mod:`.agents`);
- informational versus proposer advantage (:mod:`.advantages`).
"""

from __future__ import annotations

from .advantages import Advantages, advantages
from .agents import (
    Agent,
    Deal,
    GameView,
    PlayRecord,
    Proposal,
    RationalAgent,
    Response,
    Turn,
    check_proposal,
    deal_of,
    play,
)
from .cheap_talk import CheapTalkEquilibrium, babbling_points, cheap_talk_equilibria
from .checks import ROLES
from .games import HORIZONS, RULES, Agreement, BargainingGame, BargainingSet, bargaining_set
from .language_agent import FRAMINGS, LanguageModelAgent
from .outcomes import OutcomeSet, induced_play, outcome_set, pareto_frontier
from .polygon import Frontier, point_text
from .protocols import (
    Equilibrium,
    alternating_offers,
    repeated_ultimatum,
    sender_reply,
    solve_game,
    ultimatum,
)
from .quantal import QuantalAgent, quantal_equilibrium
from .realization import RealizationStage, realization_stage
from .solutions import (
    bayesian_persuasion,
    disagreement_point,
    egalitarian,
    full_revelation,
    ideal_point,
    kalai_smorodinsky,
    nash_bargaining,
)
from .splits import SplitGame, pie_share

__all__ = [
    "FRAMINGS",
    "LanguageModelAgent",
    "QuantalAgent",
    "quantal_equilibrium",
    "HORIZONS",
    "Advantages",
    "CheapTalkEquilibrium",
    "ROLES",
    "RULES",
    "Agent",
    "Agreement",
    "BargainingGame",
    "BargainingSet",
    "Deal",
    "Equilibrium",
    "Frontier",
    "GameView",
    "OutcomeSet",
    "PlayRecord",
    "Proposal",
    "RationalAgent",
    "RealizationStage",
    "Response",
    "SplitGame",
    "Turn",
    "advantages",
    "alternating_offers",
    "babbling_points",
    "bargaining_set",
    "bayesian_persuasion",
    "cheap_talk_equilibria",
    "check_proposal",
    "deal_of",
    "disagreement_point",
    "egalitarian",
    "full_revelation",
    "ideal_point",
    "induced_play",
    "kalai_smorodinsky",
    "nash_bargaining",
    "outcome_set",
    "pareto_frontier",
    "pie_share",
    "play",
    "point_text",
    "realization_stage",
    "repeated_ultimatum",
    "sender_reply",
    "solve_game",
    "ultimatum",
]
