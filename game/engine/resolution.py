"""Resolution of a round, in the scenario's fixed order, and the start of the next round.

Authored effects → answers → proposals settle (agreements) → new proposals and counters →
signatures → ratifications → accessions → entry into force → report → end check → next round's
events. Works on a mutable scratch copy (`_Builder`) and freezes it into a new GameState.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

from game.engine.acts import can_accede, can_ratify, can_sign, normal_package
from game.engine.lookup import holds, index
from game.engine.state import Choice, GameState, LogEntry, PackageSpec, Proposal, evolve
from game.scenario.models import Effect

PROPOSAL_LIFETIME = 3  # rounds an unanswered ('hold') proposal stays open


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
        return evolve(
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
        if kind == "sign" and can_sign(self.state, who, inst):
            inst = evolve(inst, signed=(*inst.signed, (who, r)))
        elif kind == "ratify" and can_ratify(self.state, who, inst, model):
            inst = evolve(inst, ratified=(*inst.ratified, (who, r)))
        elif kind == "accede" and can_accede(self.state, who, inst, model):
            inst = evolve(inst, acceded=(*inst.acceded, (who, r)), parties=(*inst.parties, who))
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
                self.instruments[model.id] = evolve(inst, in_force=(*inst.in_force, *new_pairs))
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
            self.proposals[pos] = evolve(p, status="closed")
            self.note("proposal_closed", proposal=p.id, why="signed_meanwhile")
            return
        if inst.proposal == p.id or (inst.terms == p.package.terms and accepted):
            # the text already agreed: accepting it again only brings in new parties
            joiners = [s for s in (p.side, *accepted) if s not in inst.parties]
            if joiners:
                self.instruments[model.id] = evolve(inst, parties=(*inst.parties, *joiners))
                for s in joiners:
                    self.note("joined", side=s, instrument=model.id, proposal=p.id)
        elif 1 + len(accepted) >= model.min_parties:
            parties = tuple(s for s in self.idx.sides if s == p.side or s in accepted)
            self.instruments[model.id] = evolve(inst, terms=p.package.terms, parties=parties, agreed_round=self.round, proposal=p.id)
            self.note("agreed", instrument=model.id, proposal=p.id, parties=list(parties), terms=dict(p.package.terms))
            for q_pos, q in enumerate(self.proposals):
                if q.status == "open" and q.id != p.id and q.package.instrument == model.id:
                    self.proposals[q_pos] = evolve(q, status="closed")
                    self.note("proposal_closed", proposal=q.id, why="superseded")
        if not holding or lapsed:
            self.proposals[pos] = evolve(self.proposals[pos], status="closed")
            current = self.instruments[model.id].proposal == p.id
            why = "agreed" if current else ("lapsed" if holding else "rejected")
            self.note("proposal_closed", proposal=p.id, why=why)


def resolve(state: GameState) -> GameState:
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
    position = {p.id: i for i, p in enumerate(b.proposals)}
    for choice in choices:
        who = idx.side_of[choice.actor]
        for answer in choice.answers:
            pos = position[answer.proposal]
            p = b.proposals[pos]
            reply = "reject" if answer.reply == "counter" else answer.reply
            answers = tuple((s, r) for s, r in p.answers if s != who) + ((who, reply),)
            b.proposals[pos] = evolve(p, answers=answers)
            b.note("answer", choice.actor, proposal=p.id, reply=answer.reply, reasons=list(answer.reasons))
            if reply == "accept":
                b.add_trust(p.side, who, 1, "accepted")
            elif reply == "reject" and answer.reply != "counter" and not _answers_with_own_text(choice, p):
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
        return end_game(resolved, "end_when")
    if resolved.round + 1 >= len(resolved.rounds):
        return end_game(resolved, "calendar")
    return start_round(evolve(resolved, round=resolved.round + 1))


def _answers_with_own_text(choice: Choice, proposal: Proposal) -> bool:
    """A rejection that comes with the rejecter's own text on the same instrument for the proposer is
    in effect a counter-proposal: it costs no trust."""
    package = choice.action.package
    return (
        choice.action.kind == "propose"
        and package is not None
        and package.instrument == proposal.package.instrument
        and proposal.side in package.to
    )


def end_game(state: GameState, reason: str) -> GameState:
    b = _Builder(state)
    for pos, p in enumerate(b.proposals):
        if p.status == "open":
            b.proposals[pos] = evolve(p, status="closed")
    b.note("end", reason=reason)
    return b.freeze(ended=True, end_reason=reason)


def start_round(state: GameState) -> GameState:
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
        return end_game(started, "end_when")
    return started
