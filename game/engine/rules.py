"""The rules: a new game, legal moves, `apply`, and the round's resolution.

A round: events fire at its start; each actor in turn answers the open proposals addressed to its
side and chooses one action; the choices stay hidden until all have chosen; then resolution in a
fixed order — authored effects, answers, new proposals, signatures, ratifications, accessions,
entry into force — the report, and the end check.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import replace
from itertools import combinations
from typing import Any, Protocol

from game.engine.state import (
    Action,
    Answer,
    Choice,
    GameState,
    IllegalChoice,
    InstrumentState,
    LogEntry,
    PackageSpec,
    Proposal,
)
from game.scenario.checks import all_sides, side_of
from game.scenario.loader import LoadedScenario
from game.scenario.models import Effect, Instrument, Move

PROPOSAL_LIFETIME = 3  # rounds an unanswered ('hold') proposal stays open


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
        self.move_actions = {m.id: _authored_action(m) for m in s.moves}
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


# --------------------------------------------------------------------------- new game


def new_game(loaded: LoadedScenario, seed: int, short: bool = False, order: tuple[str, ...] | None = None) -> GameState:
    """A new game at the start of round 1, its events already fired.

    `order` is the order in which actors choose each round (default: the scenario's); hot-seat games
    group each player's actors so that every player gets one hand-off per round.
    """
    s = loaded.scenario
    actor_ids = tuple(a.id for a in s.actors)
    if order is not None and sorted(order) != sorted(actor_ids):
        raise ValueError("the choosing order must name every actor once")
    idx = index(loaded)
    rounds = tuple(i for i, r in enumerate(s.calendar.rounds) if not (short and r.optional))
    trust: dict[tuple[str, str], int] = {}
    for actor in s.actors:
        if actor.authority or (actor.side or actor.id) == actor.id:
            for other, value in actor.trust.items():
                trust[(idx.side_of[actor.id], idx.side_of.get(other, other))] = value
    state = GameState(
        loaded=loaded,
        seed=seed,
        rounds=rounds,
        round=0,
        actors=order or actor_ids,
        pending=(),
        vars={v.id: v.initial for v in s.variables},
        trust=trust,
        instruments={i.id: InstrumentState(i.id) for i in s.instruments},
        proposals=(),
        played=frozenset(),
        fired=frozenset(),
        log=(),
        choices=(),
    )
    return _start_round(state)


# --------------------------------------------------------------------------- legality


def open_proposals_for(state: GameState, actor: str) -> list[Proposal]:
    """Open proposals this actor must answer (it holds its side's authority)."""
    idx = index(state.loaded)
    my_side = idx.side_of[actor]
    if idx.authority.get(my_side) != actor:
        return []
    return [
        p
        for p in state.proposals
        if p.status == "open" and my_side in p.package.to and p.answer_of(my_side) in (None, "hold")
    ]


def _can_sign(state: GameState, who: str, inst: InstrumentState) -> bool:
    return (
        inst.terms is not None
        and who in inst.parties
        and not inst.has("signed", who)
        and not inst.has("acceded", who)  # an acceding state is bound already; it does not sign too
    )


def _can_ratify(state: GameState, who: str, inst: InstrumentState, model: Instrument) -> bool:
    return model.ratification and inst.has("signed", who) and not inst.has("ratified", who)


def _can_accede(state: GameState, who: str, inst: InstrumentState, model: Instrument) -> bool:
    return (
        model.accession
        and who in model.parties
        and inst.terms is not None
        and len(inst.signed) >= model.min_parties
        and not inst.has("signed", who)
        and not inst.has("acceded", who)
    )


def can_propose_on(state: GameState, actor: str, instrument: str) -> bool:
    idx = index(state.loaded)
    model = idx.instruments[instrument]
    return (
        idx.actors[actor].can_propose
        and idx.side_of[actor] in model.parties
        and not state.instruments[instrument].signed
    )


def package_problem(state: GameState, actor: str, package: PackageSpec) -> str | None:
    """Why this package cannot be proposed now, or None if it can."""
    idx = index(state.loaded)
    model = idx.instruments.get(package.instrument)
    if model is None:
        return f"there is no instrument `{package.instrument}`"
    if not can_propose_on(state, actor, package.instrument):
        if state.instruments[package.instrument].signed:
            return f"{model.name} is already signed; accede to it instead"
        return f"{idx.actors[actor].name} cannot propose {model.name}"
    mine = idx.side_of[actor]
    if not package.to:
        return "a proposal needs at least one addressee"
    for who in package.to:
        if who == mine or who not in model.parties:
            return f"`{who}` cannot be an addressee of {model.name}"
    if len(set(package.to)) != len(package.to):
        return "an addressee is named twice"
    if 1 + len(package.to) < model.min_parties:
        return f"{model.name} needs at least {model.min_parties} parties"
    issues = {key for key, _ in package.terms}
    for issue, option in package.terms:
        if issue not in model.issues:
            return f"`{issue}` is not an issue of {model.name}"
        if option is not None and option not in {o.id for o in idx.issues[issue].options}:
            return f"`{option}` is not an option of `{issue}`"
    if len(issues) != len(package.terms):
        return "an issue is given twice"
    return None


def normal_package(state: GameState, package: PackageSpec) -> PackageSpec:
    """The package with terms in the instrument's issue order, every issue present."""
    model = index(state.loaded).instruments[package.instrument]
    given = dict(package.terms)
    order = [s for s in index(state.loaded).sides if s in package.to]
    return PackageSpec(package.instrument, tuple(order), tuple((i, given.get(i)) for i in model.issues))


def _move_available(state: GameState, move: Move) -> bool:
    if move.once and move.id in state.played:
        return False
    if move.rounds and state.round_id not in move.rounds:
        return False
    if not holds(state, move.when):
        return False
    idx = index(state.loaded)
    who = idx.side_of[move.actor]
    if move.kind == "propose":
        pkg = idx.move_actions[move.id].package
        assert pkg is not None
        return package_problem(state, move.actor, pkg) is None
    if move.kind in ("sign", "ratify", "accede"):
        assert move.instrument is not None
        return _act_legal(state, move.actor, move.kind, move.instrument, who)
    return True


def _act_legal(state: GameState, actor: str, kind: str, instrument: str, who: str) -> bool:
    idx = index(state.loaded)
    if idx.authority.get(who) != actor:
        return False
    inst = state.instruments[instrument]
    model = idx.instruments[instrument]
    if kind == "sign":
        return _can_sign(state, who, inst)
    if kind == "ratify":
        return _can_ratify(state, who, inst, model)
    return _can_accede(state, who, inst, model)


def legal_actions(state: GameState, actor: str) -> list[Action]:
    """Every action open to the actor now. `propose` without a package stands for 'compose one'."""
    if state.ended or actor not in index(state.loaded).actors:
        return []
    idx = index(state.loaded)
    who = idx.side_of[actor]
    actions: list[Action] = [Action("pass")]
    for move in idx.moves_by_actor.get(actor, []):
        if _move_available(state, move):
            actions.append(idx.move_actions[move.id])
    candidate = idx.candidate_instruments.get(who, ())
    if any(can_propose_on(state, actor, i) for i in candidate):
        actions.append(Action("propose"))
    if idx.authority.get(who) != actor:
        return actions
    for inst_id in candidate:
        for kind in ("sign", "ratify", "accede"):
            if _act_legal(state, actor, kind, inst_id, who):
                actions.append(Action(kind, instrument=inst_id))
    return actions


def _authored_action(move: Move) -> Action:
    if move.kind == "propose":
        assert move.package is not None
        pkg = PackageSpec(move.package.instrument, tuple(move.package.to), tuple(move.package.terms.items()))
        return Action("propose", move=move.id, package=pkg)
    if move.kind in ("sign", "ratify", "accede"):
        return Action(move.kind, move=move.id, instrument=move.instrument)
    return Action("move", move=move.id)


def check_choice(state: GameState, choice: Choice) -> None:
    """Raise IllegalChoice with the reason if the choice is not allowed now."""
    if state.ended:
        raise IllegalChoice("the game has ended")
    expected = state.next_actor()
    if choice.actor != expected:
        raise IllegalChoice(f"it is {expected}'s turn, not {choice.actor}'s")
    due = {p.id for p in open_proposals_for(state, choice.actor)}
    given = [a.proposal for a in choice.answers]
    if len(set(given)) != len(given) or set(given) != due:
        raise IllegalChoice(f"answer each open proposal once: due {sorted(due)}, given {sorted(given)}")
    for answer in choice.answers:
        if answer.reply == "counter":
            if answer.counter is None:
                raise IllegalChoice("a counter-proposal needs a package")
            problem = package_problem(state, choice.actor, answer.counter)
            if problem:
                raise IllegalChoice(f"counter-proposal: {problem}")
    action = choice.action
    idx = index(state.loaded)
    if action.move is not None:
        move = idx.moves.get(action.move)
        if move is None or move.actor != choice.actor or not _move_available(state, move):
            raise IllegalChoice(f"move `{action.move}` is not available now")
        if idx.move_actions[move.id] != replace(action, reasons=()):
            raise IllegalChoice(f"move `{action.move}` does not match its definition")
        return
    if action.kind == "pass":
        return
    if action.kind == "propose":
        if action.package is None:
            raise IllegalChoice("a proposal needs a package")
        problem = package_problem(state, choice.actor, action.package)
        if problem:
            raise IllegalChoice(problem)
        return
    if action.kind in ("sign", "ratify", "accede"):
        if action.instrument not in idx.instruments or not _act_legal(
            state, choice.actor, action.kind, action.instrument, idx.side_of[choice.actor]
        ):
            raise IllegalChoice(f"cannot {action.kind} `{action.instrument}` now")
        return
    raise IllegalChoice(f"unknown action `{action.kind}`")


# --------------------------------------------------------------------------- apply


def apply(state: GameState, choice: Choice) -> tuple[GameState, list[LogEntry]]:
    """Record one actor's choice; when all have chosen, resolve the round. Never mutates `state`."""
    check_choice(state, choice)
    new = replace(state, pending=(*state.pending, choice), choices=(*state.choices, choice))
    if len(new.pending) < len(new.actors):
        return new, []
    before = len(new.log)
    resolved = _resolve(new)
    return resolved, list(resolved.log[before:])


class _Builder:
    """Mutable scratch copy used inside one resolution; frozen into a new GameState at the end."""

    def __init__(self, state: GameState) -> None:
        self.state = state
        self.vars = dict(state.vars)
        self.trust = dict(state.trust)
        self.instruments = dict(state.instruments)
        self.proposals = list(state.proposals)
        self.played = set(state.played)
        self.fired = set(state.fired)
        self.log = list(state.log)
        self.idx = index(state.loaded)
        self.round = state.round
        self.loaded = state.loaded
        self.round_index = state.round_index

    def freeze(self, **changes: Any) -> GameState:
        return replace(
            self.state,
            vars=self.vars,
            trust=self.trust,
            instruments=self.instruments,
            proposals=tuple(self.proposals),
            played=frozenset(self.played),
            fired=frozenset(self.fired),
            log=tuple(self.log),
            **changes,
        )

    def note(self, kind: str, actor: str = "", **data: Any) -> None:
        self.log.append(LogEntry(self.round, kind, actor, tuple(data.items())))

    def effect(self, eff: Effect, cause: str) -> None:
        if eff.var is not None:
            var = self.idx.variables[eff.var]
            value = eff.set if eff.set is not None else self.vars[eff.var] + (eff.add or 0)
            value = max(var.min, min(var.max, value))
            if value != self.vars[eff.var]:
                self.vars[eff.var] = value
                self.note("var", var=eff.var, value=value, cause=cause)
        if eff.trust_of is not None and eff.trust_toward is not None:
            self.add_trust(self.idx.side_of.get(eff.trust_of, eff.trust_of), self.idx.side_of.get(eff.trust_toward, eff.trust_toward), eff.add or 0, cause)
        if eff.do is not None and eff.side is not None and eff.instrument is not None:
            who = self.idx.side_of.get(eff.side, eff.side)
            self.act(eff.do, who, eff.instrument, cause)
        if eff.news:
            self.note("news", text=eff.news, cause=cause)

    def add_trust(self, of: str, toward: str, amount: int, cause: str) -> None:
        old = self.trust.get((of, toward), 0)
        value = max(-3, min(3, old + amount))
        if value != old:
            self.trust[(of, toward)] = value
            self.note("trust", of=of, toward=toward, value=value, cause=cause)

    def act(self, kind: str, who: str, instrument: str, cause: str) -> bool:
        inst = self.instruments[instrument]
        model = self.idx.instruments[instrument]
        r = self.round
        if kind == "sign" and _can_sign(self.state, who, inst):
            inst = replace(inst, signed=(*inst.signed, (who, r)))
        elif kind == "ratify" and _can_ratify(self.state, who, inst, model):
            inst = replace(inst, ratified=(*inst.ratified, (who, r)))
        elif kind == "accede" and _can_accede(self.state, who, inst, model):
            inst = replace(inst, acceded=(*inst.acceded, (who, r)), parties=(*inst.parties, who))
        else:
            self.note("act_failed", act=kind, side=who, instrument=instrument, cause=cause)
            return False
        self.instruments[instrument] = inst
        self.note(kind, side=who, instrument=instrument, cause=cause)
        return True

    def entry_into_force(self) -> None:
        for model in self.state.loaded.scenario.instruments:
            inst = self.instruments[model.id]
            if not inst.signed:
                continue
            signed = [s for s, _ in inst.signed]
            ratified = [s for s, _ in inst.ratified] if model.ratification else signed
            acceded = [s for s, _ in inst.acceded]
            bound = [s for s in self.idx.sides if s in ratified or s in acceded]
            rule = self.idx.entry_rule(model, inst)
            if rule == "on_signature":
                bound = [s for s in self.idx.sides if s in signed or s in acceded]
            elif rule == "all_ratified":
                if len(signed) < model.min_parties or any(s not in ratified for s in signed):
                    continue
            new_pairs = []
            for a, b in combinations(bound, 2):
                x, y = sorted((a, b))
                if not inst.in_force_between(x, y):
                    new_pairs.append((x, y, self.round))
            if new_pairs:
                self.instruments[model.id] = replace(inst, in_force=(*inst.in_force, *new_pairs))
                for x, y, _ in new_pairs:
                    self.note("in_force", instrument=model.id, a=x, b=y)

    def propose(self, actor: str, package: PackageSpec, move: str | None, counter_to: int | None, reasons: tuple[str, ...]) -> None:
        package = normal_package(self.state, package)
        inst = self.instruments[package.instrument]
        if inst.signed:
            return
        if inst.terms == package.terms and set(package.to) | {self.idx.side_of[actor]} <= set(inst.parties):
            self.note("proposal_dropped", actor, instrument=package.instrument, why="already_agreed")
            return
        pid = 1 + max((p.id for p in self.proposals), default=0)
        self.proposals.append(Proposal(pid, self.round, actor, self.idx.side_of[actor], package, move, counter_to))
        self.note("proposal", actor, proposal=pid, package=package.to_json(), move=move, counter_to=counter_to, reasons=list(reasons))

    def settle_proposal(self, pos: int) -> None:
        """Agree a text once enough addressees accepted; close it when nobody holds or it lapses."""
        p = self.proposals[pos]
        if p.status != "open":
            return
        model = self.idx.instruments[p.package.instrument]
        inst = self.instruments[model.id]
        accepted = [s for s, r in p.answers if r == "accept"]
        holding = [s for s in p.package.to if p.answer_of(s) in (None, "hold")]
        lapsed = self.round - p.round >= PROPOSAL_LIFETIME
        if inst.signed and inst.proposal != p.id:
            self.proposals[pos] = replace(p, status="closed")
            self.note("proposal_closed", proposal=p.id, why="signed_meanwhile")
            return
        if inst.proposal == p.id or (inst.terms == p.package.terms and accepted):
            # the text already agreed: accepting it again only brings in new parties
            joiners = [s for s in (p.side, *accepted) if s not in inst.parties]
            if joiners:
                self.instruments[model.id] = replace(inst, parties=(*inst.parties, *joiners))
                for s in joiners:
                    self.note("joined", side=s, instrument=model.id, proposal=p.id)
        elif 1 + len(accepted) >= model.min_parties:
            parties = tuple(s for s in self.idx.sides if s == p.side or s in accepted)
            self.instruments[model.id] = replace(inst, terms=p.package.terms, parties=parties, agreed_round=self.round, proposal=p.id)
            self.note("agreed", instrument=model.id, proposal=p.id, parties=list(parties), terms=dict(p.package.terms))
            for q_pos, q in enumerate(self.proposals):
                if q.status == "open" and q.id != p.id and q.package.instrument == model.id:
                    self.proposals[q_pos] = replace(q, status="closed")
                    self.note("proposal_closed", proposal=q.id, why="superseded")
        if not holding or lapsed:
            self.proposals[pos] = replace(self.proposals[pos], status="closed")
            current = self.instruments[model.id].proposal == p.id
            why = "agreed" if current else ("lapsed" if holding else "rejected")
            self.note("proposal_closed", proposal=p.id, why=why)


def _resolve(state: GameState) -> GameState:
    b = _Builder(state)
    idx = b.idx
    choices = sorted(state.pending, key=lambda c: state.actors.index(c.actor))
    b.note("round_choices", choices=len(choices))
    # 1. authored statements and actions, and the record of every choice
    for choice in choices:
        action = choice.action
        b.note("choice", choice.actor, action=action.kind, move=action.move, instrument=action.instrument,
               by=choice.by, diverged=choice.diverged, reasons=list(action.reasons))
        if action.move is not None:
            move = idx.moves[action.move]
            b.played.add(move.id)
            for eff in move.effects:
                b.effect(eff, move.id)
    # 2. answers
    for choice in choices:
        who = idx.side_of[choice.actor]
        for answer in choice.answers:
            pos = next(i for i, p in enumerate(b.proposals) if p.id == answer.proposal)
            p = b.proposals[pos]
            reply = "reject" if answer.reply == "counter" else answer.reply
            answers = tuple((s, r) for s, r in p.answers if s != who) + ((who, reply),)
            b.proposals[pos] = replace(p, answers=answers)
            b.note("answer", choice.actor, proposal=p.id, reply=answer.reply, reasons=list(answer.reasons))
            if reply == "accept":
                b.add_trust(p.side, who, 1, "accepted")
            elif reply == "reject" and answer.reply != "counter":
                b.add_trust(p.side, who, -1, "rejected")
    # 3. proposals settle (agreements), then new proposals and counters
    for pos in range(len(b.proposals)):
        b.settle_proposal(pos)
    for choice in choices:
        for answer in choice.answers:
            if answer.reply == "counter" and answer.counter is not None:
                b.propose(choice.actor, answer.counter, None, answer.proposal, answer.reasons)
        action = choice.action
        if action.kind == "propose" and action.package is not None:
            b.propose(choice.actor, action.package, action.move, None, action.reasons)
    # 4-6. signatures, ratifications, accessions, in that order; a signature is for the text that was
    # agreed when it was chosen — if this round's settlement replaced that text, it does not count
    for kind in ("sign", "ratify", "accede"):
        for choice in choices:
            action = choice.action
            if action.kind == kind and action.instrument is not None:
                if kind == "sign" and b.instruments[action.instrument].proposal != state.instruments[action.instrument].proposal:
                    b.note("act_failed", act=kind, side=idx.side_of[choice.actor], instrument=action.instrument, cause="text_changed")
                    continue
                b.act(kind, idx.side_of[choice.actor], action.instrument, action.move or "choice")
    # 7. entry into force
    b.entry_into_force()
    b.note("round_end")
    resolved = b.freeze(pending=())
    # end check
    if holds(resolved, resolved.loaded.scenario.end_when) and resolved.loaded.scenario.end_when:
        return _end(resolved, "end_when")
    if resolved.round + 1 >= len(resolved.rounds):
        return _end(resolved, "calendar")
    return _start_round(replace(resolved, round=resolved.round + 1))


def _end(state: GameState, reason: str) -> GameState:
    b = _Builder(state)
    for pos, p in enumerate(b.proposals):
        if p.status == "open":
            b.proposals[pos] = replace(p, status="closed")
    b.note("end", reason=reason)
    return b.freeze(ended=True, end_reason=reason)


def _start_round(state: GameState) -> GameState:
    """Fire the round's events (by round id, then by condition), lapse old proposals."""
    b = _Builder(state)
    round_model = state.loaded.scenario.calendar.rounds[state.round_index]
    b.note("round_start", round_id=round_model.id)
    for event in state.loaded.scenario.events:
        if event.once and event.id in b.fired:
            continue
        if event.round is not None and event.round != round_model.id:
            continue
        if event.when is not None and not holds(b, event.when):
            continue
        b.fired.add(event.id)
        b.note("event", event=event.id)
        for eff in event.effects:
            b.effect(eff, event.id)
    for pos in range(len(b.proposals)):
        b.settle_proposal(pos)
    b.entry_into_force()
    started = b.freeze()
    if holds(started, started.loaded.scenario.end_when) and started.loaded.scenario.end_when:
        return _end(started, "end_when")
    return started


def act_choice(actor: str, action: Action, answers: tuple[Answer, ...] = (), by: str = "human", diverged: bool = False) -> Choice:
    """Convenience constructor used by UIs and policies."""
    return Choice(actor, action, answers, by, diverged)
