"""Helpers for named negotiation cases: put a package to a computer delegation and read its answer."""

from __future__ import annotations

from dataclasses import replace

from game.ai.strategic import StrategicPolicy
from game.engine.rules import index, new_game
from game.engine.state import Answer, GameState, PackageSpec, Proposal
from game.scenario.loader import LoadedScenario


def state_at(loaded: LoadedScenario, round_id: str | None = None, seed: int = 1, played: tuple[str, ...] = (),
             fired: tuple[str, ...] = (), **variables: int) -> GameState:
    """A fresh game moved to `round_id` with the given variable values, moves played and events fired
    (their effects are not replayed)."""
    state = new_game(loaded, seed)
    if played or fired:
        state = replace(state, played=state.played | set(played), fired=state.fired | set(fired))
    if round_id is not None:
        calendar = [r.id for r in loaded.scenario.calendar.rounds]
        state = replace(state, round=state.rounds.index(calendar.index(round_id)))
    if variables:
        state = replace(state, vars={**state.vars, **variables})
    return state


def answer(state: GameState, actor: str, proposer: str, instrument: str, to: list[str], terms: dict[str, str | None]) -> Answer:
    """The strategic answer of `actor` to a package `proposer` (an actor) puts to sides `to`."""
    idx = index(state.loaded)
    package = PackageSpec(instrument, tuple(to), tuple(terms.items()))
    proposal = Proposal(999, state.round, proposer, idx.side_of[proposer], package, None, None)
    return StrategicPolicy().answer(state, actor, proposal)
