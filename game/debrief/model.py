"""The debrief, built from the game itself: the three lenses, your path beside history round by
round, the largest divergences with their consequences (quoting the computers' reasons) and why
history went otherwise, the aftermath labelled *in history*, questions, `ask_why`, sources by kind.

Pure: it computes a `Debrief` value; `export.py` renders it; `game/storage.py` writes files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from game.debrief.lenses import (
    Judgement,
    Statecraft,
    distance,
    historical_state,
    in_character_score,
    judge_choices,
    statecraft,
)
from game.engine.rules import holds, index
from game.engine.save import choice_to_json
from game.engine.state import Choice, GameState
from game.scenario.models import HistoryPlay
from game.wording import action_label, actor_name, difference, instrument_status, round_label


@dataclass(frozen=True)
class PathRow:
    round: str
    actor: str
    yours: str
    history: str
    same: bool


@dataclass(frozen=True)
class Divergence:
    round: str
    actor: str
    yours: str
    history: str
    why_history: str
    source: str | None
    consequences: tuple[str, ...]


@dataclass
class Debrief:
    scenario: str
    title: str
    seed: int
    players: list[str]
    outcome: list[str]
    history_summary: str | None
    judgements: list[Judgement]
    in_character: float | None
    statecraft: list[Statecraft]
    distance: list[str]
    path: list[PathRow]
    divergences: list[Divergence]
    epilogue: list[dict[str, str]]
    questions: list[str]
    ask_why: list[dict[str, str]]
    sources: dict[str, list[dict[str, Any]]]
    choices: list[dict[str, Any]] = field(default_factory=list)
    short: bool = False


def build_debrief(state: GameState, actors: list[str]) -> Debrief:
    """The debrief for the human `actors` of a finished (or stopped) game."""
    loaded = state.loaded
    s = loaded.scenario
    idx = index(loaded)
    judgements = judge_choices(state, actors)
    history_state = historical_state(state)
    path, divergences = _path(state, history_state, actors)
    cited = _cited_sources(state)
    sources: dict[str, list[dict[str, Any]]] = {}
    for src in s.meta.sources:
        if src.id not in cited and src.id not in s.debrief.reading:
            continue
        sources.setdefault(src.kind, []).append(
            {"id": src.id, "citation": src.citation, "url": src.url, "note": src.note, "uses": cited.get(src.id, 0)}
        )
    played = {c.action.move for c in state.choices if c.actor in actors and c.action.move}
    answers = {c.action.move: c.why for c in state.choices if c.actor in actors and c.action.move and c.why}
    return Debrief(
        scenario=loaded.id,
        title=s.meta.title,
        seed=state.seed,
        players=[actor_name(loaded, a) for a in actors],
        outcome=[instrument_status(loaded, inst, state) for inst in state.instruments.values()],
        history_summary=s.history.summary,
        judgements=judgements,
        in_character=in_character_score(judgements),
        statecraft=[statecraft(state, a) for a in actors if idx.authority.get(idx.side_of[a]) == a] or
                   [statecraft(state, a) for a in actors],
        distance=[difference(state, d) for d in distance(state)],
        path=path,
        divergences=divergences,
        epilogue=[{"date": e.date, "text": e.text, "certainty": e.certainty, "source": e.source} for e in s.history.epilogue],
        questions=[q.text for q in s.debrief.questions if q.when is None or holds(state, q.when)],
        ask_why=[{"move": idx.moves[a.move].label, "prompt": a.prompt, "answer": answers.get(a.move, "")}
                 for a in s.debrief.ask_why if a.move in played],
        sources=sources,
        choices=[choice_to_json(c) for c in state.choices],
        short=len(state.rounds) < len(s.calendar.rounds),
    )


def _history_play(state: GameState, round_position: int, actor: str) -> HistoryPlay | None:
    round_id = state.loaded.scenario.calendar.rounds[state.rounds[round_position]].id
    for play in state.loaded.scenario.history.plays:
        if play.round == round_id and actor in play.actors and play.move:
            return play
    return None


def _play_label(state: GameState, play: HistoryPlay | None) -> tuple[str, str, str | None]:
    """(label, note, source) of a recorded move."""
    idx = index(state.loaded)
    if play is None or play.move is None:
        return ("(no record)", "", None)
    if play.move == "pass":
        return ("Wait and watch", "", play.source)
    if play.move in idx.moves:
        move = idx.moves[play.move]
        return (move.label, move.note, move.source)
    inst = idx.instruments[play.instrument or ""].name
    return (f"{play.move.capitalize()} the {inst}", "", play.source)


def _matches(play: HistoryPlay | None, choice: Choice) -> bool:
    if play is None:
        return False
    action = choice.action
    if play.move == "pass":
        return action.kind == "pass"
    if play.move in ("sign", "ratify", "accede"):
        return action.kind == play.move and action.instrument == play.instrument
    return action.move == play.move


def _path(state: GameState, history: GameState, actors: list[str]) -> tuple[list[PathRow], list[Divergence]]:
    loaded = state.loaded
    rows: list[PathRow] = []
    divergences: list[Divergence] = []
    per_round = len(state.actors)
    for i, choice in enumerate(state.choices):
        if choice.actor not in actors:
            continue
        r = i // per_round
        yours = "Wait and watch" if choice.action.kind == "pass" else action_label(loaded, choice.action)
        play = _history_play(state, r, choice.actor)
        label, note, source = _play_label(state, play)
        same = _matches(play, choice)
        rows.append(PathRow(round_label(state, r), actor_name(loaded, choice.actor), yours, label, same))
        if not same and play is not None:
            divergences.append(Divergence(round_label(state, r), actor_name(loaded, choice.actor), yours, label,
                                          note or "See what really happened, above.", source,
                                          _consequences(state, r, choice.actor)))
    return rows, divergences[:8]


def _consequences(state: GameState, round_position: int, actor: str) -> tuple[str, ...]:
    """What followed in the next round: the answers to this actor's proposals, with the reasons."""
    idx = index(state.loaded)
    side = idx.side_of[actor]
    mine = {e.get("proposal") for e in state.log if e.kind == "proposal" and e.round == round_position and e.actor == actor}
    out = []
    for entry in state.log:
        if entry.kind == "answer" and entry.get("proposal") in mine:
            reasons = entry.get("reasons") or []
            reply = entry.get("reply")
            who = actor_name(state.loaded, entry.actor)
            out.append(f"{who} answered {reply}" + (f": {reasons[0]}" if reasons else ""))
        if entry.kind in ("agreed", "in_force") and entry.round > round_position and side in str(entry.data):
            name = idx.instruments[entry.get("instrument")].name
            line = f"then the {name} was {'agreed' if entry.kind == 'agreed' else 'in force for you'} ({round_label(state, entry.round)})"
            if line not in out:
                out.append(line)
    return tuple(out[:3])


def _cited_sources(state: GameState) -> dict[str, int]:
    """How often each source is cited by what this game used (moves played, events fired, record)."""
    s = state.loaded.scenario
    counts: dict[str, int] = {}

    def cite(source: str | None) -> None:
        if source:
            counts[source] = counts.get(source, 0) + 1

    for move in s.moves:
        if move.id in state.played:
            cite(move.source)
    for event in s.events:
        if event.id in state.fired:
            cite(event.source)
    for record in s.history.instruments:
        cite(record.source)
    for item in s.history.epilogue:
        cite(item.source)
    return counts
