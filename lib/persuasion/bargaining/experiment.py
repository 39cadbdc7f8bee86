"""The validation-and-inference experiment of Lin et al. (2025), with any agents.

The public experiment checks an agent on plain bargaining first (the *validation*
stage: the unbounded split ``(x, 1 − x)`` and the bounded split
``((1 + 2x)/3, (1 − 2x)/3)``) and then on persuasion (the *inference* stage: the
recommendation-letter game in several framings), over horizons (one shot, repeated
ultimatum, alternating offers with continuation 0.9 and at most 10 offers) and
proposer rules (sender first, receiver first, or a coin flip, here seeded). Its metric
is the Pearson correlation between each setting's mean payoff and a theoretical
target, with a Fisher-z 95% interval.

Here the target of a run is computed by the exact engine (:func:`solve_game`) **for the
protocol as played** (the horizon, the number of offers, δ and the proposer drawn by
the coin), and the payoff compared is the one of the player who opens the bargaining
(on the equilibrium path the first offer is accepted, so the opener is also the last
proposer, whose payoff the public code compares). Next to that correlation the
reviewers' missing diagnostics are computed per run: agreement, whether proposed
schemes are persuasive (the receiver would follow each recommendation), whether
responses are best responses (on the path of play, and on off-path *probes*:
schemes, persuasive or not, offered on purpose), and the distance to the
subgame-perfect payoffs and proposal.
"""

from __future__ import annotations

import math
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import stats

from ..model import Instance
from ..validation import as_positive_int
from .agents import GameView, PlayRecord, Proposal, RationalAgent, deal_of, play
from .games import BargainingGame, SplitGame, bargaining_set, other
from .language_agent import FRAMINGS, LanguageModelAgent, check_framing, scheme_of, xs_of
from .llm.client import Backend, ChatClient
from .llm.config import Sampling
from .llm.transcript import TranscriptWriter
from .outcomes import induced_play
from .protocols import Equilibrium, solve_game

SOURCES = ("unbounded", "bounded", "persuasion")
FIRST_RULES = ("sender", "receiver", "coin")
CONTINUATION = Fraction(9, 10)


def recommendation_letter() -> Instance:
    """The base game of the public experiments: a student is weak (prior 2/3) or strong
    (1/3); the employer gets +1 for hiring a strong student, −1 for a weak one, 0 for not
    hiring; the professor gets 1 whenever the employer hires. Actions: 0 not hire, 1 hire."""
    return Instance(
        [Fraction(2, 3), Fraction(1, 3)],
        [[0, 1], [0, 1]],
        [[0, -1], [0, 1]],
        state_labels=("weak", "strong"),
        action_labels=("not hire", "hire"),
    )


_BASE_GAME: Instance | None = None


def base_game() -> Instance:
    """One shared :func:`recommendation_letter` instance (so its exact sets are cached)."""
    global _BASE_GAME
    if _BASE_GAME is None:
        _BASE_GAME = recommendation_letter()
    return _BASE_GAME


@dataclass(frozen=True)
class Setting:
    """One cell of the grid: what is bargained over, horizon, first proposer, framing."""

    source: str
    horizon: str
    first: str
    framing: str = "abstract"
    max_offers: int = 1
    continuation: Fraction = Fraction(1)

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise ValueError(f"source must be one of {SOURCES}, got {self.source!r}")
        if self.first not in FIRST_RULES:
            raise ValueError(f"first must be one of {FIRST_RULES}, got {self.first!r}")
        check_framing(self.framing)
        self.game("sender")  # validates horizon, offers and continuation

    @property
    def stage(self) -> str:
        return "inference" if self.source == "persuasion" else "validation"

    @property
    def name(self) -> str:
        parts = [self.source, self.horizon, self.first]
        if self.source == "persuasion":
            parts.insert(1, self.framing)
        return "/".join(parts)

    def game(self, first: str) -> BargainingGame:
        """The game played when ``first`` opens (``"sender"`` or ``"receiver"``)."""
        source = base_game() if self.source == "persuasion" else SplitGame(self.source)
        return BargainingGame(
            source, self.horizon, self.max_offers, self.continuation, first, "at_least"
        )


def experiment_grid(
    framings: Sequence[str] = FRAMINGS,
    repeated_offers: int = 3,
    alternating_offers: int = 10,
    continuation: Fraction = CONTINUATION,
    compact: bool = False,
) -> tuple[Setting, ...]:
    """The grid: validation on both splits (one shot: player A first or a coin; repeated
    ultimatum; alternating offers: A first or a coin), inference on the letter game in
    each framing (one shot: sender, receiver or coin first; repeated ultimatum and
    alternating offers: sender or receiver first). ``compact`` drops the repeated
    ultimatum from the inference stage (the recorded language-model runs)."""
    as_positive_int("repeated_offers", repeated_offers)
    as_positive_int("alternating_offers", alternating_offers)
    rep = {"horizon": "repeated", "max_offers": repeated_offers}
    alt = {"horizon": "alternating", "max_offers": alternating_offers,
           "continuation": Fraction(continuation)}
    one = {"horizon": "one_shot", "max_offers": 1}
    grid: list[Setting] = []
    for kind in ("unbounded", "bounded"):
        for horizon, first in ((one, "sender"), (one, "coin"), (rep, "sender"),
                               (alt, "sender"), (alt, "coin")):
            grid.append(Setting(kind, first=first, **horizon))
    for framing in framings:
        for horizon, first in ((one, "sender"), (one, "receiver"), (one, "coin"),
                               (rep, "sender"), (rep, "receiver"),
                               (alt, "sender"), (alt, "receiver")):
            if compact and horizon is rep:
                continue
            grid.append(Setting("persuasion", first=first, framing=framing, **horizon))
    return tuple(grid)


def run_seed(seed: int, *parts: Any) -> int:
    """A stable 31-bit seed from a base seed and labels (setting name, run, ...)."""
    text = "/".join(str(p) for p in (seed, *parts))
    return zlib.crc32(text.encode("utf-8")) & 0x7FFFFFFF


# ----------------------------------------------------------------------------- runs
@dataclass(frozen=True, eq=False)
class RunResult:
    """One play of a setting and its diagnostics.

    ``opener`` is the role drawn to open; ``value`` its expected payoff (exact) and
    ``target`` its subgame-perfect payoff; ``persuasive[i]`` tells whether the i-th
    proposed scheme is persuasive (``None`` in split games); ``best[i]`` whether the
    i-th response equals the subgame-perfect response to that offer.
    """

    setting: Setting
    run: int
    opener: str
    record: PlayRecord
    equilibrium: Equilibrium
    persuasive: tuple[bool | None, ...]
    best: tuple[bool, ...]

    @property
    def value(self) -> Fraction:
        return self.record.expected[0 if self.opener == "sender" else 1]

    @property
    def target(self) -> Fraction:
        return self.equilibrium.point[0 if self.opener == "sender" else 1]

    @property
    def payoff_distance(self) -> float:
        """Euclidean distance of the expected payoffs to the subgame-perfect payoffs."""
        (a, b), (c, d) = self.record.expected, self.equilibrium.point
        return math.hypot(float(a - c), float(b - d))

    @property
    def proposal_distance(self) -> float:
        """Distance of the first proposal to the subgame-perfect first proposal: the
        largest difference in ``(x1, x2)`` for schemes, ``|x − x*|`` for splits."""
        first = self.record.history[0].proposal
        eq = self.equilibrium
        if first.split is not None:
            return abs(float(first.split - eq.split))
        return max(abs(float(a - b)) for a, b in zip(xs_of(first.scheme), xs_of(eq.scheme),
                                                       strict=True))


AgentFactory = Callable[[Setting, int, str], tuple[Any, Any]]


@lru_cache(maxsize=4096)
def is_persuasive(source: Instance, scheme: tuple) -> bool:
    """Whether the receiver follows every recommendation of ``scheme`` (exact)."""
    bset = bargaining_set(source)
    return induced_play(source, scheme, bset.outcomes.data).persuasive


@lru_cache(maxsize=256)
def setting_game(setting: Setting, opener: str) -> BargainingGame:
    """The (cached) game of ``setting`` opened by ``opener``."""
    return setting.game(opener)


@lru_cache(maxsize=256)
def setting_equilibrium(setting: Setting, opener: str) -> Equilibrium:
    """The (cached) subgame-perfect equilibrium of :func:`setting_game`."""
    return solve_game(setting_game(setting, opener))


@lru_cache(maxsize=8192)
def _accepts(setting: Setting, opener: str, offer: int, proposal: Proposal) -> bool:
    game = setting_game(setting, opener)
    proposer = game.proposer(offer)
    own = 1 if proposer == "sender" else 0
    value = deal_of(game, proposer, proposal).value[own]
    return value >= setting_equilibrium(setting, opener).threshold(offer)[own]


def subgame_perfect_response(setting: Setting, opener: str, offer: int,
                             proposal: Proposal) -> bool:
    """The subgame-perfect answer to ``proposal`` at offer ``offer``: accept iff it is
    worth at least what rejecting is worth (:meth:`Equilibrium.threshold`; the answer
    of :class:`RationalAgent`, which ignores the history)."""
    return _accepts(setting, opener, offer, proposal)


def judge(setting: Setting, opener: str, record: PlayRecord
          ) -> tuple[tuple[bool | None, ...], tuple[bool, ...]]:
    """Persuasiveness of each scheme a sender proposes (``None`` for the receiver's
    announcements and for splits: a receiver-proposer's φ1 only fixes her demand) and
    the best-response check of each response."""
    persuasive: list[bool | None] = []
    best: list[bool] = []
    for turn in record.history:
        if turn.proposal.scheme is not None and turn.proposer == "sender":
            persuasive.append(is_persuasive(record.game.source, turn.proposal.scheme))
        else:
            persuasive.append(None)
        best.append(subgame_perfect_response(setting, opener, turn.offer, turn.proposal)
                    == turn.response.accept)
    return tuple(persuasive), tuple(best)


def run_setting(
    setting: Setting,
    make_agents: AgentFactory,
    runs: int,
    seed: int = 0,
    realization_rounds: int = 20,
) -> list[RunResult]:
    """Play ``setting`` ``runs`` times. ``make_agents(setting, run, opener)`` returns the
    (sender, receiver) agents of a run; the coin, the continuation draws and the
    realization stage come from a generator seeded by ``seed``, the setting and the run."""
    as_positive_int("runs", runs)
    results = []
    for run in range(runs):
        rng = np.random.default_rng(run_seed(seed, setting.name, run))
        if setting.first == "coin":
            opener = "sender" if rng.random() < 0.5 else "receiver"
        else:
            opener = setting.first
        game = setting_game(setting, opener)
        sender, receiver = make_agents(setting, run, opener)
        record = play(game, sender, receiver, rng, realization_rounds=realization_rounds)
        persuasive, best = judge(setting, opener, record)
        results.append(RunResult(setting, run, opener, record,
                                 setting_equilibrium(setting, opener), persuasive, best))
    return results


def run_grid(
    settings: Iterable[Setting],
    make_agents: AgentFactory,
    runs: int,
    seed: int = 0,
    progress: Callable[[Setting, list[RunResult]], None] | None = None,
) -> list[RunResult]:
    """:func:`run_setting` over a grid (``progress`` is called after each setting)."""
    results: list[RunResult] = []
    for setting in settings:
        batch = run_setting(setting, make_agents, runs, seed)
        results.extend(batch)
        if progress is not None:
            progress(setting, batch)
    return results


def rational_agents(setting: Setting, run: int, opener: str) -> tuple[Any, Any]:
    """Agent factory: two :class:`RationalAgent`."""
    return RationalAgent(), RationalAgent()


#: The language-model runs' model name (the local server's alias; part of every request).
LOCAL_MODEL = "qwen2.5-coder-0.5b-instruct-q4_k_m"


def language_model_sampling(temperature: float, seed: int, max_tokens: int = 48) -> Sampling:
    """Sampling of the recorded runs: llama.cpp's ``top_k`` 1 at temperature 0 (greedy)
    and 40 above it, a per-run seed, the prompt cache off."""
    return Sampling(temperature=temperature, seed=seed, max_tokens=max_tokens,
                    top_k=1 if temperature == 0 else 40, extra={"cache_prompt": False})


def language_model_agents(
    backend: Backend,
    temperature: float = 0.7,
    model: str = LOCAL_MODEL,
    identity: dict[str, Any] | None = None,
    transcript: TranscriptWriter | None = None,
    seed: int = 0,
    max_attempts: int = 3,
) -> AgentFactory:
    """Agent factory: both sides played by :class:`LanguageModelAgent` on ``backend``
    (live or :class:`~persuasion.bargaining.llm.ReplayBackend`), in the setting's framing,
    sampling with a seed per (setting, run); every call labelled with both."""

    def make(setting: Setting, run: int, opener: str) -> tuple[Any, Any]:
        sampling = language_model_sampling(temperature, run_seed(seed, setting.name, run))
        client = ChatClient(backend, model, sampling, identity or {}, transcript,
                            max_attempts=max_attempts)
        label = {"setting": setting.name, "run": run, "temperature": temperature}
        agent = LanguageModelAgent(client, setting.framing, label)
        return agent, agent

    return make


# ----------------------------------------------------------------------------- probes
@dataclass(frozen=True)
class Probe:
    """An offer put to a responder on purpose (off the path of play)."""

    setting: Setting
    proposal: Proposal

    @property
    def game(self) -> BargainingGame:
        return setting_game(self.setting, self.setting.first)

    @property
    def responder(self) -> str:
        return other(self.setting.first)

    @property
    def persuasive(self) -> bool | None:
        if self.proposal.scheme is None:
            return None
        return is_persuasive(self.game.source, self.proposal.scheme)

    def best_response(self) -> bool:
        """The subgame-perfect answer (accept iff worth at least rejecting)."""
        return subgame_perfect_response(self.setting, self.setting.first, 1, self.proposal)


PROBE_SCHEMES = ((0, 1), (Fraction(1, 4), 1), (Fraction(1, 2), 1), (Fraction(3, 4), 1), (1, 1))
PROBE_SPLITS = (Fraction(1, 2), Fraction(3, 4), Fraction(1))


def probe_set(
    framings: Sequence[str] = FRAMINGS, alternating_offers: int = 10,
    continuation: Fraction = CONTINUATION,
) -> tuple[Probe, ...]:
    """Offers to the receiver (player B) at the first offer of a one-shot game and of
    alternating offers: five schemes of the letter game in each framing — full
    revelation, two persuasive ones, and two that are not persuasive — and three
    unbounded splits."""
    settings = [
        lambda **kw: Setting(horizon="one_shot", max_offers=1, first="sender", **kw),
        lambda **kw: Setting(horizon="alternating", max_offers=alternating_offers,
                             continuation=Fraction(continuation), first="sender", **kw),
    ]
    probes = []
    for make in settings:
        for framing in framings:
            setting = make(source="persuasion", framing=framing)
            probes += [Probe(setting, Proposal(scheme=scheme_of(*xs))) for xs in PROBE_SCHEMES]
        setting = make(source="unbounded")
        probes += [Probe(setting, Proposal(split=x)) for x in PROBE_SPLITS]
    return tuple(probes)


@dataclass(frozen=True)
class ProbeResult:
    probe: Probe
    accepted: bool

    @property
    def best(self) -> bool:
        return self.accepted == self.probe.best_response()


def run_probes(probes: Iterable[Probe],
               make_responder: Callable[[Probe], Any]) -> list[ProbeResult]:
    """Ask ``make_responder(probe)`` (an agent) to answer each probe."""
    out = []
    for probe in probes:
        agent = make_responder(probe)
        response = agent.respond(GameView(probe.responder, probe.game, 1), probe.proposal)
        out.append(ProbeResult(probe, bool(response.accept)))
    return out


# ----------------------------------------------------------------------------- metrics
@dataclass(frozen=True)
class Correlation:
    """Pearson ``r`` between setting means and targets over ``n`` settings, with its
    Fisher-z 95% interval (``z = atanh r``, standard error ``1/√(n − 3)``) and the
    two-sided p-value; ``r`` is ``None`` when either side is constant (undefined)."""

    r: float | None
    low: float | None
    high: float | None
    p_value: float | None
    n: int


def pearson_fisher(values: Sequence[Any], targets: Sequence[Any]) -> Correlation:
    """Pearson correlation with the Fisher-z interval (see :class:`Correlation`)."""
    x = np.asarray([float(v) for v in values])
    y = np.asarray([float(t) for t in targets])
    if x.shape != y.shape or x.size < 4:
        raise ValueError("values and targets must have the same length, at least 4")
    if np.ptp(x) == 0 or np.ptp(y) == 0:
        return Correlation(None, None, None, None, int(x.size))
    r, p = stats.pearsonr(x, y)
    r = float(np.clip(r, -1.0, 1.0))
    if abs(r) > 1 - 1e-12:
        return Correlation(round(r), round(r), round(r), 0.0, int(x.size))
    z, se = math.atanh(r), 1 / math.sqrt(x.size - 3)
    return Correlation(r, math.tanh(z - 1.96 * se), math.tanh(z + 1.96 * se), float(p),
                       int(x.size))


@dataclass(frozen=True)
class SettingSummary:
    setting: Setting
    runs: int
    mean_value: float
    mean_target: float
    agreement: float


def setting_summaries(results: Iterable[RunResult]) -> list[SettingSummary]:
    """Per setting (in first-seen order): mean opener payoff, mean target, agreement."""
    groups: dict[str, list[RunResult]] = {}
    for result in results:
        groups.setdefault(result.setting.name, []).append(result)
    out = []
    for batch in groups.values():
        out.append(SettingSummary(
            batch[0].setting,
            len(batch),
            float(np.mean([float(r.value) for r in batch])),
            float(np.mean([float(r.target) for r in batch])),
            float(np.mean([r.record.agreed for r in batch])),
        ))
    return out


@dataclass(frozen=True)
class Diagnostics:
    """The paper's metric and the reviewers' ones for a set of runs.

    ``correlation`` over all settings, ``validation`` and ``inference`` over each
    stage; ``agreement`` share of runs ending in a deal; ``persuasive`` share of
    proposed schemes that are persuasive; ``best_response`` share of responses on the
    path of play that are subgame-perfect; ``probe_best_response`` the same on the
    probes (``None`` without probes); ``payoff_distance`` mean distance of expected to
    subgame-perfect payoffs; ``proposal_distance`` mean distance of first proposals.
    """

    correlation: Correlation
    validation: Correlation
    inference: Correlation
    agreement: float
    persuasive: float | None
    best_response: float
    probe_best_response: float | None
    payoff_distance: float
    proposal_distance: float


def diagnostics(results: Sequence[RunResult],
                probes: Sequence[ProbeResult] | None = None) -> Diagnostics:
    """:class:`Diagnostics` of ``results`` (and ``probes``)."""
    if not results:
        raise ValueError("results must not be empty")
    summaries = setting_summaries(results)

    def corr(stage: str | None) -> Correlation:
        chosen = [s for s in summaries if stage is None or s.setting.stage == stage]
        if len(chosen) < 4:
            return Correlation(None, None, None, None, len(chosen))
        return pearson_fisher([s.mean_value for s in chosen], [s.mean_target for s in chosen])

    flags = [p for r in results for p in r.persuasive if p is not None]
    best = [b for r in results for b in r.best]
    return Diagnostics(
        correlation=corr(None),
        validation=corr("validation"),
        inference=corr("inference"),
        agreement=float(np.mean([r.record.agreed for r in results])),
        persuasive=float(np.mean(flags)) if flags else None,
        best_response=float(np.mean(best)),
        probe_best_response=(float(np.mean([p.best for p in probes])) if probes else None),
        payoff_distance=float(np.mean([r.payoff_distance for r in results])),
        proposal_distance=float(np.mean([r.proposal_distance for r in results])),
    )
