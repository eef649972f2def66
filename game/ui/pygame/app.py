"""The pygame app: the only place that calls pygame.init, opens the display and owns the clock.

Keyboard first: arrows/Tab, Enter, numbers, Esc (back), PgUp/PgDn (scroll), F11 (full screen),
Ctrl+Q (save and quit). The title frame is drawn before any scenario is built.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pygame

from game.storage import assets_dir, default_save_dir
from game.ui.pygame.scenes.base import QUIT, Scene
from game.ui.pygame.widgets import PAPER, Canvas, Fonts

DEFAULT_SIZE = (1280, 720)


class App:
    def __init__(self, size: tuple[int, int] = DEFAULT_SIZE) -> None:
        pygame.display.init()  # no audio: school machines often have none, and the game is silent
        pygame.font.init()
        pygame.display.set_caption("Litvinov")
        self.screen = pygame.display.set_mode(size, pygame.RESIZABLE)
        self.fonts = Fonts.for_height(size[1], assets_dir() / "fonts")
        self.clock = pygame.time.Clock()
        self.scene: Scene | None = None
        pygame.key.set_repeat(350, 40)

    def resize(self, size: tuple[int, int]) -> None:
        self.fonts = Fonts.for_height(size[1], assets_dir() / "fonts")

    def frame(self) -> Canvas:
        canvas = Canvas(self.screen, self.fonts)
        self.screen.fill(PAPER)
        if self.scene is not None:
            self.scene.draw(canvas)
        return canvas

    def dispatch(self, event: Any) -> bool:
        """Handle one event; False when the app should close."""
        if event.type == pygame.QUIT:
            return False
        if event.type == pygame.VIDEORESIZE:
            self.resize((event.w, event.h))
            return True
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_q and event.mod & pygame.KMOD_CTRL:
                return False
            if event.key == pygame.K_F11:
                pygame.display.toggle_fullscreen()
                return True
        if self.scene is None:
            return True
        result = self.scene.handle_event(event)
        if result == QUIT:
            return False
        if result is not None:
            self.scene = result  # type: ignore[assignment]
        return True

    def run(self) -> int:
        running = True
        while running:
            for event in pygame.event.get():
                running = self.dispatch(event) and running
            update = getattr(self.scene, "update", None)
            if update is not None:
                following = update(self.clock.get_time() / 1000)
                if following is not None:
                    self.scene = following
            self.frame()
            pygame.display.flip()
            self.clock.tick(30)
        pygame.quit()
        return 0


def run_gui(args: argparse.Namespace) -> int:
    """Start the window at the title screen (or straight into a scenario given on the command line)."""

    save_dir = Path(args.save_dir) if getattr(args, "save_dir", None) else default_save_dir()
    app = App()
    app.frame()  # the title frame first, before scenarios are loaded
    pygame.display.flip()
    app.scene = first_scene(args, save_dir)
    return app.run()


def first_scene(args: argparse.Namespace, save_dir: Path) -> Scene:
    """The title screen, or — when the command line named them — the setup or the game itself."""
    from game.ai import make_policy
    from game.engine.session import Session
    from game.scenario.loader import load_file
    from game.storage import resolve_scenario
    from game.ui.pygame.scenes.base import Controller
    from game.ui.pygame.scenes.briefing import BriefingScene
    from game.ui.pygame.scenes.setup import SetupScene
    from game.ui.pygame.scenes.title import TitleScene

    ai = getattr(args, "ai", "strategic")
    path = resolve_scenario(args.scenario) if getattr(args, "scenario", None) else None
    if path is None:
        return TitleScene(save_dir, ai)
    loaded = load_file(path)
    setup = SetupScene(loaded, save_dir, ai, getattr(args, "seed", None), bool(getattr(args, "short", False)))
    as_ = getattr(args, "as_", None)
    if not as_:
        return setup
    seats = [] if as_.strip().lower() == "none" else [[a.strip() for a in as_.split(",") if a.strip()]]
    policies = {a.id: make_policy(ai) for a in loaded.scenario.actors}
    delay = float(getattr(args, "delay", 0.0) or 0.0)
    return BriefingScene(Controller(Session(loaded, setup.seed, seats, policies, short=setup.short), save_dir, delay))
