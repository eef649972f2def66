"""`litvinov lint`: positioned advice from static checks and playthroughs."""

from __future__ import annotations

from game.lint import lint


def test_lint_points_at_a_variable_nobody_reads(rules):
    lines, minutes = lint(rules, runs=6)
    hits = [line for line in lines if "secret_pressure" in line]
    assert hits and hits[0].startswith(f"{rules.path}:")
    assert ": warning: variable `secret_pressure` changes but no condition reads it — " in hits[0]
    line_number = int(hits[0].split(":")[1])
    text = open(rules.path, encoding="utf-8").read().splitlines()[line_number - 1]
    assert "secret_pressure" in text
    assert set(minutes) == {"ussr", "poland", "romania", "lithuania"}


def test_the_tutorial_needs_no_advice(tutorial):
    lines, minutes = lint(tutorial, runs=6)
    assert lines == []
    assert all(0 < m < 25 for m in minutes.values())
