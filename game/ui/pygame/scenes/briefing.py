"""The opening briefing: background, what the lesson teaches, who plays whom, coach notes."""

from __future__ import annotations

from typing import Any

from game.ui.pygame.scenes.base import Controller, Scene, advance_on_enter, draw_panel_screen
from game.ui.pygame.widgets import Canvas, TextPanel
from game.wording import actor_name


class BriefingScene:
    def __init__(self, controller: Controller) -> None:
        self.c = controller
        loaded = controller.session.loaded
        meta = loaded.scenario.meta
        lines = [meta.briefing, ""]
        if meta.objectives:
            lines += ["In this lesson you will learn:"] + [f"  • {o}" for o in meta.objectives] + [""]
        seats = controller.session.seats
        if seats:
            lines += ["Players: " + "; ".join(f"player {i + 1}: " + " + ".join(actor_name(loaded, a) for a in seat) for i, seat in enumerate(seats)), ""]
        else:
            lines += ["Demonstration: the computer plays every delegation; each round ends with its report.", ""]
        if meta.coach_notes:
            lines += ["Coach notes:"] + [f"  • {n}" for n in meta.coach_notes]
        self.panel = TextPanel(lines, "Briefing")

    def handle_event(self, event: Any) -> Scene | None:
        return advance_on_enter(event, self.panel, self.c)

    def draw(self, canvas: Canvas) -> None:
        meta = self.c.session.loaded.scenario.meta
        draw_panel_screen(canvas, meta.title, "Enter: begin · PgUp/PgDn: scroll", self.panel)
