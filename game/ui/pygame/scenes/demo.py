"""Demonstration mode: the computer plays every delegation, one round per key press — history (or
the strategic computers) unfolding on the projector."""

from __future__ import annotations

from typing import Any

import pygame

from game.engine.rules import apply
from game.ui.pygame.scenes.base import Controller, Scene, header, margin
from game.ui.pygame.widgets import Canvas, TextPanel
from game.wording import evidence_for, report


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
        lines = [line for line in report(session.state, before) if line.strip()]
        for title, summary, citation in evidence_for(session.state, before):
            lines += [f"EVIDENCE — {title}", f"  {summary}", f"  Source: {citation}"]
        self.panel = TextPanel(lines, "Demonstration: the computer plays every delegation")

    def handle_event(self, event: Any) -> Scene | None:
        if self.panel.handle(event):
            return None
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            return self.c.next_scene()
        return None

    def draw(self, canvas: Canvas) -> None:
        session = self.c.session
        state = session.state
        label = session.loaded.scenario.calendar.rounds[state.round_index].label
        y = header(canvas, session.loaded.scenario.meta.title, f"{label} · Enter: next round · PgUp/PgDn: scroll")
        m = margin(canvas)
        self.panel.draw(canvas, pygame.Rect(m, y + m // 2, canvas.rect.width - 2 * m, canvas.rect.height - y - m))
