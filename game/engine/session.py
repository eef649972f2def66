"""A Session: one game in progress — the state, who plays which actor, and the computer policies.

UIs drive a session: `run_computers()` lets computer delegations choose until a human is due;
`submit(choice)` records a human's choice. The session never writes files: `save_text()` gives the
save as a string and an optional `on_choice` callback lets the caller autosave.
"""

from __future__ import annotations

from collections.abc import Callable

from game.engine import save as save_format
from game.engine.policy import Policy
from game.engine.rules import apply, new_game
from game.engine.state import Choice, GameState, LogEntry
from game.scenario.loader import LoadedScenario


def seat_order(loaded: LoadedScenario, seats: list[list[str]]) -> tuple[str, ...]:
    """Choosing order: each seat's actors together, seats in order, then the computers."""
    humans = [actor for seat in seats for actor in seat]
    return tuple(humans) + tuple(a.id for a in loaded.scenario.actors if a.id not in humans)


class Session:
    def __init__(
        self,
        loaded: LoadedScenario,
        seed: int,
        seats: list[list[str]],
        policies: dict[str, Policy],
        short: bool = False,
        state: GameState | None = None,
        on_choice: Callable[[Session], None] | None = None,
    ) -> None:
        self.loaded = loaded
        self.seed = seed
        self.seats = seats
        self.short = short
        self.policies = policies
        self.state = state if state is not None else new_game(loaded, seed, short, seat_order(loaded, seats))
        self.on_choice = on_choice
        self.humans = {actor for seat in seats for actor in seat}
        missing = [a for a in self.state.actors if a not in self.humans and a not in policies]
        if missing:
            raise ValueError(f"no player or policy for {', '.join(missing)}")

    def seat_of(self, actor: str) -> int | None:
        for number, seat in enumerate(self.seats):
            if actor in seat:
                return number
        return None

    @property
    def next_actor(self) -> str | None:
        return self.state.next_actor()

    def human_due(self) -> str | None:
        actor = self.state.next_actor()
        return actor if actor in self.humans else None

    def submit(self, choice: Choice) -> list[LogEntry]:
        self.state, entries = apply(self.state, choice)
        if self.on_choice is not None:
            self.on_choice(self)
        return entries

    def run_computers(self) -> list[LogEntry]:
        """Let computer delegations choose until a human is due or the game ends."""
        entries: list[LogEntry] = []
        while not self.state.ended:
            actor = self.state.next_actor()
            if actor is None or actor in self.humans:
                break
            entries.extend(self.submit(self.policies[actor].choose(self.state, actor)))
        return entries

    def save_text(self) -> str:
        names = {actor: policy.name for actor, policy in self.policies.items() if actor not in self.humans}
        return save_format.dumps(self.state, self.seats, names, self.short)

    @classmethod
    def from_save(
        cls,
        text: str,
        loaded: LoadedScenario,
        make_policy: Callable[[str], Policy],
        on_choice: Callable[[Session], None] | None = None,
    ) -> Session:
        state, data = save_format.loads(text, loaded)
        seats = [list(seat) for seat in data["seats"]]
        humans = {a for seat in seats for a in seat}
        names = data.get("policies", {})
        policies = {a: make_policy(names.get(a, "strategic")) for a in state.actors if a not in humans}
        return cls(loaded, state.seed, seats, policies, bool(data.get("short", False)), state, on_choice)
