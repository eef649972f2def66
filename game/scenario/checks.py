"""Cross-reference checks, in one place: ids exist and are unique, sources are cited, conditions compile.

`check_scenario` returns the compiled conditions (keyed by their text) and a list of problems, each
`(field path, column within a condition or None, message, fix)`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel

from game.scenario.conditions import Compiled, ConditionError, Names, compile_condition
from game.scenario.models import Effect, Package, Scenario

Loc = tuple[str | int, ...]
Found = tuple[Loc, int | None, str, str]


def side_of(scenario: Scenario) -> dict[str, str]:
    """Actor id → side id (an actor without `side` is a side of its own)."""
    return {a.id: a.side or a.id for a in scenario.actors}


def all_sides(scenario: Scenario) -> list[str]:
    """Side ids in scenario order: declared sides, then actors that are their own side."""
    ids = [s.id for s in scenario.sides]
    for actor in scenario.actors:
        side = actor.side or actor.id
        if side not in ids:
            ids.append(side)
    return ids


class _Checker:
    def __init__(self, scenario: Scenario) -> None:
        self.s = scenario
        self.found: list[Found] = []
        self.compiled: dict[str, Compiled] = {}
        sides = all_sides(scenario)
        self.sides = set(sides)
        self.actors = {a.id for a in scenario.actors}
        self.issues = {i.id: {o.id for o in i.options} for i in scenario.issues}
        self.instruments = {i.id: i for i in scenario.instruments}
        self.variables = {v.id for v in scenario.variables}
        self.moves = {m.id for m in scenario.moves}
        self.events = {e.id for e in scenario.events}
        self.rounds = {r.id for r in scenario.calendar.rounds}
        self.sources = {s.id for s in scenario.meta.sources}
        self.evidence = {e.id for e in scenario.evidence}
        options = set().union(*self.issues.values()) if self.issues else set()
        self.names = Names(
            variables=frozenset(self.variables),
            ids={
                "side": frozenset(self.sides | self.actors),
                "instrument": frozenset(self.instruments),
                "issue": frozenset(self.issues),
                "option": frozenset(options),
                "move": frozenset(self.moves),
                "event": frozenset(self.events),
                "round": frozenset(self.rounds),
            },
            options_of={issue: frozenset(options) for issue, options in self.issues.items()},
        )

    def add(self, loc: Loc, message: str, fix: str, column: int | None = None) -> None:
        self.found.append((loc, column, message, fix))

    def ref(self, loc: Loc, value: str | None, valid: Iterable[str], kind: str) -> None:
        if value is None:
            return
        valid_set = set(valid)
        if value not in valid_set:
            close = difflib.get_close_matches(value, sorted(valid_set), n=1, cutoff=0.6)
            fix = f"did you mean `{close[0]}`?" if close else (
                f"use one of: {', '.join(sorted(valid_set)[:12])}" if valid_set else f"declare the {kind} first"
            )
            self.add(loc, f"unknown {kind}: `{value}`", fix)

    def refs(self, loc: Loc, values: Sequence[str], valid: Iterable[str], kind: str) -> None:
        valid_list = list(valid)
        for i, value in enumerate(values):
            self.ref((*loc, i), value, valid_list, kind)

    def condition(self, loc: Loc, text: str | None) -> None:
        if text is None or text in self.compiled:
            return
        try:
            self.compiled[text] = compile_condition(text, self.names)
        except ConditionError as error:
            self.add(loc, error.message, error.fix, column=error.column)

    def unique(self, name: str, items: Sequence[Any]) -> None:
        seen: dict[str, int] = {}
        for i, item in enumerate(items):
            if item.id in seen:
                self.add((name, i, "id"), f"duplicate id `{item.id}` (also {name}[{seen[item.id]}])", "give each a different id")
            else:
                seen[item.id] = i

    def run(self) -> None:
        s = self.s
        for name in ("sides", "actors", "issues", "instruments", "variables", "moves", "events", "evidence"):
            self.unique(name, getattr(s, name))
        self.unique_in(("meta", "sources"), s.meta.sources)
        self.unique_in(("calendar", "rounds"), s.calendar.rounds)
        for i, issue in enumerate(s.issues):
            self.unique_in(("issues", i, "options"), issue.options)
        self.sources_cited(s, ())
        self.check_meta()
        self.check_actors()
        self.check_instruments()
        self.check_variables()
        self.check_moves()
        self.check_events()
        self.check_history()
        for i, q in enumerate(s.debrief.questions):
            self.condition(("debrief", "questions", i, "when"), q.when)
        for i, ask in enumerate(s.debrief.ask_why):
            self.ref(("debrief", "ask_why", i, "move"), ask.move, self.moves, "move")
        self.condition(("end_when",), s.end_when)

    def unique_in(self, loc: Loc, items: Sequence[Any]) -> None:
        seen: set[str] = set()
        for i, item in enumerate(items):
            if item.id in seen:
                self.add((*loc, i, "id"), f"duplicate id `{item.id}`", "give each a different id")
            seen.add(item.id)

    def sources_cited(self, model: BaseModel, loc: Loc) -> None:
        """Every field named `source` (and debrief reading, persona value_sources) names a source."""
        for name in type(model).model_fields:
            value = getattr(model, name)
            here = (*loc, name)
            if name == "source" and isinstance(value, str):
                self.ref(here, value, self.sources, "source")
            elif name == "reading":
                self.refs(here, value, self.sources, "source")
            elif name == "value_sources":
                for key, src in value.items():
                    self.ref((*here, key), src, self.sources, "source")
            elif isinstance(value, BaseModel):
                self.sources_cited(value, here)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, BaseModel):
                        self.sources_cited(item, (*here, i))

    def check_meta(self) -> None:
        for i, seating in enumerate(self.s.meta.seatings):
            loc = ("meta", "seatings", i)
            if len(seating.seats) != seating.players:
                seats = len(seating.seats)
                self.add((*loc, "seats"), f"{seating.players} players but {seats} seat{'s' if seats != 1 else ''}", "give one seat (a list of actors) per player")
            used: list[str] = []
            for j, seat in enumerate(seating.seats):
                self.refs((*loc, "seats", j), seat, self.actors, "actor")
                if not seat:
                    self.add((*loc, "seats", j), "an empty seat", "give the player at least one actor")
                used.extend(seat)
            dup = sorted({a for a in used if used.count(a) > 1})
            if dup:
                self.add((*loc, "seats"), f"actor `{dup[0]}` is in two seats", "put each actor in one seat only")

    def goal(self, loc: Loc, issue: str | None, prefer: Sequence[str]) -> None:
        self.ref((*loc, "issue"), issue, self.issues, "issue")
        if issue in self.issues:
            self.refs((*loc, "prefer"), prefer, self.issues[issue], f"option of issue `{issue}`")
        elif prefer and issue is None:
            self.add((*loc, "prefer"), "`prefer` without `issue`", "name the issue these options belong to")

    def check_actors(self) -> None:
        declared = {side.id for side in self.s.sides}
        for i, actor in enumerate(self.s.actors):
            loc: Loc = ("actors", i)
            if actor.side is not None:
                self.ref((*loc, "side"), actor.side, declared, "side")
            for kind in ("goals", "secret_goals"):
                for j, goal in enumerate(getattr(actor, kind)):
                    self.goal((*loc, kind, j), goal.issue, goal.prefer)
            for key in actor.trust:
                self.ref((*loc, "trust", key), key, self.sides, "side")
            for key, value in actor.trust.items():
                if not -3 <= value <= 3:
                    self.add((*loc, "trust", key), f"trust {value} is out of range", "use a whole number from -3 to 3")
            p = actor.persona
            ploc = (*loc, "persona")
            for issue, options in p.values.items():
                self.ref((*ploc, "values", issue), issue, self.issues, "issue")
                if issue in self.issues:
                    for option in options:
                        self.ref((*ploc, "values", issue, option), option, self.issues[issue], f"option of issue `{issue}`")
            for key in p.instruments:
                self.ref((*ploc, "instruments", key), key, self.instruments, "instrument")
            for key in p.value_sources:
                self.ref((*ploc, "value_sources", key), key, self.issues, "issue")
            for j, red in enumerate(p.red_lines):
                rloc = (*ploc, "red_lines", j)
                self.goal(rloc, red.issue, [])
                if red.issue in self.issues:
                    self.refs((*rloc, "options"), red.options, self.issues[red.issue], f"option of issue `{red.issue}`")
                self.refs((*rloc, "with_parties"), red.with_parties, self.sides, "side")
                self.refs((*rloc, "without_parties"), red.without_parties, self.sides, "side")
                self.ref((*rloc, "instrument"), red.instrument, self.instruments, "instrument")
                self.condition((*rloc, "when"), red.when)
            for j, adj in enumerate(p.adjustments):
                self.condition((*ploc, "adjustments", j, "when"), adj.when)
                self.ref((*ploc, "adjustments", j, "instrument"), adj.instrument, self.instruments, "instrument")

    def check_instruments(self) -> None:
        for i, inst in enumerate(self.s.instruments):
            loc: Loc = ("instruments", i)
            self.refs((*loc, "parties"), inst.parties, self.sides, "side")
            self.refs((*loc, "issues"), inst.issues, self.issues, "issue")
            if inst.min_parties > len(inst.parties):
                self.add((*loc, "min_parties"), f"min_parties {inst.min_parties} is more than the {len(inst.parties)} candidate parties", "lower min_parties or add parties")

    def check_variables(self) -> None:
        for i, var in enumerate(self.s.variables):
            loc: Loc = ("variables", i)
            if not var.min <= var.initial <= var.max:
                self.add((*loc, "initial"), f"initial {var.initial} is outside {var.min}..{var.max}", "set initial between min and max")
            if var.visible_to is not None:
                self.refs((*loc, "visible_to"), var.visible_to, self.actors, "actor")

    def effects(self, loc: Loc, effects: Sequence[Effect]) -> None:
        for j, eff in enumerate(effects):
            eloc = (*loc, "effects", j)
            self.ref((*eloc, "var"), eff.var, self.variables, "variable")
            self.ref((*eloc, "trust_of"), eff.trust_of, self.sides, "side")
            self.ref((*eloc, "trust_toward"), eff.trust_toward, self.sides, "side")
            self.ref((*eloc, "side"), eff.side, self.sides, "side")
            self.ref((*eloc, "instrument"), eff.instrument, self.instruments, "instrument")

    def package(self, loc: Loc, pkg: Package) -> None:
        self.ref((*loc, "instrument"), pkg.instrument, self.instruments, "instrument")
        inst = self.instruments.get(pkg.instrument)
        if inst is None:
            return
        self.refs((*loc, "to"), pkg.to, inst.parties, f"party of `{inst.id}`")
        for issue, option in pkg.terms.items():
            self.ref((*loc, "terms", issue), issue, inst.issues, f"issue of `{inst.id}`")
            if issue in self.issues and option is not None:
                self.ref((*loc, "terms", issue), option, self.issues[issue], f"option of issue `{issue}`")

    def check_moves(self) -> None:
        for i, move in enumerate(self.s.moves):
            loc: Loc = ("moves", i)
            self.ref((*loc, "actor"), move.actor, self.actors, "actor")
            self.refs((*loc, "rounds"), move.rounds, self.rounds, "round")
            self.ref((*loc, "instrument"), move.instrument, self.instruments, "instrument")
            self.ref((*loc, "evidence"), move.evidence, self.evidence, "evidence card")
            self.condition((*loc, "when"), move.when)
            if move.package is not None:
                self.package((*loc, "package"), move.package)
            self.effects(loc, move.effects)
            if any(e.do for e in move.effects):
                self.add((*loc, "effects"), "`do:` effects are for events", "use a sign/ratify/accede move instead")

    def check_events(self) -> None:
        for i, event in enumerate(self.s.events):
            loc: Loc = ("events", i)
            self.ref((*loc, "round"), event.round, self.rounds, "round")
            self.condition((*loc, "when"), event.when)
            self.effects(loc, event.effects)

    def check_history(self) -> None:
        h = self.s.history
        proposing = {m.id for m in self.s.moves if m.kind == "propose"}
        for i, play in enumerate(h.plays):
            loc: Loc = ("history", "plays", i)
            self.ref((*loc, "round"), play.round, self.rounds, "round")
            if isinstance(play.actor, str):
                self.ref((*loc, "actor"), play.actor, self.actors, "actor")
            else:
                self.refs((*loc, "actor"), play.actor, self.actors, "actor")
            self.ref((*loc, "move"), play.move, self.moves | {"pass", "sign", "ratify", "accede"}, "move (or `pass`)")
            self.ref((*loc, "instrument"), play.instrument, self.instruments, "instrument")
            self.ref((*loc, "to"), play.to, proposing, "proposing move")
        for i, record in enumerate(h.instruments):
            loc = ("history", "instruments", i)
            self.ref((*loc, "instrument"), record.instrument, self.instruments, "instrument")
            for issue, option in record.terms.items():
                self.ref((*loc, "terms", issue), issue, self.issues, "issue")
                if issue in self.issues:
                    self.ref((*loc, "terms", issue), option, self.issues[issue], f"option of issue `{issue}`")
            for kind in ("signed", "ratified", "acceded"):
                for j, act in enumerate(getattr(record, kind)):
                    self.ref((*loc, kind, j, "side"), act.side, self.sides, "side")
                    self.ref((*loc, kind, j, "round"), act.round, self.rounds, "round")


def check_scenario(scenario: Scenario) -> tuple[dict[str, Compiled], list[Found]]:
    """Check cross-references and compile every condition; return (conditions, problems)."""
    checker = _Checker(scenario)
    checker.run()
    return checker.compiled, checker.found
