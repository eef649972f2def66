"""Per-scenario lookups and the conditions' view of a state (shared by the rules and resolution)."""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from typing import Any, Protocol

from game.engine.state import Action, InstrumentState, PackageSpec, Proposal
from game.scenario.checks import all_sides, side_of
from game.scenario.loader import LoadedScenario
from game.scenario.models import Instrument, Move

# --------------------------------------------------------------------------- lookups


class Index:
    """Per-scenario lookups built once and cached on the LoadedScenario."""

    def __init__(self, loaded: LoadedScenario) -> None:
        s = loaded.scenario
        self.side_of = side_of(s)
        self.sides = all_sides(s)
        self.actors = {a.id: a for a in s.actors}
        self.instruments = {i.id: i for i in s.instruments}
        self.issues = {i.id: i for i in s.issues}
        self.moves = {m.id: m for m in s.moves}
        self.moves_by_actor: dict[str, list[Move]] = {}
        for move in s.moves:
            self.moves_by_actor.setdefault(move.actor, []).append(move)
        self.variables = {v.id: v for v in s.variables}
        self.authority = {
            side: next((a.id for a in s.actors if (a.side or a.id) == side and a.authority), None)
            for side in self.sides
        }
        self.values_cache: dict[str, dict[str, dict[str, float]]] = {}
        self.move_actions = {m.id: authored_action(m) for m in s.moves}
        self.option_rules = {
            (issue.id, option.id): option.entry_into_force
            for issue in s.issues
            for option in issue.options
            if option.entry_into_force is not None
        }
        self.candidate_instruments = {
            side: tuple(i.id for i in s.instruments if side in i.parties) for side in self.sides
        }
        self.side_names = {side.id: side.name for side in s.sides}
        for actor in s.actors:
            self.side_names.setdefault(actor.side or actor.id, actor.name)


    def entry_rule(self, model: Instrument, inst: InstrumentState) -> str:
        """The entry-into-force rule: the instrument's, unless an agreed term's option sets one."""
        for issue, option in inst.terms or ():
            rule = self.option_rules.get((issue, option or ""))
            if rule is not None:
                return rule
        return model.entry_into_force


def index(loaded: LoadedScenario) -> Index:
    cached = loaded.__dict__.get("_index")
    if cached is None:
        cached = Index(loaded)
        loaded.__dict__["_index"] = cached
    return cached


def side(state: StateLike, actor_or_side: str) -> str:
    return index(state.loaded).side_of.get(actor_or_side, actor_or_side)


# --------------------------------------------------------------------------- conditions


class StateLike(Protocol):
    """What conditions read: a GameState, or the scratch copy used during resolution."""

    @property
    def loaded(self) -> LoadedScenario: ...
    @property
    def round_index(self) -> int: ...
    @property
    def vars(self) -> dict[str, int]: ...
    @property
    def trust(self) -> dict[tuple[str, str], int]: ...
    @property
    def instruments(self) -> dict[str, InstrumentState]: ...
    @property
    def proposals(self) -> Sequence[Proposal]: ...
    @property
    def played(self) -> AbstractSet[str]: ...
    @property
    def fired(self) -> AbstractSet[str]: ...


class _Context:
    """Reads the state for compiled conditions."""

    __slots__ = ("state",)

    def __init__(self, state: StateLike) -> None:
        self.state = state

    def round_number(self) -> int:
        return self.state.round_index + 1

    def var(self, name: str) -> int:
        return self.state.vars[name]

    def call(self, function: str, args: tuple[str, ...]) -> Any:
        st = self.state
        if function == "trust":
            return st.trust.get((side(st, args[0]), side(st, args[1])), 0)
        if function == "played":
            return args[0] in st.played
        if function == "happened":
            return args[0] in st.fired
        if function == "reached":
            cal = [r.id for r in st.loaded.scenario.calendar.rounds]
            return st.round_index >= cal.index(args[0])
        if function == "proposed":
            if len(args) == 1:
                return any(p.package.instrument == args[0] for p in st.proposals)
            return any(p.side == side(st, args[0]) and p.package.instrument == args[1] for p in st.proposals)
        if function in ("signed", "ratified", "acceded", "party"):
            inst = st.instruments[args[1]]
            who = side(st, args[0])
            if function == "party":
                return who in inst.parties
            return inst.has(function, who)
        if function == "agreed":
            inst = st.instruments[args[0]]
            if len(args) == 1:
                return inst.terms is not None
            return inst.terms is not None and inst.term(args[1]) == args[2]
        if function == "in_force":
            inst = st.instruments[args[0]]
            if len(args) == 1:
                return bool(inst.in_force)
            return inst.in_force_between(side(st, args[1]), side(st, args[2]))
        raise KeyError(function)


def holds(state: StateLike, condition: str | None) -> bool:
    """True if the condition holds (an absent condition always holds)."""
    if condition is None:
        return True
    return bool(state.loaded.condition(condition)(_Context(state)))


def authored_action(move: Move) -> Action:
    if move.kind == "propose":
        assert move.package is not None
        pkg = PackageSpec(move.package.instrument, tuple(move.package.to), tuple(move.package.terms.items()))
        return Action("propose", move=move.id, package=pkg)
    if move.kind in ("sign", "ratify", "accede"):
        return Action(move.kind, move=move.id, instrument=move.instrument)
    return Action("move", move=move.id)
