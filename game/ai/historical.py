"""`historical`: plays the recorded initiatives and answers. Where the record has nothing for this
actor and round, or its move is no longer legal, it plays as `strategic` and the choice is marked
*history diverged*."""

from __future__ import annotations

from dataclasses import replace

from game.ai.reasons import short_source
from game.ai.strategic import StrategicPolicy
from game.engine.rules import index, legal_actions, open_proposals_for
from game.engine.state import PASS, Action, Answer, Choice, GameState


class HistoricalPolicy:
    name = "historical"

    def __init__(self) -> None:
        self.fallback = StrategicPolicy()

    def choose(self, state: GameState, actor: str) -> Choice:
        plays = [p for p in state.loaded.scenario.history.plays if p.round == state.round_id and actor in p.actors]
        diverged = False
        answers = []
        for proposal in open_proposals_for(state, actor):
            record = next((p for p in plays if p.answer and p.to is not None and p.to == proposal.move), None)
            if record is not None and record.answer is not None:
                src = short_source(state, record.source)
                answers.append(Answer(proposal.id, record.answer, reasons=(f"as in history{': ' + src if src else ''}",)))
            else:
                diverged = True
                answers.append(self.fallback.answer(state, actor, proposal))
        due_moves = {p.move for p in open_proposals_for(state, actor)}
        if any(p.answer and p.to not in due_moves for p in plays):
            diverged = True  # the record answers a proposal this game never saw
        record = next((p for p in plays if p.move), None)
        action: Action | None = None
        if record is not None and record.move == "pass":
            action = PASS
        elif record is not None and record.move in ("sign", "ratify", "accede"):
            action = next((a for a in legal_actions(state, actor) if a.kind == record.move and a.instrument == record.instrument), None)
            if action is not None:
                src = short_source(state, record.source)
                action = replace(action, reasons=(f"as in history{': ' + src if src else ''}",))
        elif record is not None:
            action = next((a for a in legal_actions(state, actor) if a.move == record.move), None)
            if action is not None:
                move = index(state.loaded).moves[record.move]
                action = replace(action, reasons=(f"as in history: {move.note}",))
        if action is None:
            diverged = True
            countering = {a.counter.instrument for a in answers if a.counter is not None}
            action = self.fallback.initiative(state, actor, state.rng(actor, "historical"), countering)
        return Choice(actor, action, tuple(answers), by=self.name, diverged=diverged)
