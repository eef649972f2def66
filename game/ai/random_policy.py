"""`random`: a legal choice at random — for playtests and fuzzing, not for students."""

from __future__ import annotations

from dataclasses import replace

from game.ai.common import random_package
from game.engine.rules import legal_actions, open_proposals_for
from game.engine.state import PASS, Answer, Choice, GameState


class RandomPolicy:
    name = "random"

    def choose(self, state: GameState, actor: str) -> Choice:
        rng = state.rng(actor, "random")
        answers = []
        for proposal in open_proposals_for(state, actor):
            reply = rng.choice(["accept", "reject", "hold", "counter"])
            if reply == "counter":
                counter = random_package(state, actor, rng)
                if counter is None or proposal.side not in counter.to:
                    reply = "reject"
                    counter = None
                answers.append(Answer(proposal.id, reply, counter))  # type: ignore[arg-type]
            else:
                answers.append(Answer(proposal.id, reply))  # type: ignore[arg-type]
        action = rng.choice(legal_actions(state, actor))
        if action.kind == "propose" and action.package is None:
            package = random_package(state, actor, rng)
            action = replace(action, package=package) if package else PASS
        return Choice(actor, action, tuple(answers), by=self.name)
