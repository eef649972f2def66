"""The hot-seat hand-off: a blank screen naming the next player; nothing secret shows."""

from __future__ import annotations

from typing import Any

import pygame

from game.ui.pygame.scenes.base import Controller, Scene, header, margin
from game.ui.pygame.widgets import Canvas
from game.wording import actor_name


class HandoffScene:
    def __init__(self, controller: Controller, seat: int) -> None:
        self.c, self.seat = controller, seat

    def handle_event(self, event: Any) -> Scene | None:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            from game.ui.pygame.scenes.turn import TurnScene

            actor = self.c.session.human_due()
            assert actor is not None
            return TurnScene(self.c, actor)
        return None

    def draw(self, canvas: Canvas) -> None:
        session = self.c.session
        names = " + ".join(actor_name(session.loaded, a) for a in session.seats[self.seat])
        y = header(canvas, f"Pass the computer to player {self.seat + 1}", "")
        m = margin(canvas)
        canvas.text(names, (m, y + m), canvas.fonts.title)
        canvas.text("Press Enter when only you can see the screen.", (m, y + m + canvas.fonts.title.get_linesize() * 2))
