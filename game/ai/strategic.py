"""`strategic`: the default computer delegation. It scores every package with its persona, accepts
above its reservation, otherwise counters (at most two issues changed in its favour), holds or
rejects; it proposes, signs, ratifies and accedes when its utility says so. Every answer carries
the reasons computed from that scoring."""

from __future__ import annotations

import random
from dataclasses import replace

from game.ai.reasons import explain
from game.engine.rules import can_propose_on, index, legal_actions, open_proposals_for, package_problem
from game.engine.state import PASS, Action, Answer, Choice, GameState, PackageSpec, Proposal
from game.engine.utility import Score, score, text_score, value_of, values_for

MAX_COUNTER_CHANGES = 2
# how readily a computer delegation makes an authored statement or action: it plays as the state
# did, sometimes as it considered, seldom merely plausibly, never out of character
CHARACTER_WEIGHT = {"historical": 6.0, "considered": 3.0, "plausible": 1.0, "out_of_character": 0.0}


class StrategicPolicy:
    name = "strategic"

    def choose(self, state: GameState, actor: str) -> Choice:
        rng = state.rng(actor, "strategic")
        answers = tuple(self.answer(state, actor, p) for p in open_proposals_for(state, actor))
        countering = {a.counter.instrument for a in answers if a.counter is not None}
        action = self.initiative(state, actor, rng, countering)
        return Choice(actor, action, answers, by=self.name)

    # ------------------------------------------------------------------ answers

    def answer(self, state: GameState, actor: str, proposal: Proposal) -> Answer:
        s = score(state, actor, self.as_seen_by(state, actor, proposal), proposal.side)
        if s.acceptable:
            return Answer(proposal.id, "accept", reasons=explain(state, s, "accept"))
        counter = self.counter(state, actor, proposal)
        if counter is not None:
            package, cs = counter
            return Answer(proposal.id, "counter", package, explain(state, s, "reject") + counter_note(state, proposal, package, cs, index(state.loaded).side_of[actor]))
        p = index(state.loaded).actors[actor].persona
        rounds_left = len(state.rounds) - state.round - 1
        if not s.red_lines and rounds_left > 0 and s.reservation - s.utility <= 2 * p.concession:
            return Answer(proposal.id, "hold", reasons=explain(state, s, "hold"))
        return Answer(proposal.id, "reject", reasons=explain(state, s, "reject"))

    @staticmethod
    def as_seen_by(state: GameState, actor: str, proposal: Proposal) -> PackageSpec:
        """The package from the answering side's seat: addressed to everyone but itself."""
        mine = index(state.loaded).side_of[actor]
        return PackageSpec(proposal.package.instrument, tuple(s for s in proposal.package.to if s != mine), proposal.package.terms)

    def counter(self, state: GameState, actor: str, proposal: Proposal) -> tuple[PackageSpec, Score] | None:
        """The best package changing at most two issues in the actor's favour, if it is acceptable."""
        idx = index(state.loaded)
        mine = idx.side_of[actor]
        if not can_propose_on(state, actor, proposal.package.instrument):
            return None
        values = values_for(state, actor)
        terms = dict(proposal.package.terms)
        gains = []
        for issue, current in terms.items():
            best = max((o.id for o in idx.issues[issue].options), key=lambda o: (value_of(values, issue, o), o == current))
            delta = value_of(values, issue, best) - value_of(values, issue, current)
            if delta > 1e-9:
                gains.append((delta, issue, best))
        gains.sort(key=lambda g: (-g[0], g[1]))
        for _, issue, best in gains[:MAX_COUNTER_CHANGES]:
            terms[issue] = best
        to = [proposal.side, *(s for s in proposal.package.to if s != mine)]
        model = idx.instruments[proposal.package.instrument]
        # drop addressees beside whom it will not sign; add those it needs
        hits = score(state, actor, PackageSpec(model.id, tuple(s for s in to), tuple(terms.items())), None).red_lines
        for red in hits:
            to = [s for s in to if s not in red.with_parties]
            to += [s for s in red.without_parties if s in model.parties and s not in to and s != mine]
        if not to or proposal.side not in to:
            return None
        package = PackageSpec(model.id, tuple(to), tuple(terms.items()))
        if package.terms == proposal.package.terms and set(package.to) == set(proposal.package.to) | {proposal.side} - {mine}:
            return None
        if package_problem(state, actor, package) is not None:
            return None
        s = score(state, actor, package, None)
        return (package, s) if s.acceptable else None

    # ------------------------------------------------------------------ initiatives

    def initiative(self, state: GameState, actor: str, rng: random.Random, countering: set[str]) -> Action:
        legal = legal_actions(state, actor)
        persona = index(state.loaded).actors[actor].persona
        for kind in ("ratify", "sign", "accede"):
            for action in legal:
                if action.kind != kind or action.instrument is None:
                    continue
                s = text_score(state, actor, action.instrument)
                if s is None:
                    continue
                margin = -persona.initiative if kind != "ratify" else -1.0 - persona.initiative
                if not s.red_lines and s.utility >= s.reservation + margin:
                    authored = next((a for a in legal if a.kind == kind and a.instrument == action.instrument and a.move), None)
                    return replace(authored or action, reasons=explain(state, s, kind))
        best = self.best_proposal(state, actor, legal, countering)
        if best is not None:
            return best
        moves = index(state.loaded).moves
        statements = [a for a in legal if a.kind == "move" and a.move is not None and moves[a.move].ai
                      and CHARACTER_WEIGHT[moves[a.move].plausibility] > 0]
        if statements and rng.random() < 0.4 + 0.1 * persona.initiative:
            weights = [CHARACTER_WEIGHT[moves[a.move].plausibility] for a in statements if a.move is not None]
            choice = rng.choices(statements, weights=weights)[0]
            assert choice.move is not None
            return replace(choice, reasons=(f"in character: {moves[choice.move].note}",))
        return PASS

    def best_proposal(self, state: GameState, actor: str, legal: list[Action], countering: set[str]) -> Action | None:
        idx = index(state.loaded)
        mine = idx.side_of[actor]
        persona = idx.actors[actor].persona
        candidates: list[tuple[float, int, Action, Score]] = []
        for action in legal:
            if action.kind == "propose" and action.package is not None and action.package.instrument not in countering:
                s = score(state, actor, action.package, None)
                candidates.append((s.utility, 1, action, s))
        for inst_id in idx.instruments:
            if inst_id in countering or not can_propose_on(state, actor, inst_id):
                continue
            package = self.compose(state, actor, inst_id)
            if package is not None:
                s = score(state, actor, package, None)
                candidates.append((s.utility, 0, Action("propose", package=package), s))
        good = []
        for utility, authored, action, s in candidates:
            assert action.package is not None
            inst = state.instruments[action.package.instrument]
            if s.red_lines or utility < s.reservation + 0.5 - persona.initiative:
                continue
            if inst.terms is not None and mine in inst.parties:
                current = text_score(state, actor, inst.id)
                if current is not None and current.utility >= utility - 0.5:
                    continue  # already agreed on something as good
            if self.recently_tried(state, mine, action.package):
                continue
            good.append((utility, authored, action, s))
        if not good:
            return None
        utility, _, action, s = max(good, key=lambda g: (g[0], g[1]))
        return replace(action, reasons=explain(state, s, "propose"))

    @staticmethod
    def recently_tried(state: GameState, side: str, package: PackageSpec) -> bool:
        wanted = (package.instrument, frozenset(package.to), frozenset(package.terms))
        for p in state.proposals:
            if p.side != side:
                continue
            same = (p.package.instrument, frozenset(p.package.to), frozenset(p.package.terms)) == wanted
            if same and (p.status == "open" or state.round - p.round <= 2):
                return True
            if p.status == "open" and p.package.instrument == package.instrument:
                return True
        return False

    def compose(self, state: GameState, actor: str, instrument: str) -> PackageSpec | None:
        """A package of its own: every candidate partner it will sign beside, and for each issue the
        option best for itself plus half what its partners' public goals say they want."""
        idx = index(state.loaded)
        mine = idx.side_of[actor]
        model = idx.instruments[instrument]
        persona = idx.actors[actor].persona
        avoid = {s for red in persona.red_lines for s in red.with_parties if red.instrument in (None, instrument)}
        inst = state.instruments[instrument]
        to = [s for s in model.parties if s != mine and s not in avoid]
        if not to or 1 + len(to) < model.min_parties:
            return None
        if inst.terms is not None and mine in inst.parties:
            to = [s for s in to if s in inst.parties] or to
        mine_values = values_for(state, actor)
        public = {s: public_values(state, s) for s in to}
        terms = []
        for issue in model.issues:
            def worth(option: str, issue: str = issue) -> tuple[float, str]:
                others = sum(public[s].get(issue, {}).get(option, 0.0) for s in to)
                return (value_of(mine_values, issue, option) + 0.5 * others, option)
            terms.append((issue, max((o.id for o in idx.issues[issue].options), key=worth)))
        return PackageSpec(instrument, tuple(to), tuple(terms))


def public_values(state: GameState, side: str) -> dict[str, dict[str, float]]:
    """What a side's public goals say it values (no secrets, no persona numbers)."""
    idx = index(state.loaded)
    actor_id = idx.authority.get(side)
    if actor_id is None:
        return {}
    actor = idx.actors[actor_id]
    table: dict[str, dict[str, float]] = {}
    for goal in actor.goals:
        if goal.issue and goal.prefer:
            n = len(goal.prefer)
            for k, option in enumerate(goal.prefer):
                table.setdefault(goal.issue, {})[option] = goal.weight * (1 if n == 1 else 1 - 2 * k / (n - 1))
    return table


def counter_note(state: GameState, proposal: Proposal, new: PackageSpec, s: Score, mine: str) -> tuple[str, ...]:
    idx = index(state.loaded)
    old = proposal.package
    changed = []
    for issue, option in new.terms:
        if old.term(issue) != option and option is not None:
            label = next(o.label for o in idx.issues[issue].options if o.id == option)
            changed.append(f"{idx.issues[issue].name}: “{label}”")
    added = [idx.side_names[x] for x in new.to if x not in old.to and x != proposal.side]
    dropped = [idx.side_names[x] for x in old.to if x not in new.to and x != mine]
    parts = changed + ([f"adding {', '.join(added)}"] if added else []) + ([f"leaving out {', '.join(dropped)}"] if dropped else [])
    return (f"counters with {'; '.join(parts)} (worth {round(s.utility, 1) + 0.0:+.1f} to it)",)
