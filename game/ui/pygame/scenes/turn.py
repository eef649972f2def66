"""A delegation's turn: the report and situation on the left; on the right, one question at a time —
each open proposal (accept, reject, hold, counter), then the move; packages are composed issue by
issue from the options. Irreversible choices (reject, sign, ratify) ask for confirmation."""

from __future__ import annotations

from typing import Any

import pygame

from game.engine.rules import index, package_problem
from game.engine.state import Action, Answer, Choice, PackageSpec, Proposal
from game.engine.views import view_for
from game.ui.pygame.scenes.base import Controller, Scene, header, margin
from game.ui.pygame.widgets import ACCENT, Canvas, Item, Menu, TextEntry, TextPanel
from game.wording import (
    action_label,
    evidence_lines,
    goal_lines,
    names,
    package_lines,
    package_summary,
    proposal_lines,
    report,
    side_name,
    situation_lines,
)


class TurnScene:
    def __init__(self, controller: Controller, actor: str) -> None:
        self.c = controller
        self.actor = actor
        session = controller.session
        self.loaded = session.loaded
        self.view = view_for(session.state, actor)
        seat = session.seat_of(actor) or 0
        since = controller.seen.get(seat, 0)
        controller.seen[seat] = len(session.state.log)
        self.panel = TextPanel(self._left_lines(since, session.seats[seat]), f"{self.view.name} — what has happened")
        self.panel.follow_end = False
        self.pending: list[Proposal] = list(self.view.to_answer)
        self.answers: list[Answer] = []
        self.message = ""
        self.stack: list[tuple[str, Menu, Any]] = []  # (mode, menu, data)
        self.help: TextPanel | None = None
        self.why: tuple[TextEntry, Action] | None = None
        self._next_question()

    # ----------------------------------------------------------------- text

    def _left_lines(self, since: int, viewers: list[str]) -> list[str]:
        state = self.c.session.state
        view = self.view
        lines = [line for line in report(state, since, viewers) if line.strip()] + evidence_lines(state, since)
        lines += ["", f"{view.round.label} — round {view.round_number} of {view.rounds_total}"]
        if view.person:
            lines.append(f"You speak as {view.person}.")
        if view.round_number == 1 and view.briefing:
            lines.append(view.briefing)
        goals = goal_lines(view)
        if goals:
            lines += ["Your goals:"] + [f"  • {g}" for g in goals]
        lines += situation_lines(state, view)
        return lines

    # ----------------------------------------------------------------- questions

    def _next_question(self) -> None:
        if self.pending:
            proposal = self.pending[0]
            prompt = "A proposal awaits your answer:\n" + "\n".join(proposal_lines(self.loaded, proposal))
            menu = Menu(prompt, [Item("Accept", "accept"), Item("Reject", "reject"), Item("Hold: answer later", "hold"),
                                 Item("Counter-propose a package of your own", "counter")])
            self.stack = [("answer", menu, proposal)]
            return
        items = [Item(action_label(self.loaded, a), a) for a in self.view.legal]
        self.stack = [("move", Menu("Your move this round:", items), None)]

    def _push(self, mode: str, menu: Menu, data: Any = None) -> None:
        self.stack.append((mode, menu, data))

    def handle_event(self, event: Any) -> Scene | None:
        if self.why is not None:
            entry, action = self.why
            text = entry.handle(event)
            return None if text is None else self._submit(action, text)
        if event.type == pygame.KEYDOWN and (event.key == pygame.K_F1 or getattr(event, "unicode", "") == "?"):
            self.help = None if self.help is not None else self._help_panel()
            return None
        if self.help is not None:
            if event.type == pygame.KEYDOWN and event.key in (pygame.K_ESCAPE, pygame.K_RETURN):
                self.help = None
            else:
                self.help.handle(event)
            return None
        if self.panel.handle(event):
            return None
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            if len(self.stack) > 1:
                self.stack.pop()
                self.message = ""
            return None
        mode, menu, data = self.stack[-1]
        chosen = menu.handle(event)
        if chosen is None:
            return None
        self.message = ""
        return self._choose(mode, chosen.value, data, menu)

    def _choose(self, mode: str, value: Any, data: Any, menu: Menu) -> Scene | None:
        if mode == "answer":
            proposal: Proposal = data
            if value in ("accept", "hold"):
                return self._answered(Answer(proposal.id, value))
            if value == "reject":
                self._push("confirm", Menu("Reject it? This cannot be undone.", [Item("Yes, reject", True), Item("No, go back", False)]),
                           ("answer", Answer(proposal.id, "reject")))
                return None
            self._start_composer(proposal)
            return None
        if mode == "confirm":
            kind, payload = data
            if not value:
                self.stack.pop()
                return None
            if kind == "answer":
                return self._answered(payload)
            return self._submit(payload)
        if mode == "move":
            action: Action = value
            if action.kind == "propose" and action.package is None:
                self._start_composer(None)
                return None
            if action.kind in ("sign", "ratify"):
                self._push("confirm", Menu(f"{action_label(self.loaded, action)}? This cannot be undone.",
                                           [Item("Yes", True), Item("No, go back", False)]), ("move", action))
                return None
            return self._submit(action)
        return self._compose_step(mode, value, data, menu)

    def _answered(self, answer: Answer) -> Scene | None:
        self.answers.append(answer)
        self.pending.pop(0)
        self._next_question()
        return None

    def _submit(self, action: Action, why: str | None = None) -> Scene | None:
        prompt = next((a.prompt for a in self.loaded.scenario.debrief.ask_why if a.move == action.move), None)
        if prompt is not None and why is None:
            self.why = (TextEntry(f"Think about it: {prompt} Your reason, in a sentence:"), action)
            return None
        self.c.session.submit(Choice(self.actor, action, tuple(self.answers), why=why or ""))
        return self.c.next_scene()

    # ----------------------------------------------------------------- composer

    def _start_composer(self, answering: Proposal | None) -> None:
        idx = index(self.loaded)
        state = self.c.session.state
        mine = idx.side_of[self.actor]
        presets = [a.package for a in self.view.legal if a.kind == "propose" and a.package is not None]
        instruments = [i for i in idx.instruments.values() if mine in i.parties and not state.instruments[i.id].signed]
        if answering is not None:  # a counter may change the instrument too; the one proposed comes first
            first = answering.package.instrument
            presets.sort(key=lambda p: p.instrument != first)
            instruments.sort(key=lambda i: i.id != first)
        items = [Item("Preset: " + package_summary(self.loaded, p), ("preset", p)) for p in presets]
        items += [Item(f"My own package: {i.name}", ("own", i.id)) for i in instruments]
        draft = {"answering": answering, "terms": []}
        self._push("compose_start", Menu("Compose a proposal (Esc: back)", items), draft)

    def _compose_step(self, mode: str, value: Any, draft: dict[str, Any], menu: Menu) -> Scene | None:
        idx = index(self.loaded)
        mine = idx.side_of[self.actor]
        if mode == "compose_start":
            kind, payload = value
            if kind == "preset":
                return self._finish(payload, draft)
            draft["instrument"] = payload
            others = [s for s in idx.instruments[payload].parties if s != mine]
            answering: Proposal | None = draft["answering"]
            if len(others) == 1:
                draft["to"] = others
                return self._ask_issue(draft)
            preset = {answering.side} if answering is not None else set(others)
            items = [Item(side_name(self.loaded, s), s, checked=s in preset) for s in others]
            self._push("compose_to", Menu("Addressed to whom? (Space ticks; Enter when done)", items, multi=True), draft)
            return None
        if mode == "compose_to":
            chosen = [item.value for item in menu.items if item.checked]
            if not chosen:
                self.message = "Tick at least one addressee with Space."
                return None
            draft["to"] = chosen
            return self._ask_issue(draft)
        if mode == "compose_issue":
            draft["terms"].append((draft["issue"], value))
            return self._ask_issue(draft)
        if mode == "compose_send":
            if value:
                return self._finish(draft["package"], draft, confirmed=True)
            self.stack.pop()
            return None
        return None

    def _ask_issue(self, draft: dict[str, Any]) -> None:
        idx = index(self.loaded)
        model = idx.instruments[draft["instrument"]]
        done = {issue for issue, _ in draft["terms"]}
        remaining = [i for i in model.issues if i not in done]
        if not remaining:
            package = PackageSpec(model.id, tuple(draft["to"]), tuple(draft["terms"]))
            self._finish(package, draft)
            return None
        issue = idx.issues[remaining[0]]
        draft["issue"] = issue.id
        items = [Item(o.label + (f" — {o.text}" if o.text else ""), o.id) for o in issue.options]
        items.append(Item("Leave it open", None))
        self._push("compose_issue", Menu(f"{issue.name}" + (f" ({issue.text})" if issue.text else ""), items), dict(draft, terms=list(draft["terms"])))
        return None

    def _finish(self, package: PackageSpec, draft: dict[str, Any], confirmed: bool = False) -> Scene | None:
        answering: Proposal | None = draft.get("answering")
        if answering is not None and answering.side not in package.to:
            package = PackageSpec(package.instrument, (answering.side, *package.to), package.terms)
        problem = package_problem(self.c.session.state, self.actor, package)
        if problem:
            self.message = f"That proposal cannot be made: {problem}."
            return None
        if not confirmed:
            prompt = "Send this proposal?\n" + "\n".join(package_lines(self.loaded, package))
            self._push("compose_send", Menu(prompt, [Item("Send it", True), Item("No, go back", False)]), dict(draft, package=package))
            return None
        if answering is not None:
            return self._answered(Answer(answering.id, "counter", package))
        return self._submit(Action("propose", package=package))

    def _help_panel(self) -> TextPanel:
        lines = [
            "Keys: Up/Down or Tab to move, Enter or a number to choose, Esc to go back,",
            "PgUp/PgDn to scroll the report, F11 full screen, Ctrl+Q to save and quit. F1 or ? closes this.",
            "",
            "Each round you first answer the proposals sent to you, then make one move. A proposal is a",
            "package: one option for each issue, or 'left open'. Computer delegations say why they answer.",
            "",
            "Your goals:",
        ] + [f"  • {g}" for g in goal_lines(self.view)]
        glossary = self.loaded.scenario.meta.glossary
        if glossary:
            lines += ["", "Words used in this scenario:"] + [f"  {g.term}: {g.definition}" for g in glossary]
        return TextPanel(lines, "Help")

    # ----------------------------------------------------------------- drawing

    def draw(self, canvas: Canvas) -> None:
        view = self.view
        seat_names = names(self.loaded, [view.side])
        y = header(canvas, f"{view.round.label} — you are {view.name}",
                   f"{seat_names} · round {view.round_number} of {view.rounds_total} · F1 or ?: help and glossary · Esc: back · PgUp/PgDn: scroll")
        m = margin(canvas)
        width = canvas.rect.width - 3 * m
        left = pygame.Rect(m, y + m // 2, int(width * 0.55), canvas.rect.height - y - m)
        right = pygame.Rect(left.right + m, left.top, width - left.width, left.height)
        self.panel.draw(canvas, left)
        canvas.box(right)
        inner = right.inflate(-canvas.fonts.size, -canvas.fonts.size)
        if self.message:
            canvas.text(self.message[:120], (inner.left, inner.top), canvas.fonts.small, ACCENT)
            inner.top += canvas.fonts.small.get_linesize() + 4
        if self.why is not None:
            self.why[0].draw(canvas, inner)
        else:
            self.stack[-1][1].draw(canvas, inner)
        if self.help is not None:
            veil = pygame.Surface(canvas.rect.size, pygame.SRCALPHA)
            veil.fill((40, 36, 30, 170))
            canvas.surface.blit(veil, (0, 0))
            self.help.draw(canvas, canvas.rect.inflate(-4 * m, -4 * m))


__all__ = ["TurnScene"]
