"""Immutable game state and the choices players make.

State is a tree of frozen dataclasses, tuples and dicts that are never changed after creation
(copy-on-write): `apply` builds a new state and leaves its input untouched, cheaply enough for
thousands of games a second.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from game.scenario.loader import LoadedScenario

Reply = Literal["accept", "reject", "hold", "counter"]
ActionKind = Literal["pass", "move", "propose", "sign", "ratify", "accede"]
Terms = tuple[tuple[str, str | None], ...]


T = TypeVar("T")


def evolve(obj: T, **changes: Any) -> T:
    """A copy of a frozen, slotted dataclass with some fields changed — `dataclasses.replace`
    without its per-call introspection (it dominated the profile of whole games)."""
    cls = type(obj)
    new = object.__new__(cls)
    for name in cls.__slots__:  # type: ignore[attr-defined]
        object.__setattr__(new, name, changes[name] if name in changes else getattr(obj, name))
    return new


class IllegalChoice(ValueError):
    """A choice the rules do not allow; the message says why."""


@dataclass(frozen=True, slots=True)
class PackageSpec:
    """A proposal's content: an instrument, its addressees (sides) and one option or None per issue."""

    instrument: str
    to: tuple[str, ...]
    terms: Terms

    def term(self, issue: str) -> str | None:
        for key, value in self.terms:
            if key == issue:
                return value
        return None

    def same_as(self, other: PackageSpec | None) -> bool:
        """The same package, whatever the order of its addressees and terms (saves sort keys)."""
        return (
            other is not None
            and self.instrument == other.instrument
            and sorted(self.to) == sorted(other.to)
            and dict(self.terms) == dict(other.terms)
        )

    def to_json(self) -> dict[str, Any]:
        return {"instrument": self.instrument, "to": list(self.to), "terms": {k: v for k, v in self.terms}}

    @staticmethod
    def from_json(data: dict[str, Any]) -> PackageSpec:
        return PackageSpec(str(data["instrument"]), tuple(data["to"]), tuple((str(k), v) for k, v in data["terms"].items()))


@dataclass(frozen=True, slots=True)
class Answer:
    """A reply to an open proposal; `counter` carries the counter-package."""

    proposal: int
    reply: Reply
    counter: PackageSpec | None = None
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """The one move an actor makes in a round."""

    kind: ActionKind
    move: str | None = None  # authored move id
    package: PackageSpec | None = None  # for propose
    instrument: str | None = None  # for sign / ratify / accede
    reasons: tuple[str, ...] = ()


PASS = Action("pass")


@dataclass(frozen=True, slots=True)
class Choice:
    """Everything one actor decides in one round: answers to proposals and one action."""

    actor: str
    action: Action
    answers: tuple[Answer, ...] = ()
    by: str = "human"  # human or the policy's name
    diverged: bool = False  # a historical computer had to improvise
    why: str = ""  # the student's own explanation, asked for at `ask_why` moves (shown in the debrief)


@dataclass(frozen=True, slots=True)
class Proposal:
    id: int
    round: int
    by: str  # actor
    side: str
    package: PackageSpec
    move: str | None
    counter_to: int | None
    answers: tuple[tuple[str, str], ...] = ()  # (side, reply) in order given
    status: Literal["open", "closed"] = "open"

    def answer_of(self, side: str) -> str | None:
        for who, reply in self.answers:
            if who == side:
                return reply
        return None


@dataclass(frozen=True, slots=True)
class InstrumentState:
    id: str
    terms: Terms | None = None
    parties: tuple[str, ...] = ()
    agreed_round: int | None = None
    proposal: int | None = None
    signed: tuple[tuple[str, int], ...] = ()
    ratified: tuple[tuple[str, int], ...] = ()
    acceded: tuple[tuple[str, int], ...] = ()
    in_force: tuple[tuple[str, str, int], ...] = ()

    def has(self, acts: str, side: str) -> bool:
        return any(s == side for s, _ in getattr(self, acts))

    def in_force_between(self, a: str, b: str) -> bool:
        x, y = sorted((a, b))
        return any(p == x and q == y for p, q, _ in self.in_force)

    def term(self, issue: str) -> str | None:
        for key, value in self.terms or ():
            if key == issue:
                return value
        return None


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One line of the transcript: what happened, as data (wording lives in game/ui/text.py)."""

    round: int
    kind: str
    actor: str = ""
    data: tuple[tuple[str, Any], ...] = ()

    def get(self, key: str, default: Any = None) -> Any:
        for k, v in self.data:
            if k == key:
                return v
        return default


@dataclass(frozen=True, slots=True)
class GameState:
    loaded: LoadedScenario = field(compare=False, repr=False)
    seed: int
    rounds: tuple[int, ...]  # indices into the calendar of the rounds played (short setting skips some)
    round: int  # position in `rounds`
    actors: tuple[str, ...]  # choosing order
    pending: tuple[Choice, ...]
    vars: dict[str, int]
    trust: dict[tuple[str, str], int]
    instruments: dict[str, InstrumentState]
    proposals: tuple[Proposal, ...]
    played: frozenset[str]
    fired: frozenset[str]
    log: tuple[LogEntry, ...]
    choices: tuple[Choice, ...]  # every choice so far, in order (the save)
    ended: bool = False
    end_reason: str = ""

    @property
    def round_index(self) -> int:
        """Index into the scenario calendar of the current round."""
        return self.rounds[min(self.round, len(self.rounds) - 1)]

    @property
    def round_id(self) -> str:
        return self.loaded.scenario.calendar.rounds[self.round_index].id

    def next_actor(self) -> str | None:
        if self.ended:
            return None
        done = len(self.pending)
        return self.actors[done] if done < len(self.actors) else None

    def rng(self, *purpose: object) -> random.Random:
        """A generator seeded from the game seed, the round and a purpose: same seed, same game."""
        return random.Random("/".join(str(p) for p in (self.seed, self.round, *purpose)))
