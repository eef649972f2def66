"""Helpers shared by the computer policies: composing packages and building choices."""

from __future__ import annotations

import random

from game.engine.rules import can_propose_on, index
from game.engine.state import GameState, PackageSpec


def random_package(state: GameState, actor: str, rng: random.Random) -> PackageSpec | None:
    """A random legal package this actor could propose, or None."""
    idx = index(state.loaded)
    options = [i for i in idx.instruments if can_propose_on(state, actor, i)]
    if not options:
        return None
    model = idx.instruments[rng.choice(options)]
    mine = idx.side_of[actor]
    others = [s for s in model.parties if s != mine]
    count = rng.randint(max(1, model.min_parties - 1), len(others))
    to = tuple(rng.sample(others, count))
    terms = tuple(
        (issue, rng.choice([None, *[o.id for o in idx.issues[issue].options]]))
        for issue in model.issues
    )
    return PackageSpec(model.id, to, terms)
