"""Wording shared by the debrief and both UIs: log entries, packages, instruments and actions in
plain English.

The engine records what happened as data; this module turns it into sentences. Nothing here prints.
"""

from __future__ import annotations

from game.engine.history import Difference
from game.engine.rules import index
from game.engine.state import Action, GameState, InstrumentState, LogEntry, PackageSpec, Proposal
from game.engine.views import View
from game.scenario.loader import LoadedScenario


def side_name(loaded: LoadedScenario, side: str) -> str:
    return index(loaded).side_names.get(side, side)


def actor_name(loaded: LoadedScenario, actor: str) -> str:
    model = index(loaded).actors.get(actor)
    return model.name if model else side_name(loaded, actor)


def names(loaded: LoadedScenario, sides: list[str] | tuple[str, ...]) -> str:
    items = [side_name(loaded, s) for s in sides]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def option_label(loaded: LoadedScenario, issue: str, option: str | None) -> str:
    if option is None:
        return "left open"
    model = index(loaded).issues[issue]
    return next((o.label for o in model.options if o.id == option), option)


def package_lines(loaded: LoadedScenario, package: PackageSpec | dict[str, object], proposer: str | None = None) -> list[str]:
    if isinstance(package, dict):
        package = PackageSpec.from_json(package)  # type: ignore[arg-type]
    idx = index(loaded)
    inst = idx.instruments[package.instrument]
    head = f"{inst.name}, addressed to {names(loaded, package.to)}"
    if proposer:
        head = f"{actor_name(loaded, proposer)} proposes: " + head
    lines = [head]
    for issue, option in package.terms:
        lines.append(f"  {idx.issues[issue].name}: {option_label(loaded, issue, option)}")
    return lines


def package_summary(loaded: LoadedScenario, package: PackageSpec) -> str:
    """A package on one line."""
    return "; ".join(line.strip() for line in package_lines(loaded, package))


MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")


def long_date(iso: str) -> str:
    """"1929-02-09" → "9 February 1929"."""
    year, month, day = iso.split("-")
    return f"{int(day)} {MONTHS[int(month) - 1]} {year}"


def difference(state: GameState, diff: Difference) -> str:
    """A history difference in words."""
    loaded = state.loaded
    idx = index(loaded)
    inst = idx.instruments[diff.instrument].name
    rounds = {r.id: r for r in loaded.scenario.calendar.rounds}

    def when(round_id: str | None) -> str:
        if round_id is None:
            return "not at all"
        r = rounds.get(round_id)
        if r is None:
            return "yes"
        return ("about " if r.certainty != "confirmed" else "on ") + long_date(r.date)

    if diff.aspect == "missing":
        return f"{inst}: agreed in history, never agreed in your game."
    if diff.aspect.startswith("terms."):
        issue = diff.aspect.split(".", 1)[1]
        return (f"{inst}, {idx.issues[issue].name}: history “{option_label(loaded, issue, diff.expected)}”, "
                f"your game “{option_label(loaded, issue, diff.found)}”.")
    verb = {"signed": "signed", "ratified": "ratified", "acceded": "acceded"}[diff.aspect]
    who = side_name(loaded, diff.side or "")
    return f"{inst}: {who} {verb} {when(diff.expected)} in history, {when(diff.found)} in your game."


def proposal_lines(loaded: LoadedScenario, proposal: Proposal) -> list[str]:
    lines = package_lines(loaded, proposal.package, proposal.by)
    lines[0] = f"[{proposal.id}] " + lines[0]
    return lines


def action_label(loaded: LoadedScenario, action: Action) -> str:
    idx = index(loaded)
    if action.move is not None:
        move = idx.moves[action.move]
        return move.label
    if action.kind == "pass":
        return "Wait and watch (do nothing new this round)"
    if action.kind == "propose":
        if action.package is None:
            return "Compose a proposal of your own…"
        return "Propose: " + package_summary(loaded, action.package)
    inst = idx.instruments[action.instrument or ""].name
    verbs = {"sign": "Sign", "ratify": "Ratify", "accede": "Accede to"}
    return f"{verbs[action.kind]} the {inst}"


def instrument_status(loaded: LoadedScenario, inst: InstrumentState, state: GameState) -> str:
    model = index(loaded).instruments[inst.id]
    if inst.terms is None:
        return f"{model.name}: not agreed"
    parts = [f"{model.name}: text agreed by {names(loaded, inst.parties)}"]
    if inst.signed:
        parts.append("signed by " + names(loaded, [s for s, _ in inst.signed]))
    if inst.ratified:
        parts.append("ratified by " + names(loaded, [s for s, _ in inst.ratified]))
    if inst.acceded:
        parts.append("acceded: " + names(loaded, [s for s, _ in inst.acceded]))
    if inst.in_force:
        parts.append(in_force_summary(loaded, inst))
    return "; ".join(parts)


def in_force_summary(loaded: LoadedScenario, inst: InstrumentState) -> str:
    """Who is bound to whom, briefly: "in force among all of A, B and C" when every pair is bound."""
    pairs = {(a, b) for a, b, _ in inst.in_force}
    bound = [s for s in index(loaded).sides if any(s in pair for pair in pairs)]
    complete = all((min(a, b), max(a, b)) in pairs for i, a in enumerate(bound) for b in bound[i + 1:])
    if complete:
        return "in force among all of " + names(loaded, bound)
    shown = [f"{side_name(loaded, a)}–{side_name(loaded, b)}" for a, b, _ in inst.in_force]
    more = f" and {len(shown) - 6} more pairs" if len(shown) > 6 else ""
    return "in force between " + ", ".join(shown[:6]) + more


def round_label(state: GameState, position: int) -> str:
    calendar = state.loaded.scenario.calendar.rounds
    return calendar[state.rounds[min(position, len(state.rounds) - 1)]].label


def describe(loaded: LoadedScenario, entry: LogEntry) -> list[str]:
    """Sentences for one log entry (empty for bookkeeping entries)."""
    idx = index(loaded)
    d = dict(entry.data)
    who = actor_name(loaded, entry.actor) if entry.actor else ""
    k = entry.kind
    if k == "event":
        event = next(e for e in loaded.scenario.events if e.id == d["event"])
        lines = [f"NEWS: {event.title}"]
        if event.text:
            lines.append(f"  {event.text}")
        return lines
    if k == "news":
        return [f"  {d['text']}"]
    if k == "choice":
        if d.get("diverged"):
            return [f"({who}: history diverged here — the record's move was not possible, so it improvised.)"]
        if d["move"]:
            move = idx.moves[d["move"]]
            if move.kind in ("statement", "action"):
                lines = [f"{who}: {move.label}."]
                if move.text:
                    lines.append(f"  {move.text}")
                return lines
        return []
    if k == "proposal":
        lines = package_lines(loaded, d["package"], entry.actor)
        if d.get("counter_to"):
            lines[0] = lines[0].replace(" proposes: ", " counter-proposes: ", 1)
            return lines  # its reasons were given with the answer
        return lines + _reasons(d)
    if k == "answer":
        reply = {"accept": "accepts", "reject": "rejects", "hold": "holds (keeps it open)", "counter": "turns down and counters"}[d["reply"]]
        return [f"{who} {reply} proposal [{d['proposal']}]."] + _reasons(d)
    if k == "agreed":
        return [f"AGREED: the text of the {idx.instruments[d['instrument']].name} between {names(loaded, d['parties'])}."]
    if k == "joined":
        return [f"{side_name(loaded, d['side'])} joins the agreed text of the {idx.instruments[d['instrument']].name}."]
    if k in ("sign", "ratify", "accede"):
        verb = {"sign": "signs", "ratify": "ratifies", "accede": "accedes to"}[k]
        return [f"{side_name(loaded, d['side'])} {verb} the {idx.instruments[d['instrument']].name}."]
    if k == "act_failed":
        why = " (the text was changed in the same round; sign the new text next round)" if d.get("cause") == "text_changed" else ""
        return [f"{side_name(loaded, d['side'])} could not {d['act']} the {idx.instruments[d['instrument']].name}{why}."]
    if k == "in_force":
        return [f"IN FORCE: the {idx.instruments[d['instrument']].name} between {side_name(loaded, d['a'])} and {side_name(loaded, d['b'])}."]
    if k == "trust":
        return [f"  (trust of {side_name(loaded, d['of'])} in {side_name(loaded, d['toward'])} is now {d['value']:+d})"]
    if k == "var":
        var = idx.variables[d["var"]]
        return [f"  ({var.name} is now {d['value']})"]
    if k == "proposal_closed" and d["why"] in ("lapsed", "superseded"):
        return [f"Proposal [{d['proposal']}] {'lapsed unanswered' if d['why'] == 'lapsed' else 'was overtaken by an agreed text'}."]
    if k == "end":
        return ["The calendar has run out." if d["reason"] == "calendar" else "The negotiation has reached its end."]
    return []


def _reasons(d: dict[str, object]) -> list[str]:
    reasons = d.get("reasons") or []
    assert isinstance(reasons, list)
    return [f"    because: {r}" for r in reasons]


def hidden_variables(state: GameState, viewers: list[str] | None) -> set[str]:
    """Variables none of `viewers` may see (None = the whole class sees everything: demonstration)."""
    if viewers is None:
        return set()
    return {
        v.id for v in state.loaded.scenario.variables
        if v.visible_to is not None and not any(a in v.visible_to for a in viewers)
    }


def report(state: GameState, since: int, viewers: list[str] | None = None) -> list[str]:
    """Lines describing log entries from position `since` on, with round headings, as `viewers`
    (the actors of one seat) may see them: variables hidden from them are left out."""
    hidden = hidden_variables(state, viewers)
    lines: list[str] = []
    for entry in state.log[since:]:
        if entry.kind == "var" and entry.get("var") in hidden:
            continue
        if entry.kind == "round_start":
            lines.append("")
            lines.append(f"— {round_label(state, entry.round)} —")
            briefing = state.loaded.scenario.calendar.rounds[state.rounds[entry.round]].briefing
            if briefing:
                lines.append(briefing)
            continue
        if entry.kind == "round_choices":
            lines.append("")
            lines.append(f"What happened, {round_label(state, entry.round)}:")
            continue
        lines.extend(describe(state.loaded, entry))
    return lines


def evidence_for(state: GameState, since: int) -> list[tuple[str, str, str]]:
    """(title, summary, citation with link) of evidence cards for moves played since `since`."""
    idx = index(state.loaded)
    cards = {c.id: c for c in state.loaded.scenario.evidence}
    sources = {s.id: s for s in state.loaded.scenario.meta.sources}
    out = []
    shown: set[str] = set()
    for entry in state.log[since:]:
        if entry.kind == "choice" and entry.get("move"):
            move = idx.moves[entry.get("move")]
            if move.evidence and move.evidence in cards and move.evidence not in shown:
                shown.add(move.evidence)
                card = cards[move.evidence]
                src = sources[card.source]
                out.append((card.title, card.summary, src.citation + (f" <{src.url}>" if src.url else "")))
    return out


def goal_lines(view: View) -> list[str]:
    """The actor's goals, secret ones marked."""
    return [g.text for g in view.goals] + [f"(secret) {g.text}" for g in view.secret_goals]


def situation_lines(state: GameState, view: View) -> list[str]:
    """What a delegation sees of the situation: its variables, its trust, the agreements so far."""
    loaded = state.loaded
    lines = []
    if view.variables:
        variables = index(loaded).variables
        lines.append("Situation: " + "; ".join(f"{variables[k].name} {v}" for k, v in view.variables.items()))
    trust = {k: v for k, v in view.trust.items() if v}
    if trust:
        lines.append("Your trust: " + "; ".join(f"{side_name(loaded, k)} {v:+d}" for k, v in trust.items()))
    status = [instrument_status(loaded, inst, state) for inst in view.instruments.values() if inst.terms is not None]
    if status:
        lines.append("Agreements:")
        lines.extend(f"  {line}" for line in status)
    return lines


def evidence_lines(state: GameState, since: int) -> list[str]:
    """The evidence cards of moves played since `since`, as lines."""
    lines = []
    for title, summary, citation in evidence_for(state, since):
        lines += [f"EVIDENCE — {title}", f"  {summary}", f"  Source: {citation}"]
    return lines
