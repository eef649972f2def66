"""The Policy protocol: how a computer delegation chooses. `game.ai` implements it; callers inject it."""

from __future__ import annotations

from typing import Protocol

from game.engine.state import Choice, GameState


class Policy(Protocol):
    """Chooses the whole of one actor's turn: answers to its open proposals and one action.

    A policy reads the public state and its own actor's persona; its randomness comes only from
    `state.rng(...)`, so the same seed gives the same game.
    """

    name: str

    def choose(self, state: GameState, actor: str) -> Choice: ...
