"""The pygame game, headless (SDL dummy driver): a whole game by keyboard, nothing clipped at the
school screen sizes, and the scripts of the region render."""

from __future__ import annotations

import os

import pytest

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
pygame = pytest.importorskip("pygame")

from game.storage import assets_dir  # noqa: E402
from game.ui.pygame.app import App  # noqa: E402
from game.ui.pygame.scenes.end import EndScene  # noqa: E402
from game.ui.pygame.scenes.handoff import HandoffScene  # noqa: E402
from game.ui.pygame.scenes.setup import SetupScene  # noqa: E402
from game.ui.pygame.scenes.title import TitleScene  # noqa: E402
from game.ui.pygame.scenes.turn import TurnScene  # noqa: E402
from game.ui.pygame.widgets import Fonts  # noqa: E402

SIZES = [(1366, 697), (1024, 768), (1920, 1080)]


def key(app, k, mod=0):
    assert app.dispatch(pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod, unicode=""))


def press_number(app, n):
    key(app, pygame.K_1 + n - 1)


def open_scenario(app, tmp_path, title_start, ai="strategic"):
    """From the title screen, choose the scenario whose title starts with `title_start`."""
    app.scene = TitleScene(tmp_path, ai)
    labels = [i.label for i in app.scene.menu.items]
    press_number(app, next(n for n, label in enumerate(labels, 1) if label.startswith(title_start)))


def start_one_player(app, tmp_path, title_start, seat_number):
    """Title → scenario → one player → that seat → past the briefing, to the first turn."""
    open_scenario(app, tmp_path, title_start)
    press_number(app, 1)
    press_number(app, seat_number)
    key(app, pygame.K_RETURN)


def assert_unclipped(app):
    canvas = app.frame()
    bounds = canvas.rect
    outside = [r for r in canvas.drawn if not bounds.contains(r)]
    assert not outside, f"drawn outside the window: {outside[:3]}"
    return canvas


def play_tutorial_as_ussr(app, tmp_path):
    open_scenario(app, tmp_path, "Tutorial")
    assert isinstance(app.scene, SetupScene)
    press_number(app, 1)  # one player
    press_number(app, 1)  # the Soviet Union
    key(app, pygame.K_RETURN)  # after the briefing
    for _ in range(40):
        if isinstance(app.scene, EndScene):
            return
        assert isinstance(app.scene, TurnScene)
        assert_unclipped(app)
        mode = app.scene.stack[-1][0]
        press_number(app, 3 if mode == "answer" else 1)  # hold every proposal, then wait
    raise AssertionError("the game did not end")


def test_whole_game_by_keyboard(tmp_path):
    app = App((1366, 697))
    play_tutorial_as_ussr(app, tmp_path)
    canvas = assert_unclipped(app)
    assert canvas.drawn
    assert (tmp_path / f"debrief-tutorial-{app.scene.c.session.seed}.html").exists()
    assert (tmp_path / "tutorial.autosave.json").exists()


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_nothing_clipped_at_school_sizes(tmp_path, size):
    app = App(size)
    app.scene = TitleScene(tmp_path, "strategic")
    assert_unclipped(app)
    labels = [i.label for i in app.scene.menu.items]
    press_number(app, next(n for n, label in enumerate(labels, 1) if label.startswith("The Moscow Protocol")))
    assert_unclipped(app)
    press_number(app, 3)  # three players: a hand-off screen
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, HandoffScene)
    assert_unclipped(app)
    key(app, pygame.K_RETURN)
    assert isinstance(app.scene, TurnScene)
    assert_unclipped(app)
    press_number(app, len(app.scene.stack[-1][1].items))  # compose a proposal of one's own
    assert_unclipped(app)


def test_compose_a_package_by_keyboard(tmp_path):
    app = App((1024, 768))
    open_scenario(app, tmp_path, "Tutorial")
    press_number(app, 1)
    press_number(app, 2)  # Poland
    key(app, pygame.K_RETURN)
    turn = app.scene
    press_number(app, 3)  # compose
    assert turn.stack[-1][0] == "compose_start"
    press_number(app, 2)  # my own package on the protocol
    press_number(app, 2)  # who signs: the region
    press_number(app, 3)  # timing: leave it open
    assert turn.stack[-1][0] == "compose_send"
    press_number(app, 1)  # send
    assert isinstance(app.scene, TurnScene) and app.scene is not turn
    proposals = app.scene.c.session.state.proposals
    assert any(p.side == "poland" and dict(p.package.terms) == {"partners": "region", "timing": None} for p in proposals)


def test_escape_goes_back_in_the_composer(tmp_path):
    app = App((1366, 697))
    start_one_player(app, tmp_path, "Tutorial", 1)
    press_number(app, 3)
    assert app.scene.stack[-1][0] == "compose_start"
    key(app, pygame.K_ESCAPE)
    assert app.scene.stack[-1][0] == "move"


@pytest.mark.parametrize("text", ["Stanisław Łódź Żółć Zaleski", "Литвинов Чичерин Калинин", "İstanbul Ağrı ğüşöçı",
                                  "Bucureşti Timișoara ș ț ş ţ Ă Â Î"])
def test_regional_scripts_render(text):
    pygame.font.init()
    fonts = Fonts.for_height(720, assets_dir() / "fonts")
    for font in (fonts.body, fonts.bold):
        missing = [ch for ch, m in zip(text, font.metrics(text), strict=True) if m is None]
        assert not missing, f"no glyph for {missing}"


def test_demonstration_one_round_per_key_and_resume(tmp_path):
    from game.ui.pygame.scenes.demo import DemoScene

    app = App((1366, 697))
    open_scenario(app, tmp_path, "Tutorial", "historical")
    press_number(app, 2)  # demonstration (the tutorial has only a one-player seating)
    key(app, pygame.K_RETURN)  # briefing
    rounds = 0
    while isinstance(app.scene, DemoScene):
        assert_unclipped(app)
        rounds += 1
        key(app, pygame.K_RETURN)
    assert rounds == 4 and isinstance(app.scene, EndScene)
    # a broken autosave is passed over (and kept): the previous autosave is offered instead
    (tmp_path / "tutorial.autosave.json").write_text("{broken", encoding="utf-8")
    app.scene = TitleScene(tmp_path, "strategic")
    first = app.scene.menu.items[0]
    assert first.value == "resume" and "tutorial.autosave.prev.json" in first.label
    press_number(app, 1)
    assert isinstance(app.scene, (TurnScene, EndScene, DemoScene))
    assert (tmp_path / "tutorial.autosave.broken.json").read_text() == "{broken"  # set aside, not lost


def test_resume_opens_the_saved_game(tmp_path):
    app = App((1366, 697))
    start_one_player(app, tmp_path, "Tutorial", 1)
    press_number(app, 2)  # the Soviet offer
    assert (tmp_path / "tutorial.autosave.json").exists()
    app.scene = TitleScene(tmp_path, "strategic")
    assert app.scene.menu.items[0].value == "resume"
    press_number(app, 1)
    assert isinstance(app.scene, TurnScene)
    assert app.scene.view.round_number == 2


def test_help_overlay_with_glossary(tmp_path):
    app = App((1024, 768))
    start_one_player(app, tmp_path, "Tutorial", 1)
    key(app, pygame.K_F1)
    turn = app.scene
    assert turn.help is not None and any("ratify:" in line for line in turn.help.source)
    assert_unclipped(app)
    press_number(app, 2)  # keys go to the help, not the menu
    assert app.scene is turn and not turn.c.session.state.pending
    key(app, pygame.K_ESCAPE)
    assert turn.help is None


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_long_round_titles_fit(tmp_path, size):
    """The 1933 rounds have the longest titles: every turn of a whole game fits the window."""
    app = App(size)
    open_scenario(app, tmp_path, "Washington, 1933")
    press_number(app, 1)  # one player
    press_number(app, 1)  # the whole United States
    key(app, pygame.K_RETURN)
    for _ in range(80):
        if isinstance(app.scene, EndScene):
            break
        assert_unclipped(app)
        mode = app.scene.stack[-1][0]
        press_number(app, 3 if mode == "answer" else 1)
    assert isinstance(app.scene, EndScene)
    assert_unclipped(app)


def test_ask_why_text_entry(tmp_path):
    """At an ask_why move the window asks for a reason; typed text (any script) goes into the save."""
    app = App((1024, 768))
    start_one_player(app, tmp_path, "Washington, 1933", 1)
    press_number(app, 2)  # President: write to Kalinin
    press_number(app, 2)  # State Department: the Kelley line
    press_number(app, 1)  # Treasury: wait
    press_number(app, 2)  # President, 18 October: ask for 'direct' (an ask_why move)
    turn = app.scene
    assert turn.why is not None
    for ch in "Słowo":
        assert app.dispatch(pygame.event.Event(pygame.TEXTINPUT, text=ch))
    assert_unclipped(app)
    key(app, pygame.K_RETURN)
    whys = [c.why for c in app.scene.c.session.state.choices if c.why]
    assert whys == ["Słowo"]


def test_demonstration_with_a_delay_runs_by_itself(tmp_path):
    import argparse

    from game.ui.pygame.app import first_scene
    from game.ui.pygame.scenes.demo import DemoScene

    args = argparse.Namespace(scenario="tutorial", as_="none", seed=3, ai="historical", delay=0.5, short=False)
    app = App((1366, 697))
    app.scene = first_scene(args, tmp_path)
    key(app, pygame.K_RETURN)  # the briefing
    assert isinstance(app.scene, DemoScene)
    assert app.scene.update(0.2) is None  # not yet
    rounds = 0
    while isinstance(app.scene, DemoScene):
        following = app.scene.update(0.6)
        assert following is not None
        app.scene = following
        rounds += 1
    assert rounds == 4 and isinstance(app.scene, EndScene)
