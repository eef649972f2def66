"""The terminal game: choose a scenario and seats, read the briefing, play rounds, read reports.

Works with a keyboard, a screen reader (`--plain`), and piped input (one answer per line; when the
input ends the game is autosaved and stops with a message).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from game.ai import make_policy
from game.debrief.model import Debrief, build_debrief
from game.engine.rules import index, package_problem
from game.engine.save import SaveError
from game.engine.session import Session
from game.engine.state import Action, Answer, Choice, PackageSpec, Proposal
from game.engine.views import View, view_for
from game.scenario.errors import ScenarioError
from game.scenario.loader import LoadedScenario, load_file
from game.scenario.models import Seating
from game.storage import (
    autosave_path,
    default_save_dir,
    resolve_scenario,
    scenario_files,
    write_autosave,
    write_debrief,
)
from game.ui import text
from game.ui.terminal.console import Console, EndOfInput, QuitGame

HELP = (
    "Each round you first answer the proposals sent to you, then choose one move. "
    "Answer with the number or letter shown in brackets. A proposal is a package: one option for each "
    "issue, or 'left open'. The computer delegations tell you why they accept or refuse."
)


def run_terminal(args: argparse.Namespace) -> int:
    console = Console(plain=bool(args.plain))
    save_dir = Path(args.save_dir) if args.save_dir else default_save_dir()
    try:
        game = _setup(args, console, save_dir)
        if game is None:
            return 1
        return TerminalGame(game, console, save_dir, args).run()
    except EndOfInput:
        console.write("")
        console.write("Input ended before the game was set up; nothing to save.")
        return 0
    except QuitGame:
        console.write("Goodbye.")
        return 0


def _setup(args: argparse.Namespace, console: Console, save_dir: Path) -> Session | None:
    if args.resume:
        return _resume(args, console, save_dir)
    loaded = _choose_scenario(args, console)
    if loaded is None:
        return None
    seats = _choose_seats(args, console, loaded)
    if seats is None:
        return None
    policies = {a.id: make_policy(args.ai) for a in loaded.scenario.actors}
    if getattr(args, "seed_picked", False):
        console.write(f"Seed {args.seed} (replay this game with --seed {args.seed}).")
    session = Session(loaded, args.seed, seats, policies, short=bool(args.short))
    session.on_choice = lambda s: write_autosave(save_dir, s.loaded.id, s.save_text())
    return session


def _resume(args: argparse.Namespace, console: Console, save_dir: Path) -> Session | None:
    scenario_id = None
    if args.scenario:
        path = resolve_scenario(args.scenario)
        scenario_id = path.stem if path else args.scenario
    candidates = sorted(save_dir.glob(f"{scenario_id or '*'}.autosave*.json"), key=lambda p: (-p.stat().st_mtime, p.name))
    if not candidates:
        console.write(f"No autosave to resume in {save_dir}. Start a game with `litvinov play`.")
        return None
    for path in candidates:
        try:
            raw = path.read_text(encoding="utf-8")
            from game.engine.save import read_header

            header = read_header(raw)
            scenario_path = resolve_scenario(str(header["scenario"]))
            if scenario_path is None:
                raise SaveError(f"its scenario `{header['scenario']}` is not installed")
            loaded = load_file(scenario_path)
            session = Session.from_save(raw, loaded, make_policy)
        except (SaveError, OSError, UnicodeDecodeError, ScenarioError, ValueError) as error:
            console.write(f"Cannot resume from {path.name}: {error}. The file is left as it is.")
            continue
        session.on_choice = lambda s: write_autosave(save_dir, s.loaded.id, s.save_text())
        console.write(f"Resumed {loaded.scenario.meta.title} from {path.name} ({len(session.state.choices)} choices so far).")
        return session
    return None


def _choose_scenario(args: argparse.Namespace, console: Console) -> LoadedScenario | None:
    if args.scenario:
        path = resolve_scenario(args.scenario)
        if path is None:
            console.write(f"No scenario `{args.scenario}`. `litvinov list` shows the scenarios.")
            return None
        return load_file(path)
    valid: list[LoadedScenario] = []
    for _, path in scenario_files():
        try:
            valid.append(load_file(path))
        except ScenarioError:
            continue
    if not valid:
        console.write("No valid scenarios found.")
        return None
    console.heading("Litvinov — choose a scenario")
    for number, loaded in enumerate(valid, start=1):
        meta = loaded.scenario.meta
        console.write(f"{number}. {meta.title} ({meta.period}, about {meta.minutes} minutes)")
        console.write(f"   {meta.summary or meta.briefing.split('. ')[0] + '.'}")
    pick = console.ask_number("Scenario", len(valid))
    return valid[int(pick) - 1]


def _choose_seats(args: argparse.Namespace, console: Console, loaded: LoadedScenario) -> list[list[str]] | None:
    actors = [a.id for a in loaded.scenario.actors]
    seatings: dict[int, Seating] = {}
    for seating in loaded.scenario.meta.seatings:
        seatings.setdefault(seating.players, seating)
    singles = [list(seat) for s in loaded.scenario.meta.seatings if s.players == 1 for seat in s.seats]
    if args.as_:
        if args.as_.strip().lower() == "none":
            return []
        wanted = [a.strip() for a in args.as_.split(",") if a.strip()]
        unknown = [a for a in wanted if a not in actors]
        if unknown:
            console.write(f"Unknown delegation `{unknown[0]}`: choose from {', '.join(actors)}.")
            return None
        return [wanted]
    if args.players:
        seating = seatings.get(args.players)
        if seating is None:
            console.write(f"This scenario has no seating for {args.players} players: it has {', '.join(map(str, sorted(seatings))) or 'none'}.")
            return None
        return [list(seat) for seat in seating.seats]
    if args.scenario:
        return [singles[0]] if singles else [[actors[0]]]
    # interactive: how many players, then which seat
    counts = sorted(seatings) or [1]
    console.heading("Players")
    console.write("How many players share this computer? (0 = the computer plays everyone)")
    answer = console.ask("Players", ["0", *map(str, counts)])
    if answer == "0":
        return []
    count = int(answer)
    if count > 1:
        return [list(seat) for seat in seatings[count].seats]
    options = singles or [[a] for a in actors]
    options += [[a] for a in actors if [a] not in options and not any(a in seat and len(seat) == 1 for seat in options)]
    console.write("Which delegation do you play?")
    for number, seat in enumerate(options, start=1):
        console.write(f"{number}. " + " + ".join(text.actor_name(loaded, a) for a in seat))
    return [options[int(console.ask_number("Delegation", len(options))) - 1]]


class TerminalGame:
    def __init__(self, session: Session, console: Console, save_dir: Path, args: argparse.Namespace) -> None:
        self.s = session
        self.c = console
        self.save_dir = save_dir
        self.delay = float(getattr(args, "delay", 0.0) or 0.0)
        self.loaded = session.loaded
        console.glossary = {g.term.lower(): g.definition for g in self.loaded.scenario.meta.glossary}
        console.help_text = HELP
        self.seen: dict[int, int] = {}  # seat -> log position already shown to it
        self.last_seat: int | None = None
        self.handed: set[tuple[int, int]] = set()
        self.goals_shown: set[str] = set()
        self.last_situation: dict[int, list[str]] = {}

    def run(self) -> int:
        try:
            if not self.s.state.choices:
                self.briefing()
            while not self.s.state.ended:
                before = len(self.s.state.log)
                self.s.run_computers()
                if not self.s.humans:
                    self.show_report(before)
                    if self.delay:
                        time.sleep(self.delay)
                    elif not self.s.state.ended:
                        self.c.pause("Press Enter for the next round")
                    continue
                actor = self.s.human_due()
                if actor is None:
                    continue
                self.turn(actor)
            self.ending()
            return 0
        except EndOfInput:
            path = self.autosave()
            self.c.write("")
            self.c.write(f"Input ended: the game is saved ({path}). Continue with: litvinov play --resume")
            return 0
        except QuitGame:
            path = self.autosave()
            self.c.write(f"Saved to {path}. Continue with: litvinov play --resume")
            return 0

    def autosave(self) -> Path:
        write_autosave(self.save_dir, self.loaded.id, self.s.save_text())
        return autosave_path(self.save_dir, self.loaded.id)

    # ---------------------------------------------------------------- screens

    def briefing(self) -> None:
        meta = self.loaded.scenario.meta
        self.c.heading(meta.title)
        self.c.write(meta.briefing)
        self.c.section("In this lesson you will learn:", list(meta.objectives))
        if self.s.humans:
            names = [" + ".join(text.actor_name(self.loaded, a) for a in seat) for seat in self.s.seats]
            self.c.write("")
            self.c.write("Players: " + "; ".join(f"player {i + 1}: {n}" for i, n in enumerate(names)))
        else:
            self.c.write("")
            self.c.write("Demonstration: the computer plays every delegation.")
        self.c.section("Coach notes:", list(meta.coach_notes), "*")
        if self.delay and not self.s.humans:
            time.sleep(self.delay)
        else:
            self.c.pause()

    def show_report(self, since: int, viewers: list[str] | None = None) -> None:
        lines = text.report(self.s.state, since, viewers)
        for line in lines:
            self.c.write(line)
        for line in text.evidence_lines(self.s.state, since):
            if line.startswith("EVIDENCE"):
                self.c.write("")
            self.c.write(line)

    def hand_off(self, seat: int, actor: str) -> None:
        key = (self.s.state.round, seat)
        if len(self.s.seats) > 1 and key not in self.handed:
            self.c.clear()
            self.c.write(f"Pass the computer to player {seat + 1} — {' + '.join(text.actor_name(self.loaded, a) for a in self.s.seats[seat])}.")
            self.c.pause("Player " + str(seat + 1) + ": press Enter when only you can see the screen")
        self.handed.add(key)

    def turn(self, actor: str) -> None:
        seat = self.s.seat_of(actor) or 0
        self.hand_off(seat, actor)
        since = self.seen.get(seat, 0)
        self.c.new_screen()
        self.show_report(since, self.s.seats[seat])
        self.seen[seat] = len(self.s.state.log)
        view = view_for(self.s.state, actor)
        self.show_view(view)
        answers = self.answer_proposals(view)
        action = self.choose_action(view, answers)
        self.s.submit(Choice(actor, action, tuple(answers), why=self.ask_why(action)))

    def show_view(self, view: View) -> None:
        """The actor's situation. What the player has already read this round is not repeated:
        the person and goals appear on the first turn, the situation when it has changed."""
        st = self.s.state
        self.c.heading(f"{view.round.label} — round {view.round_number} of {view.rounds_total} — you are {view.name}")
        first_time = view.actor not in self.goals_shown
        self.goals_shown.add(view.actor)
        if view.person and first_time:
            self.c.write(f"You speak as {view.person}.")
        if view.round.certainty != "confirmed" and view.round.note:
            self.c.write(f"(Date {view.round.certainty}: {view.round.note})")
        if first_time and view.briefing:
            self.c.write(view.briefing)
        goals = text.goal_lines(view)
        self.c.glossary["goals"] = " / ".join(goals) or "none given"
        if goals and first_time:
            self.c.section("Your goals:", goals)
        lines = text.situation_lines(st, view)
        seat = self.s.seat_of(view.actor) or 0
        if lines != self.last_situation.get(seat):
            self.last_situation[seat] = lines
            for line in lines:
                self.c.write(line)
        elif lines:
            self.c.write("(Situation unchanged. ?goals shows your goals.)")

    # ---------------------------------------------------------------- answers

    def answer_proposals(self, view: View) -> list[Answer]:
        answers = []
        for proposal in view.to_answer:
            self.c.write("")
            self.c.write("A proposal awaits your answer:")
            for line in text.proposal_lines(self.loaded, proposal):
                self.c.write(f"  {line}")
            while True:
                pick = self.c.ask("Your answer: a accept, x reject, h hold (answer later), c counter-propose", ["a", "x", "h", "c"])
                if pick == "a":
                    answers.append(Answer(proposal.id, "accept"))
                elif pick == "h":
                    answers.append(Answer(proposal.id, "hold"))
                elif pick == "x":
                    if not self.c.confirm("Reject it? This cannot be undone"):
                        continue
                    answers.append(Answer(proposal.id, "reject"))
                else:
                    package = self.compose(view.actor, proposal)
                    if package is None:
                        continue
                    answers.append(Answer(proposal.id, "counter", package))
                break
        return answers

    # ---------------------------------------------------------------- the move

    def choose_action(self, view: View, answers: list[Answer]) -> Action:
        while True:
            legal = [a for a in view.legal]
            self.c.write("")
            self.c.write("Your move this round:")
            for number, action in enumerate(legal, start=1):
                self.c.write(f"  {number}. {text.action_label(self.loaded, action)}")
            pick = legal[int(self.c.ask_number("Move", len(legal))) - 1]
            if pick.kind == "propose" and pick.package is None:
                package = self.compose(view.actor, None)
                if package is None:
                    continue
                return Action("propose", package=package)
            if pick.kind in ("sign", "ratify") and not self.c.confirm(f"{text.action_label(self.loaded, pick)}? This cannot be undone"):
                continue
            if pick.move is not None:
                move = index(self.loaded).moves[pick.move]
                if move.text:
                    self.c.write(move.text)
            return pick

    def ask_why(self, action: Action) -> str:
        """At a move the scenario marks `ask_why`, ask the student to explain it in a sentence."""
        prompt = next((a.prompt for a in self.loaded.scenario.debrief.ask_why if a.move == action.move), None)
        if prompt is None:
            return ""
        self.c.write("")
        self.c.write(f"Think about it: {prompt}")
        self.c._emit("Your reason, in one sentence (Enter to skip): ")
        return self.c.read()[:2000]

    def compose(self, actor: str, answering: Proposal | None) -> PackageSpec | None:
        """Compose a package from the issues' options (authored proposals appear as presets)."""
        st = self.s.state
        idx = index(self.loaded)
        presets = [a.package for a in view_for(st, actor).legal if a.kind == "propose" and a.package is not None]
        self.c.write("")
        self.c.write("Compose a proposal. Presets (proposals of the time) or your own package:")
        choices: list[str] = []
        for number, package in enumerate(presets, start=1):
            self.c.write(f"  {number}. preset: " + text.package_summary(self.loaded, package))
            choices.append(str(number))
        self.c.write(f"  {len(presets) + 1}. my own package")
        self.c.write("  b. back")
        pick = self.c.ask("Choose", [*choices, str(len(presets) + 1), "b"])
        if pick == "b":
            return None
        if int(pick) <= len(presets):
            package = presets[int(pick) - 1]
        else:
            instruments = [i for i in idx.instruments.values() if not st.instruments[i.id].signed and idx.side_of[actor] in i.parties]
            if answering is not None:
                instruments = [i for i in instruments if i.id == answering.package.instrument] or instruments
            if not instruments:
                self.c.write("There is no instrument you can propose now.")
                return None
            if len(instruments) > 1:
                for number, inst in enumerate(instruments, start=1):
                    self.c.write(f"  {number}. {inst.name}" + (f" — {inst.text}" if inst.text else ""))
                model = instruments[int(self.c.ask_number("Instrument", len(instruments))) - 1]
            else:
                model = instruments[0]
            mine = idx.side_of[actor]
            others = [s for s in model.parties if s != mine]
            if len(others) == 1:
                to = others
                self.c.write(f"Addressed to {text.side_name(self.loaded, others[0])}.")
            else:
                self.c.write("Addressees (numbers separated by commas, or 'all'):")
                for number, other in enumerate(others, start=1):
                    self.c.write(f"  {number}. {text.side_name(self.loaded, other)}")
                to = self.pick_many(others)
            terms = []
            for issue_id in model.issues:
                issue = idx.issues[issue_id]
                self.c.write(f"{issue.name}:" + (f" ({issue.text})" if issue.text else ""))
                for number, option in enumerate(issue.options, start=1):
                    self.c.write(f"  {number}. {option.label}" + (f" — {option.text}" if option.text else ""))
                self.c.write("  0. leave it open")
                choice = self.c.ask_number("Option", len(issue.options), ["0"])
                terms.append((issue_id, None if choice == "0" else issue.options[int(choice) - 1].id))
            package = PackageSpec(model.id, tuple(to), tuple(terms))
        if answering is not None and answering.side not in package.to:
            package = PackageSpec(package.instrument, (answering.side, *package.to), package.terms)
        problem = package_problem(st, actor, package)
        if problem:
            self.c.write(f"That proposal cannot be made: {problem}.")
            return None
        self.c.write("Your proposal: " + text.package_summary(self.loaded, package))
        return package if self.c.confirm("Send it") else None

    def pick_many(self, items: list[str]) -> list[str]:
        while True:
            self.c._emit(f"Addressees [1-{len(items)} separated by commas, or all]: ")
            raw = self.c.read().lower()
            if raw == "all":
                return list(items)
            try:
                picked = sorted({int(x) for x in raw.replace(" ", "").split(",") if x})
            except ValueError:
                picked = []
            if picked and all(1 <= p <= len(items) for p in picked):
                return [items[p - 1] for p in picked]
            self.c.write(f"Give numbers from 1 to {len(items)}, e.g. 1,2 — or all.")

    # ---------------------------------------------------------------- end

    def ending(self) -> None:
        if self.s.humans:
            viewers = [a for seat in self.s.seats for a in seat]
            self.show_report(min(self.seen.values(), default=0), viewers if len(self.s.seats) == 1 else None)
        else:
            self.show_report(len(self.s.state.log))
        self.autosave()
        actors = [a for seat in self.s.seats for a in seat] or list(self.s.state.actors)
        d = build_debrief(self.s.state, actors)
        self.c.heading("The end — your result")
        for line in d.outcome:
            self.c.write(line)
        if d.history_summary:
            self.c.write("")
            self.c.write("What really happened: " + d.history_summary)
        self.c.section("Three lenses (none of them is the score):", lens_lines(d))
        if self.loaded.scenario.history.instruments:
            self.c.section("Where your game differs from history:", d.distance or ["Nowhere: your game ended as history did."])
        self.c.section("Where you went another way:", [
            f"{v.round}, {v.actor}: you chose “{v.yours}”; in history: “{v.history}”. {v.why_history}"
            + "".join(f" — {c}" for c in v.consequences[:2])
            for v in d.divergences[:4]
        ])
        self.c.section("What happened next (in history):", [f"{e['date']}: {e['text']}" for e in d.epilogue], "")
        self.c.section("Questions to discuss:", d.questions)
        self.c.section("Explain your choices:", [f"{a['move']}: {a['prompt']}" + (f" — you wrote: {a['answer']}" if a["answer"] else "")
                                                 for a in d.ask_why])
        paths = write_debrief(self.save_dir, d)
        self.c.write("")
        self.c.write("The game is saved. The debrief for the teacher: " + ", ".join(str(p) for p in paths))


def lens_lines(d: Debrief) -> list[str]:
    lines = [f"In character: {d.in_character:.0f} / 100 ({len(d.judgements)} decisions judged)" if d.in_character is not None
             else "In character: no decisions to judge"]
    lines += [f"Statecraft, {s.actor}: {s.score:.0f} (the real diplomat's outcome = 100)" for s in d.statecraft]
    lines.append(f"Distance from history: {len(d.distance)} difference(s) — described, not graded")
    return lines


__all__ = ["run_terminal"]
