"""Persona utility: how much an actor values a package, and why — the one scoring both the strategic
computer and the statecraft lens use.

Option values come from the persona, or default from goals: a goal's `prefer` list runs from +weight
(best) to -weight (worst); unlisted options of that issue count -weight; an issue left open counts 0.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from game.engine.rules import holds, index
from game.engine.state import GameState, PackageSpec
from game.scenario.models import Actor, Adjustment, RedLine

DEFAULT_INSTRUMENT_VALUE = 1.0


@dataclass(frozen=True)
class Contribution:
    """One term of a utility: an issue's option, the instrument itself, or trust."""

    kind: str  # "option" | "instrument" | "trust"
    value: float
    issue: str = ""
    option: str = ""
    source: str | None = None


@dataclass(frozen=True)
class Score:
    utility: float
    reservation: float
    contributions: tuple[Contribution, ...]
    red_lines: tuple[RedLine, ...]
    adjustments: tuple[Adjustment, ...]

    @property
    def acceptable(self) -> bool:
        return not self.red_lines and self.utility >= self.reservation


def option_values(actor: Actor) -> dict[str, dict[str, float]]:
    """The persona's option values, defaulting from the actor's goals (public and secret)."""
    values: dict[str, dict[str, float]] = {}
    for goal in (*actor.goals, *actor.secret_goals):
        if goal.issue is None or not goal.prefer:
            continue
        n = len(goal.prefer)
        table = values.setdefault(goal.issue, {})
        for k, option in enumerate(goal.prefer):
            value = goal.weight if n == 1 else goal.weight * (1 - 2 * k / (n - 1))
            table[option] = table.get(option, 0.0) + value
        table["__other__"] = table.get("__other__", 0.0) - goal.weight
    for issue, table in actor.persona.values.items():
        values[issue] = {**dict(table), "__other__": min(table.values(), default=0.0)}
    return values


def values_for(state: GameState, actor_id: str) -> dict[str, dict[str, float]]:
    """`option_values`, computed once per scenario and actor."""
    cache = index(state.loaded).values_cache
    if actor_id not in cache:
        cache[actor_id] = option_values(index(state.loaded).actors[actor_id])
    return cache[actor_id]


def goal_source(actor: Actor, issue: str) -> str | None:
    if issue in actor.persona.value_sources:
        return actor.persona.value_sources[issue]
    for goal in (*actor.goals, *actor.secret_goals):
        if goal.issue == issue and goal.source:
            return goal.source
    return None


def value_of(values: dict[str, dict[str, float]], issue: str, option: str | None) -> float:
    if option is None:
        return 0.0
    table = values.get(issue)
    if not table:
        return 0.0
    return table.get(option, table.get("__other__", 0.0))


def instrument_value(actor: Actor, instrument: str, side: str, parties: list[str]) -> float:
    if side not in parties:
        return 0.0
    return actor.persona.instruments.get(instrument, DEFAULT_INSTRUMENT_VALUE)


def red_lines_hit(state: GameState, actor: Actor, package: PackageSpec, parties: list[str]) -> list[RedLine]:
    idx = index(state.loaded)
    model = idx.instruments[package.instrument]
    hits = []
    for red in actor.persona.red_lines:
        if red.instrument is not None and red.instrument != package.instrument:
            continue
        if red.when is not None and not holds(state, red.when):
            continue
        if red.issue is not None and red.options and package.term(red.issue) in red.options:
            hits.append(red)
        elif red.with_parties and any(s in parties for s in red.with_parties):
            hits.append(red)
        elif red.without_parties and any(s in model.parties and s not in parties for s in red.without_parties):
            hits.append(red)
    return hits


def reservation(state: GameState, actor: Actor, instrument: str | None = None) -> tuple[float, list[Adjustment]]:
    """The least utility the actor accepts now: it falls with time and moves with pressures."""
    p = actor.persona
    noise = random.Random(f"{state.seed}/{actor.id}/reservation").uniform(-p.noise, p.noise)
    value = p.reservation - p.concession * state.round + noise
    active = []
    for adj in p.adjustments:
        if adj.instrument is not None and instrument is not None and adj.instrument != instrument:
            continue
        if holds(state, adj.when):
            value += adj.reservation
            active.append(adj)
    return value, active


def score(state: GameState, actor_id: str, package: PackageSpec, proposer_side: str | None) -> Score:
    """Score a package (proposed by `proposer_side`, or by the actor itself if None)."""
    idx = index(state.loaded)
    actor = idx.actors[actor_id]
    mine = idx.side_of[actor_id]
    by = proposer_side or mine
    parties = [by, *(s for s in package.to if s != by)]
    if mine not in parties:
        parties.append(mine)  # the scored actor is always a party to the package it weighs
    contributions = []
    values = values_for(state, actor_id)
    for issue, option in package.terms:
        v = value_of(values, issue, option)
        if v:
            contributions.append(Contribution("option", v, issue, option or "", goal_source(actor, issue)))
    iv = instrument_value(actor, package.instrument, mine, parties)
    if iv:
        contributions.append(Contribution("instrument", iv, issue=package.instrument))
    if proposer_side is not None and proposer_side != mine:
        t = state.trust.get((mine, proposer_side), 0) * actor.persona.trust_weight
        if t:
            contributions.append(Contribution("trust", t, issue=proposer_side))
    utility = sum(c.value for c in contributions)
    limit, adjustments = reservation(state, actor, package.instrument)
    hits = red_lines_hit(state, actor, package, parties)
    return Score(utility, limit, tuple(contributions), tuple(hits), tuple(adjustments))


def text_score(state: GameState, actor_id: str, instrument: str) -> Score | None:
    """Score the instrument's agreed text as it stands (for signing, ratifying, acceding)."""
    inst = state.instruments[instrument]
    if inst.terms is None:
        return None
    mine = index(state.loaded).side_of[actor_id]
    parties = list(inst.parties) if mine in inst.parties else [*inst.parties, mine]
    others = tuple(s for s in parties if s != mine)
    return score(state, actor_id, PackageSpec(instrument, others, inst.terms), None)


STAGE_WEIGHT = {"in_force": 1.0, "signed": 0.6, "agreed": 0.3}
RED_LINE_PENALTY = 3.0


def outcome_utility(state: GameState, actor_id: str) -> float:
    """What the final state is worth to the actor: each agreed text it is party to, valued by its
    persona and weighted by how far it got (agreed 0.3, signed 0.6, in force 1.0), less a penalty
    for every red line the text crosses. The statecraft lens scores this against the real diplomat's."""
    idx = index(state.loaded)
    mine = idx.side_of[actor_id]
    total = 0.0
    for inst in state.instruments.values():
        if inst.terms is None or mine not in inst.parties:
            continue
        if any(mine in (a, b) for a, b, _ in inst.in_force):
            stage = "in_force"
        elif inst.has("signed", mine) or inst.has("acceded", mine):
            stage = "signed"
        else:
            stage = "agreed"
        s = text_score(state, actor_id, inst.id)
        if s is None:
            continue
        total += STAGE_WEIGHT[stage] * s.utility - RED_LINE_PENALTY * len(s.red_lines)
    return total
