"""The title screen: choose a scenario (bundled and your own), or resume the last game."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pygame

from game.scenario.errors import ScenarioError
from game.scenario.loader import LoadedScenario, load_file
from game.storage import latest_save, scenario_files
from game.ui.pygame.scenes.base import QUIT, Scene, header, margin
from game.ui.pygame.widgets import MUTED, Canvas, Item, Menu, wrap

RESUME = "resume"


class TitleScene:
    def __init__(self, save_dir: Path, ai: str) -> None:
        self.save_dir, self.ai = save_dir, ai
        self.scenarios: list[LoadedScenario] = []
        for _, path in scenario_files():
            try:
                self.scenarios.append(load_file(path))
            except ScenarioError:
                continue
        items = [Item(f"{s.scenario.meta.title} — {s.scenario.meta.period}", s) for s in self.scenarios]
        self.resume = latest_save(save_dir)
        if self.resume is not None:
            items.insert(0, Item(f"Continue the last game ({self.resume.name})", RESUME))
        items.append(Item("Quit", QUIT))
        self.menu = Menu("Choose a scenario", items)

    def handle_event(self, event: Any) -> Scene | str | None:
        if event.type == pygame.KEYDOWN and event.key == pygame.K_ESCAPE:
            return QUIT
        chosen = self.menu.handle(event)
        if chosen is None:
            return None
        if chosen.value == QUIT:
            return QUIT
        if chosen.value == RESUME and self.resume is not None:
            return self.resumed(self.resume)
        from game.ui.pygame.scenes.setup import SetupScene

        return SetupScene(chosen.value, self.save_dir, self.ai)

    def resumed(self, path: Path) -> Scene | None:
        """The saved game, opening on a hand-off in hot-seat; a broken save is refused, file kept."""
        from game.ai import make_policy
        from game.engine.save import SaveError, read_header
        from game.engine.session import Session
        from game.storage import resolve_scenario
        from game.ui.pygame.scenes.base import Controller

        try:
            raw = path.read_text(encoding="utf-8")
            scenario = resolve_scenario(str(read_header(raw)["scenario"]))
            if scenario is None:
                raise SaveError("its scenario is not installed")
            session = Session.from_save(raw, load_file(scenario), make_policy)
        except (OSError, UnicodeDecodeError, SaveError, ScenarioError, ValueError) as error:
            self.menu.prompt = f"Cannot continue that game: {error}. The file is kept. Choose a scenario"
            return None
        return Controller(session, self.save_dir).next_scene()

    def draw(self, canvas: Canvas) -> None:
        y = header(canvas, "Litvinov", "Re-negotiate interwar diplomacy, 1928–1933 · keyboard: arrows, Enter, numbers · Esc quits")
        m = margin(canvas)
        area = pygame.Rect(m, y + m // 2, canvas.rect.width - 2 * m, canvas.rect.height - y - m)
        selected = self.menu.items[self.menu.selected].value
        if isinstance(selected, LoadedScenario):
            meta = selected.scenario.meta
            about = meta.summary or meta.briefing.split(". ")[0] + "."
            lines = wrap(about, canvas.fonts.body, area.width)
            top = area.bottom - canvas.fonts.body.get_linesize() * len(lines)
            for i, line in enumerate(lines):
                canvas.text(line, (area.left, top + i * canvas.fonts.body.get_linesize()), canvas.fonts.body, MUTED)
            area.height -= canvas.fonts.body.get_linesize() * (len(lines) + 1)
        self.menu.draw(canvas, area)
