"""The three lenses — none of them *the* score; the teacher picks which counts.

- In character: each decision judged against the situation it was made in (its label, or, for a
  package of the student's own, whether it crossed the delegation's own red lines).
- Statecraft against par: the persona utility of the final state, scaled so the real diplomat's
  outcome is 100 and the worst reachable is 0 (capped at 150) — the utility the computers use.
- Distance from history: instrument by instrument, descriptive, never graded; disputed facts skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.ai import make_policy
from game.engine.history import Difference, differences
from game.engine.rules import apply, index, new_game
from game.engine.session import Session
from game.engine.state import Choice, GameState, PackageSpec
from game.engine.utility import outcome_utility, red_lines_hit

CREDIT = {"historical": 1.0, "considered": 1.0, "plausible": 1.0, "out_of_character": 0.0}
WORST_SAMPLES = 12


@dataclass(frozen=True)
class Judgement:
    round: int
    actor: str
    what: str  # the decision in words
    label: str  # historical | considered | plausible | out_of_character
    credit: float
    why: str
    source: str | None


@dataclass(frozen=True)
class Statecraft:
    actor: str  # the delegation's name
    utility: float
    par: float
    worst: float
    score: float  # 0..150, par = 100


def judge_choices(state: GameState, actors: list[str]) -> list[Judgement]:
    """In character: every decision of these actors (their moves and their answers), each judged in
    the state it was made in (the game is replayed choice by choice)."""
    out: list[Judgement] = []
    replay = new_game(state.loaded, state.seed, len(state.rounds) < len(state.loaded.scenario.calendar.rounds), state.actors)
    for choice in state.choices:
        if choice.actor in actors:
            out.extend(_judge(replay, choice))
        replay, _ = apply(replay, choice)
    return out


def _judge(state: GameState, choice: Choice) -> list[Judgement]:
    idx = index(state.loaded)
    r = state.round
    found: list[Judgement] = []
    action = choice.action
    if action.move is not None:
        move = idx.moves[action.move]
        found.append(Judgement(r, choice.actor, move.label, move.plausibility, CREDIT[move.plausibility], move.note, move.source))
    elif action.kind == "propose" and action.package is not None:
        found.append(_judge_package(state, choice.actor, action.package, idx.side_of[choice.actor], "proposed"))
    elif action.kind in ("sign", "ratify", "accede") and action.instrument is not None:
        inst = state.instruments[action.instrument]
        what = f"{action.kind} the {idx.instruments[action.instrument].name}"
        if inst.terms is not None:
            package = PackageSpec(action.instrument, tuple(s for s in inst.parties if s != idx.side_of[choice.actor]), inst.terms)
            j = _judge_package(state, choice.actor, package, idx.side_of[choice.actor], action.kind)
            found.append(Judgement(r, choice.actor, what, j.label, j.credit, j.why, j.source))
    proposals = {p.id: p for p in state.proposals}
    for answer in choice.answers:
        p = proposals.get(answer.proposal)
        if p is None or answer.reply != "accept":
            continue  # refusing or holding never crosses one's own red line
        found.append(_judge_package(state, choice.actor, p.package, p.side, "accepted"))
    return found


def _judge_package(state: GameState, actor_id: str, package: PackageSpec, proposer: str, verb: str) -> Judgement:
    idx = index(state.loaded)
    mine = idx.side_of[actor_id]
    parties = [proposer, *(s for s in package.to if s != proposer)]
    if mine not in parties:
        parties.append(mine)
    hits = red_lines_hit(state, idx.actors[actor_id], package, parties)
    what = f"{verb} a package on the {idx.instruments[package.instrument].name}"
    if hits:
        red = hits[0]
        return Judgement(state.round, actor_id, what, "out_of_character", 0.0,
                         f"it crosses the delegation's own red line: {red.reason}", red.source)
    return Judgement(state.round, actor_id, what, "plausible", 1.0,
                     "it keeps within the delegation's own red lines", None)


def in_character_score(judgements: list[Judgement]) -> float | None:
    if not judgements:
        return None
    return 100.0 * sum(j.credit for j in judgements) / len(judgements)


def historical_state(state: GameState) -> GameState:
    """The game played as history went: every delegation historical, same seed and setting."""
    loaded = state.loaded
    cached = loaded.__dict__.setdefault("_historical_states", {})
    key = (state.seed, state.rounds)
    if key not in cached:
        session = Session(loaded, state.seed, [], {a.id: make_policy("historical") for a in loaded.scenario.actors},
                          short=len(state.rounds) < len(loaded.scenario.calendar.rounds))
        session.run_computers()
        cached[key] = session.state
    result: GameState = cached[key]
    return result


def worst_reachable(state: GameState, actor: str) -> float:
    """The worst outcome utility found: nothing agreed (0) and a sample of random games."""
    loaded = state.loaded
    cached = loaded.__dict__.setdefault("_worst", {})
    if actor not in cached:
        worst = 0.0
        for seed in range(WORST_SAMPLES):
            session = Session(loaded, seed, [], {a.id: make_policy("random") for a in loaded.scenario.actors})
            session.run_computers()
            worst = min(worst, outcome_utility(session.state, actor))
        cached[actor] = worst
    value: float = cached[actor]
    return value


def statecraft(state: GameState, actor: str) -> Statecraft:
    utility = outcome_utility(state, actor)
    par = outcome_utility(historical_state(state), actor)
    worst = min(worst_reachable(state, actor), utility, par)
    if par - worst < 1e-9:
        score = 100.0 if utility >= par else 0.0
    else:
        score = 100.0 * (utility - worst) / (par - worst)
    return Statecraft(index(state.loaded).actors[actor].name, utility, par, worst, max(0.0, min(150.0, score)))


def distance(state: GameState) -> list[Difference]:
    return differences(state)
