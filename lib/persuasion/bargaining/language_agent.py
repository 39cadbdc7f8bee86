"""A language model as a bargaining agent: the game in words, a JSON decision back.

:class:`LanguageModelAgent` implements the agent protocol of
:mod:`persuasion.bargaining.agents` (``propose(view)``, ``respond(view, proposal)``)
by describing the game, the protocol and the history in words, in one of several
framings (:data:`FRAMINGS`: an abstract sender/receiver game, a professor writing
recommendation letters to an employer, a seller describing a product to a buyer;
the split games are described as dividing a dollar), and asking a chat model
(:class:`persuasion.bargaining.llm.ChatClient`, live or replayed) for a JSON decision:
``{"x1": ..., "x2": ...}`` (the probabilities of the favourable signal in the bad and
the good state; Lin et al., 2025, write a scheme as ``(x1, x2)``), ``{"x": ...}`` for a
split, ``{"decision": "accept" | "reject"}`` for a response. Answers are checked
against the schema and the ranges, and retried a bounded number of times by the client.

Persuasion games must have two states and two actions (action 1 is the one the
sender wants, e.g. "hire"); their numbers (prior, payoffs) are taken from the
instance. Unlike the public experiment code, the agent is not asked for a written
analysis before its decision (a 0.5B model's reasoning text would cost most of the
time of a call); the recorded answer is the decision alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .agents import GameView, Proposal, Response, Turn
from .games import SplitGame, other
from .llm.client import ChatClient, parse_json_answer
from .llm.errors import InvalidAnswerError

#: The framings of persuasion games; split games use their own wording.
FRAMINGS = ("abstract", "letter", "seller")


@dataclass(frozen=True)
class Framing:
    """The nouns a framing puts on the 2-state, 2-action persuasion game."""

    sender: str
    receiver: str
    states: tuple[str, str]  # bad state, good state
    item: str  # what the state is about
    act: str  # action 1, as a verb phrase
    no_act: str  # action 0
    signal: str  # the favourable signal (recommends action 1)
    policy: str  # what a scheme is called


_FRAMINGS: dict[str, Framing] = {
    "abstract": Framing(
        "the sender", "the receiver", ("state B", "state G"), "the state",
        "act", "do not act", "the signal 'act'", "signalling scheme",
    ),
    "letter": Framing(
        "the professor", "the employer", ("weak", "strong"), "a student",
        "hire the student", "do not hire", "a recommendation", "letter policy",
    ),
    "seller": Framing(
        "the seller", "the buyer", ("low quality", "high quality"), "the product",
        "buy", "do not buy", "the message 'good product'", "disclosure policy",
    ),
}


def fmt(value: Any) -> str:
    """A number as the prompts show it: a fraction with a small denominator as ``p/q``,
    anything else with at most four decimals and no trailing zeros."""
    if isinstance(value, Fraction) and value.denominator != 1 and value.denominator <= 12:
        return f"{value.numerator}/{value.denominator}"
    text = f"{float(value):.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def check_framing(framing: Any) -> str:
    if framing not in FRAMINGS:
        raise ValueError(f"framing must be one of {FRAMINGS}, got {framing!r}")
    return framing


def _check_binary(instance: Any) -> None:
    if instance.n_states != 2 or instance.n_actions != 2:
        raise ValueError(
            "instance must have two states and two actions for a language-model agent, "
            f"got {instance.n_states} x {instance.n_actions}"
        )


def scheme_of(x1: Any, x2: Any) -> tuple[tuple[Fraction, Fraction], ...]:
    """The direct scheme ``(x1, x2)``: the favourable signal (action 1) with
    probability ``x1`` in the bad state (row 0) and ``x2`` in the good state (row 1)."""
    a, b = Fraction(x1), Fraction(x2)
    return ((1 - a, a), (1 - b, b))


def xs_of(scheme: Any) -> tuple[Fraction, Fraction]:
    """``(x1, x2)`` of a 2 x 2 direct scheme."""
    return Fraction(scheme[0][1]), Fraction(scheme[1][1])


# ----------------------------------------------------------------------------- wording
def _names(view: GameView, framing: str) -> dict[str, str]:
    if isinstance(view.game.source, SplitGame):
        return {"sender": "player A", "receiver": "player B"}
    f = _FRAMINGS[framing]
    return {"sender": f.sender, "receiver": f.receiver}


def _split_rules(game: SplitGame) -> str:
    if game.kind == "unbounded":
        return (
            "Player A and player B divide one dollar. A proposal is a number x between 0 "
            "and 1: player A gets x and player B gets 1 - x. With no deal both get 0."
        )
    return (
        "Player A and player B share a project. A proposal is a number x between 0 and "
        "0.5: player A gets (1 + 2x)/3 and player B gets (1 - 2x)/3. With no deal both "
        "get 0."
    )


def _persuasion_rules(instance: Any, f: Framing) -> str:
    prior_, s, r = instance.exact if instance.exact is not None else (
        instance.prior, instance.sender, instance.receiver)
    prior = [fmt(p) for p in prior_]
    bad, good = f.states
    return (
        f"{f.item.capitalize()} is {bad} with probability {prior[0]} and {good} with "
        f"probability {prior[1]}; only {f.sender} learns which. Payoffs of "
        f"{f.receiver}: {fmt(r[1][1])} if they {f.act} when {good}, {fmt(r[0][1])} if "
        f"they {f.act} when {bad}, {fmt(r[0][0])} and {fmt(r[1][0])} if they {f.no_act} "
        f"({bad}, {good}). Payoffs of {f.sender}: {fmt(s[0][1])} and {fmt(s[1][1])} if "
        f"{f.receiver} {f.act.split()[0]}s ({bad}, {good}), {fmt(s[0][0])} and "
        f"{fmt(s[1][0])} otherwise. A {f.policy} (x1, x2) sends {f.signal} with "
        f"probability x1 when {bad} and x2 when {good}."
    )


def _protocol(view: GameView, names: Mapping[str, str], framing: str) -> str:
    game = view.game
    lines = []
    if isinstance(game.source, SplitGame):
        lines.append("The proposer offers x; the other player accepts (the deal is made) or "
                     "rejects.")
    else:
        f = _FRAMINGS[framing]
        proposers = {game.first} if game.horizon != "alternating" else {"sender", "receiver"}
        if "sender" in proposers:
            lines.append(
                f"If {f.sender} proposes a {f.policy}, {f.receiver} either accepts (the policy "
                f"is fixed, and {f.receiver} sees each signal and then decides, knowing the "
                f"policy) or rejects (no deal: {f.receiver} ignores all signals)."
            )
        rule = "at least" if game.rule == "at_least" else "exactly"
        if "receiver" in proposers:
            lines.append(
                f"If {f.receiver} proposes a {f.policy}, they promise to follow any policy "
                f"of {f.sender} that gives them {rule} what the proposed one would; "
                f"{f.sender} accepts (and then uses the policy best for {f.sender} among "
                f"those) or rejects (no deal)."
            )
    delta = fmt(game.continuation)
    if game.horizon == "one_shot":
        lines.append("There is a single offer: take it or leave it.")
    elif game.horizon == "repeated":
        lines.append(
            f"The same side makes every offer, at most {game.max_offers} offers; after a "
            "rejection the next offer comes"
            + ("" if game.continuation == 1 else f" with probability {delta}")
            + ". A rejected last offer means no deal."
        )
    else:
        lines.append(
            f"After a rejection the bargaining goes on with probability {delta} (otherwise "
            f"it ends with no deal) and the other side makes the next offer; at most "
            f"{game.max_offers} offers. A rejected last offer means no deal."
        )
    return " ".join(lines)


def _offer_text(game: Any, proposal: Proposal) -> str:
    if proposal.split is not None:
        return f"x = {fmt(proposal.split)}"
    x1, x2 = xs_of(proposal.scheme)
    return f"(x1, x2) = ({fmt(x1)}, {fmt(x2)})"


def _history(view: GameView, names: Mapping[str, str]) -> str:
    if not view.history:
        return ""
    parts = []
    for turn in view.history:
        turn: Turn
        verdict = "accepted" if turn.response.accept else "rejected"
        parts.append(
            f"Offer {turn.offer}: {names[turn.proposer]} proposed "
            f"{_offer_text(view.game, turn.proposal)}; {verdict}."
        )
    return " History: " + " ".join(parts)


def describe(view: GameView, framing: str = "abstract") -> list[dict[str, str]]:
    """The system and user messages describing the game to the agent of ``view``
    (without the question)."""
    check_framing(framing)
    source = view.game.source
    names = _names(view, framing)
    if isinstance(source, SplitGame):
        rules = _split_rules(source)
    else:
        _check_binary(source)
        rules = _persuasion_rules(source, _FRAMINGS[framing])
    me = names[view.role]
    system = (
        f"You are {me} in a bargaining game. Act in your own interest to get the highest "
        "expected payoff. Reply with a JSON object only."
    )
    where = f"This is offer {view.offer}; {names[view.proposer]} makes it."
    user = f"{rules} {_protocol(view, names, framing)}{_history(view, names)} {where}"
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


# ----------------------------------------------------------------------------- schemas
def _number(low: float, high: float) -> dict[str, Any]:
    return {"type": "number", "minimum": low, "maximum": high}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


RESPONSE_SCHEMA = _object({"decision": {"type": "string", "enum": ["accept", "reject"]}})
SCHEME_SCHEMA = _object({"x1": _number(0, 1), "x2": _number(0, 1)})


def split_schema(game: SplitGame) -> dict[str, Any]:
    low, high = game.bounds
    return _object({"x": _number(float(low), float(high))})


# ----------------------------------------------------------------------------- the agent
class LanguageModelAgent:
    """An agent whose decisions come from a chat model (module docstring).

    ``client`` is a :class:`~persuasion.bargaining.llm.ChatClient` (live, or replaying
    a transcript); ``label`` is added to every transcript line (e.g. the setting and
    run), never to the request. When every attempt at a proposal returns numbers out
    of range (JSON-schema decoding makes the JSON itself valid, but llama.cpp does not
    enforce the bounds of real numbers), the last answer's numbers are clipped into
    range and :attr:`clipped` counts it; any other invalid answer raises
    :class:`~persuasion.bargaining.llm.InvalidAnswerError` after the client's attempts.
    """

    def __init__(
        self, client: ChatClient, framing: str = "abstract", label: Mapping[str, Any] | None = None
    ) -> None:
        if not isinstance(client, ChatClient):
            raise ValueError(f"client must be a ChatClient, got {type(client).__name__}")
        self.client = client
        self.framing = check_framing(framing)
        self.label = dict(label or {})
        self.clipped = 0

    def _label(self, view: GameView, kind: str) -> dict[str, Any]:
        return {**self.label, "role": view.role, "offer": view.offer, "kind": kind}

    def propose(self, view: GameView) -> Proposal:
        messages = describe(view, self.framing)
        source = view.game.source
        if isinstance(source, SplitGame):
            low, high = source.bounds
            ask = (
                f" You propose. Reply with JSON {{\"x\": number}} where x is between "
                f"{fmt(low)} and {fmt(high)} (player A gets the share written above)."
            )
            schema = split_schema(source)

            def validate(parsed: Any) -> Proposal:
                return Proposal(split=Fraction(str(parsed["x"])))

            def clip(parsed: Any) -> Proposal:
                x = min(max(Fraction(str(parsed["x"])), low), high)
                return Proposal(split=x)
        else:
            ask = (
                " You propose a policy. Reply with JSON {\"x1\": number, \"x2\": number}, "
                "each between 0 and 1."
            )
            schema = SCHEME_SCHEMA

            def validate(parsed: Any) -> Proposal:
                return Proposal(scheme=scheme_of(str(parsed["x1"]), str(parsed["x2"])))

            def clip(parsed: Any) -> Proposal:
                x1, x2 = (min(max(Fraction(str(parsed[k])), Fraction(0)), Fraction(1))
                          for k in ("x1", "x2"))
                return Proposal(scheme=scheme_of(x1, x2))

        messages[-1]["content"] += ask
        try:
            answer = self.client.decide(messages, schema, validate,
                                        self._label(view, "propose"))
        except InvalidAnswerError as err:
            try:
                proposal = clip(parse_json_answer(err.answers[-1]))
            except (ValueError, KeyError, TypeError, ArithmeticError):
                raise err from None
            self.clipped += 1
            return proposal
        return answer.decision

    def respond(self, view: GameView, proposal: Proposal) -> Response:
        messages = describe(view, self.framing)
        names = _names(view, self.framing)
        messages[-1]["content"] += (
            f" {names[other(view.role)].capitalize()} proposes "
            f"{_offer_text(view.game, proposal)}. Do you accept? Reply with JSON "
            "{\"decision\": \"accept\"} or {\"decision\": \"reject\"}."
        )
        answer = self.client.decide(
            messages, RESPONSE_SCHEMA, lambda parsed: parsed["decision"] == "accept",
            self._label(view, "respond"),
        )
        return Response(bool(answer.decision))
