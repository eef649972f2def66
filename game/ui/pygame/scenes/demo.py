"""Demonstration mode: the computer plays every delegation, one round per key press — history (or
the strategic computers) unfolding on the projector."""

from __future__ import annotations

from typing import Any

from game.engine.rules import apply
from game.ui.pygame.scenes.base import Controller, Scene, advance_on_enter, draw_panel_screen
from game.ui.pygame.widgets import Canvas, TextPanel
from game.wording import evidence_lines, report


class DemoScene:
    def __init__(self, controller: Controller) -> None:
        self.c = controller
        session = controller.session
        before = len(session.state.log)
        start = session.state.round
        while not session.state.ended and session.state.round == start:
            actor = session.state.next_actor()
            assert actor is not None
            session.state, _ = apply(session.state, session.policies[actor].choose(session.state, actor))
        if session.on_choice is not None:
            session.on_choice(session)
        lines = [line for line in report(session.state, before) if line.strip()] + evidence_lines(session.state, before)
        self.panel = TextPanel(lines, "Demonstration: the computer plays every delegation")
        self.waited = 0.0

    def handle_event(self, event: Any) -> Scene | None:
        return advance_on_enter(event, self.panel, self.c)

    def update(self, seconds: float) -> Scene | None:
        """With a delay set, the next round comes by itself."""
        if self.c.delay <= 0:
            return None
        self.waited += seconds
        return self.c.next_scene() if self.waited >= self.c.delay else None

    def draw(self, canvas: Canvas) -> None:
        session = self.c.session
        state = session.state
        label = session.loaded.scenario.calendar.rounds[state.round_index].label
        draw_panel_screen(canvas, session.loaded.scenario.meta.title, f"{label} · Enter: next round · PgUp/PgDn: scroll", self.panel)
