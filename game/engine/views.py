"""What one actor may see: `view_for(state, actor)`.

A view holds the public record (resolved rounds, instruments, public variables), the actor's own
goals — secret ones included — and trust, and the proposals addressed to or made by its side. It never
holds another actor's secret goals, persona, or this round's hidden choices.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.rules import index, legal_actions, open_proposals_for
from game.engine.state import Action, GameState, InstrumentState, LogEntry, Proposal
from game.scenario.models import Goal, Round


@dataclass(frozen=True)
class View:
    actor: str
    side: str
    name: str
    person: str | None
    authority: bool
    round_number: int
    rounds_total: int
    round: Round
    briefing: str | None
    goals: tuple[Goal, ...]
    secret_goals: tuple[Goal, ...]
    trust: dict[str, int]
    variables: dict[str, int]
    instruments: dict[str, InstrumentState]
    to_answer: tuple[Proposal, ...]
    own_proposals: tuple[Proposal, ...]
    log: tuple[LogEntry, ...]  # public record of resolved rounds and fired events
    legal: tuple[Action, ...]
    ended: bool


def view_for(state: GameState, actor: str) -> View:
    """The actor's view of the game: public record plus its own secrets, nothing else."""
    idx = index(state.loaded)
    model = idx.actors[actor]
    my_side = idx.side_of[actor]
    variables = {
        v.id: state.vars[v.id]
        for v in state.loaded.scenario.variables
        if v.visible_to is None or actor in v.visible_to
    }
    hidden = {v.id for v in state.loaded.scenario.variables} - set(variables)
    log = tuple(e for e in state.log if not (e.kind == "var" and e.get("var") in hidden))
    return View(
        actor=actor,
        side=my_side,
        name=model.name,
        person=model.person,
        authority=idx.authority.get(my_side) == actor,
        round_number=state.round + 1,
        rounds_total=len(state.rounds),
        round=state.loaded.scenario.calendar.rounds[state.round_index],
        briefing=model.briefing,
        goals=tuple(model.goals),
        secret_goals=tuple(model.secret_goals),
        trust={other: state.trust.get((my_side, other), 0) for other in idx.sides if other != my_side},
        variables=variables,
        instruments=dict(state.instruments),
        to_answer=tuple(open_proposals_for(state, actor)),
        own_proposals=tuple(p for p in state.proposals if p.side == my_side and p.status == "open"),
        log=log,
        legal=tuple(legal_actions(state, actor)),
        ended=state.ended,
    )
