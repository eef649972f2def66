"""The end: the result beside history, the three lenses, divergences, what came next, questions;
the debrief is also written for the teacher (HTML, Markdown, JSON)."""

from __future__ import annotations

from typing import Any

import pygame

from game.debrief.model import build_debrief
from game.storage import write_autosave, write_debrief
from game.ui.pygame.scenes.base import Controller, Scene, draw_panel_screen
from game.ui.pygame.widgets import Canvas, TextPanel


class EndScene:
    def __init__(self, controller: Controller) -> None:
        self.c = controller
        session = controller.session
        write_autosave(controller.save_dir, session.loaded.id, session.save_text())
        actors = [a for seat in session.seats for a in seat] or list(session.state.actors)
        d = build_debrief(session.state, actors)
        paths = write_debrief(controller.save_dir, d)
        lines = ["YOUR RESULT"] + [f"  {o}" for o in d.outcome]
        if d.history_summary:
            lines += ["", "What really happened: " + d.history_summary]
        lines += ["", "THREE LENSES (NONE OF THEM IS THE SCORE)"]
        lines.append(f"  In character: {d.in_character:.0f} / 100" if d.in_character is not None else "  In character: no decisions to judge")
        lines += [f"  Statecraft, {s.actor}: {s.score:.0f} (the real diplomat's outcome = 100)" for s in d.statecraft]
        lines.append(f"  Distance from history: {len(d.distance)} difference(s), described, not graded")
        if d.distance:
            lines += ["", "WHERE YOUR GAME DIFFERS FROM HISTORY"] + [f"  • {x}" for x in d.distance]
        if d.divergences:
            lines += ["", "WHERE YOU WENT ANOTHER WAY"]
            lines += [f"  • {v.round}, {v.actor}: you chose “{v.yours}”; in history “{v.history}”. {v.why_history}" for v in d.divergences[:5]]
        if d.epilogue:
            lines += ["", "WHAT HAPPENED NEXT (IN HISTORY)"] + [f"  • {e['date']}: {e['text']}" for e in d.epilogue]
        if d.questions:
            lines += ["", "QUESTIONS TO DISCUSS"] + [f"  • {q}" for q in d.questions]
        lines += ["", "The debrief for the teacher: " + ", ".join(str(p) for p in paths)]
        self.panel = TextPanel(lines, "The end")

    def handle_event(self, event: Any) -> Scene | None:
        if self.panel.handle(event):
            return None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_ESCAPE):
            from game.ui.pygame.scenes.title import TitleScene

            return TitleScene(self.c.save_dir, "strategic")
        return None

    def draw(self, canvas: Canvas) -> None:
        draw_panel_screen(canvas, self.c.session.loaded.scenario.meta.title, "Enter: back to the title · PgUp/PgDn: scroll", self.panel)
