"""The scene protocol and the game controller shared by the in-game scenes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import pygame

from game.engine.session import Session
from game.storage import write_autosave
from game.ui.pygame.widgets import ACCENT, INK, MUTED, PAPER, Canvas, TextPanel


class Scene(Protocol):
    def handle_event(self, event: Any) -> Scene | None: ...
    def draw(self, canvas: Canvas) -> None: ...


QUIT = "quit"


@dataclass
class Controller:
    """One game in progress: the session, what each seat has read, autosaves after every choice."""

    session: Session
    save_dir: Path
    delay: float = 0.0  # demonstration: seconds between rounds (0 = one round per key press)
    seen: dict[int, int] = field(default_factory=dict)
    handed: set[tuple[int, int]] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.session.on_choice = lambda s: write_autosave(self.save_dir, s.loaded.id, s.save_text())

    def next_scene(self) -> Scene:
        """Let the computers choose; then the hand-off, a turn, or the end."""
        from game.ui.pygame.scenes.end import EndScene
        from game.ui.pygame.scenes.handoff import HandoffScene
        from game.ui.pygame.scenes.turn import TurnScene

        session = self.session
        if not session.humans and not session.state.ended:
            from game.ui.pygame.scenes.demo import DemoScene

            return DemoScene(self)  # one round per key press
        session.run_computers()
        if session.state.ended:
            return EndScene(self)
        actor = session.human_due()
        if actor is None:
            return EndScene(self)
        seat = session.seat_of(actor) or 0
        key = (session.state.round, seat)
        if len(session.seats) > 1 and key not in self.handed:
            self.handed.add(key)
            return HandoffScene(self, seat)
        self.handed.add(key)
        return TurnScene(self, actor)


def header(canvas: Canvas, title: str, subtitle: str = "") -> int:
    """Paper background and a title; returns the y where content starts."""
    canvas.surface.fill(PAPER)
    fonts = canvas.fonts
    margin = max(12, canvas.rect.width // 40)
    width = canvas.rect.width - 2 * margin
    font = fonts.title if fonts.title.size(title)[0] <= width else fonts.bold
    canvas.text(fit(title, font, width), (margin, margin // 2), font, ACCENT)
    y = margin // 2 + font.get_linesize()
    if subtitle:
        canvas.text(fit(subtitle, fonts.small, width), (margin, y), fonts.small, MUTED)
        y += fonts.small.get_linesize()
    pygame.draw.line(canvas.surface, INK, (margin, y + 4), (canvas.rect.width - margin, y + 4), 2)
    return y + 12


def fit(text: str, font: pygame.font.Font, width: int) -> str:
    """The text, shortened with … if it is wider than `width` pixels."""
    if font.size(text)[0] <= width:
        return text
    while text and font.size(text + "…")[0] > width:
        text = text[:-1]
    return text + "…"


def margin(canvas: Canvas) -> int:
    return max(12, canvas.rect.width // 40)


def draw_panel_screen(canvas: Canvas, title: str, subtitle: str, panel: TextPanel) -> None:
    """A titled screen holding one scrolling text panel (briefing, demonstration, the end)."""
    y = header(canvas, title, subtitle)
    m = margin(canvas)
    panel.draw(canvas, pygame.Rect(m, y + m // 2, canvas.rect.width - 2 * m, canvas.rect.height - y - m))


def advance_on_enter(event: Any, panel: TextPanel, controller: Controller) -> Scene | None:
    """Scroll the panel, or go on to the next scene on Enter/Space."""
    if panel.handle(event):
        return None
    if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
        return controller.next_scene()
    return None
