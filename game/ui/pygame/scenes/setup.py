"""Setup: how many players, and (for one player) which delegation; then the briefing."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pygame

from game.ai import make_policy
from game.engine.session import Session
from game.scenario.loader import LoadedScenario
from game.ui.pygame.scenes.base import Controller, Scene, header, margin
from game.ui.pygame.widgets import Canvas, Item, Menu
from game.wording import actor_name


class SetupScene:
    def __init__(self, loaded: LoadedScenario, save_dir: Path, ai: str, seed: int | None = None, short: bool = False) -> None:
        self.loaded, self.save_dir, self.ai, self.short = loaded, save_dir, ai, short
        self.seed = seed if seed is not None else random.SystemRandom().randrange(1, 1_000_000)
        meta = loaded.scenario.meta
        counts = sorted({s.players for s in meta.seatings}) or [1]
        items = [Item(f"{n} player{'s' if n > 1 else ''} on this computer", n) for n in counts]
        items.append(Item("Demonstration: the computer plays everyone", 0))
        self.menu = Menu("How many players?", items)
        self.stage = "players"

    def handle_event(self, event: Any) -> Scene | None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            from game.ui.pygame.scenes.title import TitleScene

            return TitleScene(self.save_dir, self.ai)
        chosen = self.menu.handle(event)
        if chosen is None:
            return None
        meta = self.loaded.scenario.meta
        if self.stage == "players":
            count = int(chosen.value)
            if count == 1:
                singles = [list(seat) for s in meta.seatings if s.players == 1 for seat in s.seats]
                singles = singles or [[a.id] for a in self.loaded.scenario.actors]
                singles += [[a.id] for a in self.loaded.scenario.actors if [a.id] not in singles]
                self.menu = Menu("Which delegation do you play?",
                                 [Item(" + ".join(actor_name(self.loaded, a) for a in seat), seat) for seat in singles])
                self.stage = "seat"
                return None
            seats = [] if count == 0 else [list(seat) for seat in next(s for s in meta.seatings if s.players == count).seats]
            return self.start(seats)
        return self.start([list(chosen.value)])

    def start(self, seats: list[list[str]]) -> Scene:
        from game.ui.pygame.scenes.briefing import BriefingScene

        policies = {a.id: make_policy(self.ai) for a in self.loaded.scenario.actors}
        session = Session(self.loaded, self.seed, seats, policies, short=self.short)
        return BriefingScene(Controller(session, self.save_dir))

    def draw(self, canvas: Canvas) -> None:
        meta = self.loaded.scenario.meta
        y = header(canvas, meta.title, f"{meta.period} · about {meta.minutes} minutes · seed {self.seed} · Esc: back")
        m = margin(canvas)
        self.menu.draw(canvas, pygame.Rect(m, y + m // 2, canvas.rect.width - 2 * m, canvas.rect.height - y - m))
