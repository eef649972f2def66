"""The command line: exit codes, listings, the schema file kept in step with the models."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from game.cli import main
from game.scenario.models import json_schema

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_validate_exit_codes(tmp_path):
    assert run("validate", "scenarios/tutorial.yaml").returncode == 0
    broken = tmp_path / "broken.yaml"
    broken.write_text((ROOT / "scenarios/tutorial.yaml").read_text().replace("kind: propose", "kind: proposal", 1))
    out = run("validate", str(broken))
    assert out.returncode == 2
    assert f"{broken}:" in out.stdout and "did you mean `propose`?" in out.stdout
    assert "Traceback" not in out.stderr


def test_list_shows_bundled_scenarios():
    out = run("list")
    assert out.returncode == 0 and "tutorial" in out.stdout and "[bundled]" in out.stdout


def test_unknown_scenario_is_a_clear_error():
    out = run("playtest", "no_such_scenario", "--runs", "1")
    assert out.returncode == 1 and "no scenario `no_such_scenario`" in out.stderr


def test_playtest_reports_distribution_and_history():
    out = run("playtest", "tutorial", "--runs", "20")
    assert out.returncode == 0
    assert "20 games" in out.stdout and "← history" in out.stdout and "No exceptions." in out.stdout
    assert "20/20" in out.stderr  # progress bar


def test_help_everywhere(capsys):
    for command in ([], ["play"], ["list"], ["validate"], ["saves"], ["playtest"], ["schema"]):
        try:
            main([*command, "--help"])
        except SystemExit as stop:
            assert stop.code == 0
        assert "usage: litvinov" in capsys.readouterr().out


def test_schema_file_is_current():
    assert json.loads((ROOT / "scenarios/schema.json").read_text()) == json_schema()


def test_saves_lists_autosaves(tmp_path):
    run("play", "tutorial", "--as", "none", "--delay", "0.001", "--seed", "2", "--save-dir", str(tmp_path))
    out = run("saves", "--save-dir", str(tmp_path))
    assert "tutorial.autosave.json: tutorial" in out.stdout


def test_teachers_reference_is_current():
    """scenarios/README.md ends with the reference generated from the models' descriptions."""
    from game.scenario.reference import reference_markdown

    guide = (ROOT / "scenarios/README.md").read_text(encoding="utf-8")
    assert guide.endswith(reference_markdown())
    assert "litvinov validate" in guide


def test_new_scenario_from_the_tutorial_validates(tmp_path):
    out = run("new", "My Lesson", "--folder", str(tmp_path))
    assert out.returncode == 0, out.stderr
    created = tmp_path / "my_lesson.yaml"
    assert "id: my_lesson" in created.read_text(encoding="utf-8")
    assert run("validate", str(created)).returncode == 0
    assert run("new", "my_lesson", "--folder", str(tmp_path)).returncode == 1  # never overwrites


def test_handouts_one_card_per_delegation_with_secrets(tmp_path):
    target = tmp_path / "cards.html"
    out = run("handouts", "protocol1929", "--out", str(target))
    assert out.returncode == 0, out.stderr
    html = target.read_text(encoding="utf-8")
    assert html.count('<section class="card">') == 9
    assert "Secret — for you only" in html and "Stanisław Patek" in html
