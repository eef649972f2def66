"""The terminal game end to end through standard input, as a pipe would drive it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ANSWERS = "\n2\n" + "a\n1\n" * 40  # Enter; the Soviet offer; then accept / pass whatever comes


def play(args: list[str], stdin: str, tmp_path: Path, encoding: str = "utf-8") -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    return subprocess.run(
        [sys.executable, "-m", "game", "play", *args, "--save-dir", str(tmp_path)],
        input=stdin.encode(encoding, errors="replace"), capture_output=True, cwd=ROOT, env=env, timeout=60,
    )


def test_full_game_through_stdin(tmp_path):
    out = play(["tutorial", "--plain", "--seed", "4", "--as", "ussr"], ANSWERS, tmp_path)
    text = out.stdout.decode()
    assert out.returncode == 0, out.stderr.decode()
    assert "ROUND 1 OF 4" in text and "ROUND 4 OF 4" in text
    assert "Offer Poland a two-party protocol" in text
    assert "because:" in text  # the computer explains itself
    assert "THE END" in text
    assert "\x1b[" not in text and "═" not in text  # plain: no ANSI, no box drawing
    assert out.stderr == b""
    save = json.loads((tmp_path / "tutorial.autosave.json").read_text())
    assert save["format"] == "litvinov-save" and save["seed"] == 4


def test_same_inputs_and_seed_same_game(tmp_path):
    a = play(["tutorial", "--plain", "--seed", "11", "--as", "ussr"], ANSWERS, tmp_path / "a").stdout
    b = play(["tutorial", "--plain", "--seed", "11", "--as", "ussr"], ANSWERS, tmp_path / "b").stdout
    assert a.replace(str(tmp_path / "a").encode(), b"DIR") == b.replace(str(tmp_path / "b").encode(), b"DIR")
    assert b"THE END" in a


def test_cp1252_console_never_crashes(tmp_path):
    out = play(["tutorial", "--seed", "4", "--as", "poland"], ANSWERS, tmp_path, encoding="cp1252")
    assert out.returncode == 0, out.stderr.decode("cp1252")
    text = out.stdout.decode("cp1252")
    assert "Stanis?aw Patek" in text  # ł is not in cp1252: replaced, not a crash
    assert "Traceback" not in out.stderr.decode("cp1252")


def test_end_of_input_autosaves_and_resume_finishes(tmp_path):
    first = play(["tutorial", "--plain", "--seed", "4", "--as", "ussr"], "\n2\n", tmp_path)
    assert first.returncode == 0
    assert "Input ended: the game is saved" in first.stdout.decode()
    second = play(["tutorial", "--plain", "--resume"], "a\n1\n" * 40, tmp_path)
    assert second.returncode == 0, second.stderr.decode()
    text = second.stdout.decode()
    assert "Resumed" in text and "THE END" in text


def test_broken_autosave_is_refused_and_kept(tmp_path):
    (tmp_path / "tutorial.autosave.json").write_text("{broken", encoding="utf-8")
    out = play(["tutorial", "--plain", "--resume"], "", tmp_path)
    assert "Cannot resume from tutorial.autosave.json" in out.stdout.decode()
    assert (tmp_path / "tutorial.autosave.json").read_text() == "{broken"


def test_help_repeat_and_glossary(tmp_path):
    out = play(["tutorial", "--plain", "--seed", "4", "--as", "ussr"], "\n?\n?ratify\nr\n", tmp_path)
    text = out.stdout.decode()
    assert "Each round you first answer" in text
    assert "ratify: To confirm a signed treaty" in text
    assert text.count("Your move this round:") >= 2  # r repeated the screen


def test_demonstration_mode(tmp_path):
    out = play(["tutorial", "--plain", "--seed", "4", "--as", "none", "--delay", "0.01"], "", tmp_path)
    text = out.stdout.decode()
    assert out.returncode == 0 and "Demonstration" in text and "THE END" in text


def test_hot_seat_hand_off(tmp_path):
    out = play(["tests/fixtures/rules.yaml", "--plain", "--seed", "4", "--players", "2"], "\n" + "\n1\na\n1\n" * 60, tmp_path)
    text = out.stdout.decode()
    assert out.returncode == 0, out.stderr.decode()
    assert text.count("Pass the computer to player 2") >= 5  # one hand-off per player per round
    assert "----- new screen -----" in text


def test_hidden_variables_stay_hidden_in_reports(tmp_path):
    """A variable visible only to the USSR never shows in Poland's reports."""
    out = play(["tests/fixtures/rules.yaml", "--plain", "--seed", "4", "--as", "poland", "--ai", "random"], "\n" + "a\n1\n" * 60, tmp_path)
    assert out.returncode == 0
    assert "Politburo pressure" not in out.stdout.decode()
    mine = play(["tests/fixtures/rules.yaml", "--plain", "--seed", "4", "--as", "ussr"], "\n3\n" + "a\n1\n" * 60, tmp_path / "u")
    assert "Politburo pressure" in mine.stdout.decode()


def test_report_leaves_out_variables_hidden_from_the_seat(rules):
    from game.engine import Action
    from game.engine.rules import new_game
    from game.ui.text import report
    from tests.engine.helpers import play_round

    state = play_round(new_game(rules, 1), {"ussr": Action("move", move="ussr_speech")})
    assert any("Politburo pressure" in line for line in report(state, 0, ["ussr"]))
    assert not any("Politburo pressure" in line for line in report(state, 0, ["poland", "lithuania"]))
    assert any("Politburo pressure" in line for line in report(state, 0, None))  # demonstration


def test_ask_why_answer_is_saved_and_in_the_debrief(tmp_path):
    """At a move the scenario marks ask_why, the student is asked for a reason; it is saved and the
    debrief shows it."""
    answers = "\n2\n2\n1\n" + "2\nOne word can decide what the critics call it.\n" + "q\n"
    out = play(["talks1933", "--plain", "--seed", "3", "--as", "president,state_dept,treasury"], answers, tmp_path)
    text = out.stdout.decode()
    assert "Think about it: Why does one word in a letter matter" in text
    save = json.loads((tmp_path / "talks1933.autosave.json").read_text())
    assert any(c.get("why") == "One word can decide what the critics call it." for c in save["choices"])
    debrief = subprocess.run([sys.executable, "-m", "game", "debrief", str(tmp_path / "talks1933.autosave.json")],
                             capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert "*Your answer:* One word can decide what the critics call it." in debrief.stdout
