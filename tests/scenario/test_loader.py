"""The scenario loader: every author mistake is reported as `file:line:col: what — how to fix`.

Table-driven in the style of ink's `HadError` tests: each broken fixture in tests/fixtures/broken is a
copy of `base.yaml` (a small copy of the tutorial) with one defect, and the table gives every problem
the loader must report for it, exactly. Then hostile files (refused fast, nothing executed, never a
traceback), YAML 1.1 surprises that must not happen, and a fuzz test that the loader only ever raises
`ScenarioError`.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import loader as loader_module
from game.scenario.errors import MAX_PROBLEMS, ScenarioError, ScenarioProblem
from game.scenario.loader import MAX_BYTES, LoadedScenario, load_file, load_text, parse_yaml

ROOT = Path(__file__).resolve().parents[2]
BROKEN = ROOT / "tests" / "fixtures" / "broken"
BASE = BROKEN / "base.yaml"

# file name -> every problem reported, in order, as `line:col: message (at field) — fix`.
CASES: list[tuple[str, list[str]]] = [
    ("base.yaml", []),
    ("utf8_bom.yaml", []),
    ("yaml_colon_in_value.yaml", [
        '32:28: YAML cannot read this: a `: ` inside a value that is not in quotes (mapping values are not allowed'
        ' in this context) — put the value in quotes: person: "Stanisław Patek: envoy in Moscow"',
    ]),
    ("yaml_unclosed_list.yaml", [
        "34:121: YAML cannot read this: a list in [ ] is not closed, or a comma is missing (did not find expected"
        " ',' or ']') — close it with ] and separate the items with commas: [a, b]",
    ]),
    ("wrong_type_text_for_number.yaml", [
        "34:108: `weight` should be a number, not `two` (at actors[1].goals[0].weight) — write a number, e.g. 2 or 0.5",
    ]),
    ("wrong_type_text_for_list.yaml", [
        "49:14: `parties` should be a list, not `ussr` (at instruments[0].parties) — write the items as [a, b] or"
        " each on its own line starting with `- `",
    ]),
    ("missing_field.yaml", [
        "30:5: missing field `name` (at actors[1].name) — add `name:` — Name shown in the game, e.g. `Poland` or"
        " `State Department`.",
    ]),
    ("missing_top_level_field.yaml", [
        "2:1: missing field `calendar` (at calendar) — add `calendar:` — The rounds.",
    ]),
    ("unknown_field_titel.yaml", [
        "5:3: unknown field `titel` (at meta.titel) — did you mean `title`?",
    ]),
    ("unknown_actor_in_move.yaml", [
        "61:12: unknown actor: `polnad` (at moves[1].actor) — did you mean `poland`?",
    ]),
    ("unknown_source.yaml", [
        "59:13: unknown source: `dpv` (at moves[0].source) — did you mean `dvp`?",
    ]),
    ("unknown_option_in_package.yaml", [
        "65:67: unknown option of issue `partners`: `regoin` (at moves[1].package.terms.partners) — did you mean `region`?",
    ]),
    ("duplicate_id.yaml", [
        "69:9: duplicate id `ussr_offer` (also moves[0]) (at moves[2].id) — give each a different id",
    ]),
    ("duplicate_key.yaml", [
        "32:5: the key `name` appears twice here (first at line 31) (at actors[1].name) — keep only one: YAML would"
        " silently drop one of the two values",
    ]),
    ("condition_unknown_name.yaml", [
        "64:11: unknown name `rund` (at moves[1].when) — did you mean `round`?",
    ]),
    ("condition_unknown_function.yaml", [
        "64:30: unknown function `signd` (at moves[1].when) — did you mean `signed`?",
    ]),
    ("condition_argument_count.yaml", [
        '77:79: `agreed` takes 1 or 3 arguments, not 2 (at debrief.questions[1].when) — for example'
        ' agreed("moscow_protocol") or agreed("moscow_protocol", "wording", "confirm_peace")',
    ]),
    ("condition_unknown_id.yaml", [
        '64:47: unknown instrument "protocl" in signed(…) (at moves[1].when) — did you mean `protocol`?',
    ]),
    ("condition_attribute.yaml", [
        "64:16: `.` (attribute access) is not allowed in a condition (at moves[1].when) — use one of the functions"
        ' instead, e.g. signed("poland", "protocol")',
    ]),
    ("condition_power.yaml", [
        "64:17: `**` (power) is not allowed in a condition (at moves[1].when) — only +, - and * may be used",
    ]),
    ("condition_multiline.yaml", [
        '66:18: unknown side "polnd" in signed(…) (at moves[1].when) — did you mean `poland`?',
    ]),
    ("condition_double_quoted.yaml", [
        '77:114: unknown option "pear" in agreed(…) (at debrief.questions[1].when) — did you mean `pair`?',
    ]),
    ("bad_literal.yaml", [
        "15:13: `primery` is not allowed for `kind` (at meta.sources[1].kind) — did you mean `primary`? (allowed:"
        " primary, scholarly, reference, web)",
    ]),
    ("bad_id_pattern.yaml", [
        "30:9: `Poland` is not a valid id (at actors[1].id) — ids use lower-case letters, digits and _, starting"
        " with a letter — e.g. `poland`",
    ]),
    ("bad_date.yaml", [
        '22:25: `19 January 1929` is not a date written as YYYY-MM-DD (at calendar.rounds[1].date) — write it as'
        ' "1929-01-19"',
    ]),
    ("seating_wrong_seats.yaml", [
        "18:27: 3 players but 2 seats (at meta.seatings[0].seats) — give one seat (a list of actors) per player",
    ]),
    ("out_of_range.yaml", [
        "18:17: `players` is `12`, out of range (at meta.seatings[0].players) — use a number no larger than 9",
    ]),
    ("too_few_options.yaml", [
        "44:7: `options` needs at least 2 items, it has 1 (at issues[1].options) — add 1 more",
    ]),
    ("cp1252.yaml", [
        "6:25: the file is not saved as UTF-8: byte 0x96 here is probably `–` saved as Windows-1252 (Latin-1) —"
        " re-save the file as UTF-8 (Notepad: File › Save as › Encoding: UTF-8; VS Code: 'Save with Encoding' ›"
        " UTF-8)",
    ]),
    ("smart_quotes_key.yaml", [
        "6:3: the key “period” has typographic (curly) quotes (at meta.period) — keys need no quotes: remove them"
        " (and turn off 'smart quotes' in your editor)",
    ]),
    ("smart_quotes_value.yaml", [
        "5:19: YAML cannot read this line: typographic (curly) quotes “ ” do not work as quotes (mapping values are"
        " not allowed in this context) — replace them with straight quotes \" (turn off 'smart quotes' in your"
        " editor)",
    ]),
    ("tab_indent.yaml", [
        "31:1: a tab in the indentation — YAML indents with spaces only: replace the tab with spaces (set your"
        " editor to 'insert spaces')",
    ]),
    ("control_character.yaml", [
        "16:33: an invisible control character (U+000C) is here — delete it (it often comes with text copied from a"
        " PDF or a word processor)",
    ]),
    ("two_documents.yaml", [
        "69:1: a second YAML document starts here (a line `---` inside the file) — a scenario is one document:"
        " remove the `---` line, or split the file in two",
    ]),
    ("empty.yaml", [
        "1:1: the file is empty — start from a copy of the tutorial scenario (scenarios/tutorial.yaml)",
    ]),
    ("several_problems.yaml", [
        "5:3: unknown field `titel` (at meta.titel) — did you mean `title`?",
        "15:13: `primery` is not allowed for `kind` (at meta.sources[1].kind) — did you mean `primary`? (allowed:"
        " primary, scholarly, reference, web)",
        '22:25: `19 January 1929` is not a date written as YYYY-MM-DD (at calendar.rounds[1].date) — write it as'
        ' "1929-01-19"',
        "32:5: the key `name` appears twice here (first at line 31) (at actors[1].name) — keep only one: YAML would"
        " silently drop one of the two values",
        "35:108: `weight` should be a number, not `two` (at actors[1].goals[0].weight) — write a number, e.g. 2 or 0.5",
    ]),
    ("several_references.yaml", [
        "18:27: 3 players but 2 seats (at meta.seatings[0].seats) — give one seat (a list of actors) per player",
        "59:13: unknown source: `dpv` (at moves[0].source) — did you mean `dvp`?",
        "61:12: unknown actor: `polnad` (at moves[1].actor) — did you mean `poland`?",
        "64:11: unknown name `rund` (at moves[1].when) — did you mean `round`?",
        "65:67: unknown option of issue `partners`: `regoin` (at moves[1].package.terms.partners) — did you mean `region`?",
    ]),
]


def _reported(path: Path) -> list[str]:
    """Every problem for `path`, as `line:col: …` (checking each names the file first)."""
    try:
        load_file(path)
    except ScenarioError as error:
        for problem in error.problems:
            assert problem.file == str(path)
        return [str(p)[len(str(path)) + 1 :] for p in error.problems]
    return []


@pytest.mark.parametrize(("name", "expected"), CASES, ids=[c[0] for c in CASES])
def test_broken_fixture(name: str, expected: list[str]) -> None:
    assert _reported(BROKEN / name) == expected


def test_every_fixture_is_in_the_table() -> None:
    on_disk = sorted(p.name for p in BROKEN.glob("*.yaml"))
    assert on_disk == sorted(name for name, _ in CASES)
    broken = [name for name, expected in CASES if expected]
    assert len(broken) >= 25


def test_fixtures_are_one_defect_away_from_base() -> None:
    """Each single-defect fixture differs from base.yaml in a few lines only (apart from its header)."""
    base = BASE.read_text(encoding="utf-8").splitlines()[2:]
    for name, expected in CASES:
        if name.startswith(("several_", "base", "cp1252", "utf8_bom", "empty")) or not expected:
            continue
        text = (BROKEN / name).read_text(encoding="utf-8").splitlines()[1:]
        differing = sum(1 for line in text if line not in base) + sum(1 for line in base if line not in text)
        assert 1 <= differing <= 8, name


def test_problem_format_and_order() -> None:
    problem = ScenarioProblem("s.yaml", 3, 7, "unknown name `rund`", "did you mean `round`?", "moves[0].when")
    assert str(problem) == "s.yaml:3:7: unknown name `rund` (at moves[0].when) — did you mean `round`?"
    later = ScenarioProblem("s.yaml", 10, 1, "a", "b")
    first = ScenarioProblem("s.yaml", 2, 9, "c", "d")
    error = ScenarioError([later, problem, first, problem])
    assert error.problems == [first, problem, later]  # sorted by position, duplicates once
    assert str(error).splitlines()[0].startswith("s.yaml:2:9: c")


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    problems = [ScenarioProblem("s.yaml", n, 1, "m", "f") for n in range(1, MAX_PROBLEMS + 51)]
    error = ScenarioError(problems)
    assert len(error.problems) == MAX_PROBLEMS + 1
    assert str(error.problems[-1]) == (
        f"s.yaml:{MAX_PROBLEMS + 1}:1: 50 more problem(s) from here on are not listed — fix the problems above"
        " and check the file again"
    )


def test_valid_files_load() -> None:
    loaded = load_file(BASE)
    assert isinstance(loaded, LoadedScenario)
    assert loaded.id == "tutorial"
    assert set(loaded.conditions) == {
        'round >= 2 and not signed("poland", "protocol")',
        'agreed("protocol", "partners", "pair")',
    }
    bom = load_file(BROKEN / "utf8_bom.yaml")
    assert bom.scenario.meta.title == loaded.scenario.meta.title
    assert load_file(ROOT / "scenarios" / "tutorial.yaml").id == "tutorial"


def test_bom_in_text_and_crlf_line_ends_are_accepted() -> None:
    text = BASE.read_text(encoding="utf-8")
    assert load_text("\ufeff" + text).id == "tutorial"
    assert load_text(text.replace("\n", "\r\n").encode("utf-8")).id == "tutorial"


def test_crlf_positions_are_the_same() -> None:
    text = (BROKEN / "condition_unknown_id.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "crlf.yaml")
    assert [(p.line, p.column) for p in caught.value.problems] == [(64, 47)]


def test_unusual_line_breaks_do_not_shift_line_numbers() -> None:
    """YAML breaks lines at U+2028 and U+0085 where editors do not; old Mac files end lines with CR alone."""
    text = (BROKEN / "condition_unknown_id.yaml").read_text(encoding="utf-8")
    pasted = text.replace("Maxim Litvinov", "Maxim\u2028Litvinov\x85")
    assert [(p.line, p.column) for p in _load_problems(pasted)] == [(64, 47)]
    assert [(p.line, p.column) for p in _load_problems(text.replace("\n", "\r"))] == [(64, 47)]
    control = (BROKEN / "control_character.yaml").read_text(encoding="utf-8").replace("\n", "\r")
    assert [(p.line, p.column) for p in _load_problems(control)] == [(16, 33)]


def _load_problems(text: str) -> list[ScenarioProblem]:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "t.yaml")
    return caught.value.problems


def test_load_file_reads_through_the_given_reader() -> None:
    raw = BASE.read_bytes()
    assert load_file("any/where.yaml", read=lambda path: raw).path == "any/where.yaml"


@pytest.mark.parametrize("where", ["missing", "directory"])
def test_unreadable_paths(tmp_path: Path, where: str) -> None:
    path = tmp_path / "nothing.yaml" if where == "missing" else tmp_path
    with pytest.raises(ScenarioError) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (1, 1)
    assert problem.message.startswith("cannot read the file (")
    assert problem.fix == "check the path and the file name"


# --------------------------------------------------------------------------- positions in detail


def _problems(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(ScenarioError) as caught:
        load_text(text, "t.yaml")
    return [(p.line, p.column, p.message) for p in caught.value.problems]


def _base(old: str, new: str) -> str:
    text = BASE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    return text.replace(old, new)


def test_condition_column_in_single_quotes_with_doubled_quotes() -> None:
    text = _base("'agreed(\"protocol\", \"partners\", \"pair\")'", "'agreed(''protocol'', ''partners'', ''pear'')'")
    line = text.splitlines()[77]
    assert _problems(text) == [(78, line.index("''pear") + 1, 'unknown option "pear" in agreed(…)')]


def test_condition_column_in_a_literal_block() -> None:
    text = _base(
        '    when: round >= 2 and not signed("poland", "protocol")\n',
        '    when: |\n      round >= 2\n      and not signed("poland", "protocl")\n',
    )
    assert _problems(text) == [(67, 32, 'unknown instrument "protocl" in signed(…)')]


def test_condition_column_after_non_ascii_text() -> None:
    text = _base("when: round >= 2 and not", "when: round >= 2 and rüund >= 1 and not")
    line = text.splitlines()[64]
    assert _problems(text) == [(65, line.index("rüund") + 1, "unknown name `rüund`")]


def test_number_where_text_goes_is_read_as_the_text_typed() -> None:
    loaded = load_text(_base("    name: Poland\n", "    name: 1929\n"))
    assert loaded.scenario.actors[1].name == "1929"
    loaded = load_text(_base("    name: Poland\n", "    name: true\n"))
    assert loaded.scenario.actors[1].name == "true"


def test_empty_required_text() -> None:
    assert _problems(_base("    name: Poland\n", "    name:\n")) == [(32, 10, "`name` is empty")]


def test_union_field_gets_one_problem() -> None:
    text = _base("{round: jan10, actor: ussr, move: ussr_offer}", "{round: jan10, actor: Ussr, move: ussr_offer}")
    assert _problems(text) == [(72, 29, "`Ussr` is not a valid id")]


def test_non_scalar_key_and_merge_key_are_reported() -> None:
    text = _base("    name: Poland\n", "    name: Poland\n    ? [a, b]\n    : c\n    <<: {x: 1}\n")
    assert [p[:2] for p in _problems(text)] == [(33, 7), (35, 5)]
    messages = [p[2] for p in _problems(text)]
    assert messages == [
        "a key must be a plain word, not a list or a set of fields",
        "merge keys (<<) are not supported",
    ]


def test_unknown_id_used_as_a_key_points_at_the_key() -> None:
    text = _base("    name: Soviet Union\n", "    name: Soviet Union\n    trust: {polnd: 2}\n")
    assert _problems(text) == [(28, 13, "unknown side: `polnd`")]
    text = _base("terms: {partners: pair, timing: now}", "terms: {partnrs: pair, timing: now}")
    line = text.splitlines()[56]
    assert _problems(text) == [(57, line.index("partnrs") + 1, "unknown issue of `protocol`: `partnrs`")]


def test_a_huge_value_is_quoted_shortly() -> None:
    text = _base("kind: primary", "kind: " + "p" * 5_000)
    with pytest.raises(ScenarioError) as caught:
        load_text(text)
    (problem,) = caught.value.problems
    assert (problem.line, problem.column) == (16, 13)
    assert problem.message.startswith("`" + "p" * 60 + "…` is not allowed for `kind`")
    assert len(str(problem)) < 1_000


# --------------------------------------------------------------------------- YAML 1.1 surprises


def test_yaml_1_1_surprises_do_not_happen() -> None:
    data, _, problems = parse_yaml(
        "a: [no, yes, on, off, No, YES, y, n, 12:30, 1929-01-10, 0x1F, 0o17, 010, 1_000, .inf, .nan, ~, null,"
        " true, False, 1.5, -3, +4, 1e3]\n",
        "t.yaml",
    )
    assert problems == []
    assert data["a"] == [
        "no", "yes", "on", "off", "No", "YES", "y", "n", "12:30", "1929-01-10", "0x1F", "0o17", 10, "1_000",
        ".inf", ".nan", None, None, True, False, 1.5, -3, 4, 1000.0,
    ]
    assert all(type(v) is str for v in data["a"][:10])


def test_yaml_1_1_values_stay_text_in_a_scenario() -> None:
    text = _base('{id: jan10, date: "1929-01-10", label: "10 January 1929"}', "{id: jan10, date: 1929-01-10, time: 12:30, label: no}")
    text = text.replace('      - {id: now, label: "Sign at once"}', "      - {id: now, label: off}")
    text = text.replace("    name: Poland\n", "    name: NO\n")
    scenario = load_text(text).scenario
    first = scenario.calendar.rounds[0]
    assert (first.date, first.time, first.label) == ("1929-01-10", "12:30", "no")
    assert scenario.issues[1].options[0].label == "off"
    assert scenario.actors[1].name == "NO"


def test_quoted_and_block_scalars_are_always_text() -> None:
    data, _, problems = parse_yaml("a: '1'\nb: \"true\"\nc: |\n  3\nd: !!str 4\ne: ''\n", "t.yaml")
    assert problems == []
    assert data == {"a": "1", "b": "true", "c": "3\n", "d": "4", "e": ""}


@pytest.mark.parametrize("number", ["1234567890123", "1e400", "-99999999999999.5"])
def test_huge_numbers_are_refused(number: str) -> None:
    _, _, problems = parse_yaml(f"a: {number}\n", "t.yaml")
    assert [(p.line, p.column, p.fix) for p in problems] == [(1, 4, "use at most 12 digits")]
    assert "is too large" in problems[0].message


# --------------------------------------------------------------------------- hostile files


def _alias_bomb() -> bytes:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        previous, name = chr(96 + i), chr(97 + i)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return ("\n".join(lines) + "\n").encode()


def _hostile(tmp: Path) -> dict[str, tuple[bytes, tuple[int, int], str]]:
    """name -> (content, expected (line, column) of the first problem, expected start of its message)."""
    pwned = tmp / "pwned"
    deep = "values are nested more than 60 levels deep"
    tag = "tags such as `!!python/"
    return {
        "alias_bomb": (_alias_bomb(), (1, 4), "anchors and aliases (&name, *name) are not supported"),
        "deep_flow_sequences": (b"[" * 10_000 + b"]" * 10_000 + b"\n", (1, 61), deep),
        "deep_flow_mappings": (b"{a: " * 10_000 + b"}" * 10_000 + b"\n", (1, 241), deep),
        "deep_block_sequences": (b"- " * 10_000 + b"x\n", (1, 121), deep),
        "deep_mapping_keys": (b"{" * 100_000, (1, 2), "a key must be a plain word, not a list or a set of fields"),
        "deep_complex_keys": (b"? " * 10_000 + b"x\n", (1, 3), "a key must be a plain word, not a list or a set of fields"),
        "deep_block_mappings": ("".join(" " * i + f"k{i}:\n" for i in range(10_000)).encode(), (1, 1),
                                "the file is over the size limit of 2,000,000 bytes"),
        "deep_block_mappings_under_2mb": ("".join(" " * i + "k:\n" for i in range(1_500)).encode(), (61, 61), deep),
        "huge_file": (b"schema_version: 1\n" + (b"# " + b"x" * 98 + b"\n") * 21_000, (1, 1),
                      "the file is over the size limit of 2,000,000 bytes"),
        "many_values": (b"a: [" + b",".join([b"1"] * 150_000) + b"]\n", (1, 99_999),
                        "the file holds more than 50,000 values"),
        "many_unknown_fields": ("".join(f"field_{i}: {i}\n" for i in range(5_000)).encode(), (1, 1),
                                "missing field `actors`"),
        "binary": (random.Random(0).randbytes(4096), (3, 17), "this is not a text file (it holds binary data)"),
        "binary_without_nul": (bytes(range(128, 256)) * 8, (1, 1), "this is not a text file (it holds binary data)"),
        "utf16": ("schema_version: 1\n".encode("utf-16"), (1, 1), "the file is saved as UTF-16 ('Unicode'), not UTF-8"),
        "python_object_apply": (f'schema_version: !!python/object/apply:os.system ["touch {pwned}"]\n'.encode(),
                                (1, 17), tag + "object/apply:os.system`"),
        "python_object_apply_open": (f'meta: !!python/object/apply:builtins.open ["{pwned}", "w"]\n'.encode(),
                                     (1, 7), tag + "object/apply:builtins.open`"),
        "python_name": (b"schema_version: !!python/name:os.system\n", (1, 17), tag + "name:os.system`"),
        "python_object_new": (b"meta: !!python/object/new:os.system [x]\n", (1, 7), tag + "object/new:os.system`"),
        "python_module": (b"meta: !!python/module:os\n", (1, 7), tag + "module:os`"),
        "python_tag_in_key": (b"!!python/name:os.system : 1\n", (1, 1), tag + "name:os.system`"),
        "python_tag_by_directive": (b"%TAG !p! tag:yaml.org,2002:python/\n---\na: !p!name:os.system\n", (3, 4),
                                    tag + "name:os.system`"),
        "local_tag": (b"meta: !include other.yaml\n", (1, 7), "tags such as `!include` are not allowed"),
        "merge_key": (b"meta:\n  <<: {id: x, title: y}\n", (1, 1), "missing field `actors`"),
        "merge_key_with_alias": (b"base: &base {id: x}\nmeta:\n  <<: *base\n", (1, 7),
                                 "anchors and aliases (&name, *name) are not supported"),
    }


def test_hostile_files_are_refused_fast_and_run_nothing(tmp_path: Path) -> None:
    for name, (content, position, message) in _hostile(tmp_path).items():
        path = tmp_path / f"{name}.yaml"
        path.write_bytes(content)
        started = time.perf_counter()
        with pytest.raises(ScenarioError) as caught:
            load_file(path)
        elapsed = time.perf_counter() - started
        assert elapsed < 1.0, f"{name} took {elapsed:.2f} s"
        first = caught.value.problems[0]
        assert ((first.line, first.column), first.message[: len(message)]) == (position, message), name
        assert first.fix, name
        assert len(caught.value.problems) <= MAX_PROBLEMS + 1, name
    assert not (tmp_path / "pwned").exists()


def test_merge_key_is_named(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text(b"meta:\n  <<: {id: x, title: y}\n")
    assert ("merge keys (<<) are not supported", 2, 3) in [(p.message, p.line, p.column) for p in caught.value.problems]


def test_many_unknown_fields_are_capped() -> None:
    with pytest.raises(ScenarioError) as caught:
        load_text("".join(f"field_{i}: {i}\n" for i in range(5_000)).encode())
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].message == "4905 more problem(s) from here on are not listed"


def test_size_limit_is_checked_before_reading_everything(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    with path.open("wb") as handle:
        handle.truncate(50 * MAX_BYTES)  # a sparse 100 MB file: only MAX_BYTES + 1 bytes may be read
    read: list[int] = []
    real_open = Path.open

    def spy_open(self: Path, *args: Any, **kwargs: Any) -> Any:
        handle = real_open(self, *args, **kwargs)
        original = handle.read

        def read_some(size: int = -1) -> bytes:
            read.append(size)
            return original(size)

        handle.read = read_some
        return handle

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "open", spy_open)
        with pytest.raises(ScenarioError) as caught:
            load_file(path)
    assert read == [MAX_BYTES + 1]
    assert caught.value.problems[0].message == "the file is over the size limit of 2,000,000 bytes"


def test_hostile_files_through_the_command_line(tmp_path: Path) -> None:
    """`python -m game validate` exits 2, prints `file:line:col:` for each and never a traceback."""
    paths = []
    for name, (content, (line, column), _) in _hostile(tmp_path).items():
        paths.append((tmp_path / f"{name}.yaml", line, column))
        paths[-1][0].write_bytes(content)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    run = subprocess.run(
        [sys.executable, "-m", "game", "validate", *(str(p) for p, _, _ in paths)], cwd=tmp_path, env=env,
        capture_output=True, stdin=subprocess.DEVNULL, timeout=120,
    )
    stdout, stderr = run.stdout.decode("utf-8", "replace"), run.stderr.decode("utf-8", "replace")
    assert run.returncode == 2, (stdout, stderr)
    assert stderr == "", stderr
    assert "Traceback" not in stdout
    for path, line, column in paths:
        assert re.search(rf"^{re.escape(str(path))}:{line}:{column}: .+ — .+$", stdout, re.M), (path.name, stdout)
        assert re.search(rf"^{re.escape(str(path))}: \d+ problem\(s\)$", stdout, re.M), (path.name, stdout)
    assert not (tmp_path / "pwned").exists()


def test_broken_fixtures_through_the_command_line() -> None:
    names = [name for name, expected in CASES if expected]
    paths = [str((BROKEN / name).relative_to(ROOT)) for name in names]
    run = subprocess.run(
        [sys.executable, "-m", "game", "validate", *paths], cwd=ROOT, capture_output=True, text=True,
        encoding="utf-8", timeout=60, stdin=subprocess.DEVNULL,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    lines = run.stdout.splitlines()
    for name, path in zip(names, paths, strict=True):
        expected = dict(CASES)[name]
        printed = [line[len(path) + 1 :] for line in lines if line.startswith(path + ":") and line[len(path) + 1].isdigit()]
        assert printed == expected, name
    valid = subprocess.run(
        [sys.executable, "-m", "game", "validate", str(BASE.relative_to(ROOT))], cwd=ROOT, capture_output=True,
        text=True, encoding="utf-8", timeout=60, stdin=subprocess.DEVNULL,
    )
    assert valid.returncode == 0, valid.stdout + valid.stderr


# --------------------------------------------------------------------------- safety of the package


def test_scenario_package_never_evaluates_pickles_or_writes() -> None:
    forbidden = re.compile(
        r"\beval\(|\bexec\(|\bpickle\b|\bmarshal\b|yaml\.load\(|yaml\.unsafe|FullLoader|UnsafeLoader|"
        r"Loader=yaml\.Loader|(?<!re\.)\bcompile\(|__import__|import pygame|\.write_text\(|\.write_bytes\(|"
        r"open\([^)]*['\"][wa]"
    )
    sources = sorted((ROOT / "game" / "scenario").glob("*.py"))
    assert sources
    for source in sources:
        hits = forbidden.findall(source.read_text(encoding="utf-8"))
        assert hits == [], (source.name, hits)


def test_scenario_package_does_not_load_pygame() -> None:
    code = "import sys, game.scenario.loader, game.scenario.conditions; print('pygame' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.stdout.strip() == "False", run.stderr


def test_pure_python_parser_gives_the_same_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without libyaml (a platform without the C extension), the same problems at the same places."""
    import yaml

    class Pure(yaml.SafeLoader):
        yaml_implicit_resolvers: dict[str, Any] = {}

    monkeypatch.setattr(loader_module, "_PlainLoader", Pure)
    for name in ("condition_unknown_id.yaml", "duplicate_key.yaml", "several_references.yaml", "bad_date.yaml"):
        assert _reported(BROKEN / name) == dict(CASES)[name], name
    started = time.perf_counter()
    with pytest.raises(ScenarioError):
        load_text(b"[" * 10_000 + b"]" * 10_000)
    assert time.perf_counter() - started < 1.0


# --------------------------------------------------------------------------- fuzz


_BASE_TEXT = BASE.read_text(encoding="utf-8")
_SPECIAL = ["\n", " ", "\t", ":", "- ", "[", "]", "{", "}", '"', "'", "&a ", "*a", "!!", "#", "---", "? ", "|",
            ">", "%", "@", "`", ",", "\u201c", "\x00", "\xe9", "\ufeff", "<<: ", "1e999", "99999999999999"]


@settings(max_examples=150, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(_BASE_TEXT)), st.integers(0, 6), st.sampled_from(_SPECIAL)),
                min_size=1, max_size=4))
def test_any_edit_gives_a_scenario_or_positioned_problems(edits: list[tuple[int, int, str]]) -> None:
    text = _BASE_TEXT
    for at, cut, insert in edits:
        at = min(at, len(text))
        text = text[:at] + insert + text[at + cut :]
    try:
        load_text(text.encode("utf-8", "surrogatepass"), "fuzz.yaml")
    except ScenarioError as error:
        assert error.problems
        lines = text.count("\n") + 2
        for problem in error.problems:
            assert 1 <= problem.line <= lines and problem.column >= 1, problem
            assert problem.message and problem.fix, problem


def test_schema_and_reference_problems_in_one_run():
    """A schema problem does not hide the reference and condition problems elsewhere: the loader
    salvages the valid part and checks it too; echoes of left-out items are not reported."""
    base = (Path(__file__).resolve().parents[2] / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")
    text = (base.replace("  title:", "  titel:")
                .replace("kind: scholarly", "kind: scholar")
                .replace("actor: ussr, kind: propose", "actor: ussrr, kind: propose")
                .replace('agreed("protocol", "partners", "pair")', 'agred("protocol", "partners", "pair")'))
    try:
        load_text(text, "t.yaml")
    except ScenarioError as error:
        messages = [p.message for p in error.problems]
    else:
        raise AssertionError("the broken file loaded")
    assert messages == [
        "unknown field `titel`",
        "`scholar` is not allowed for `kind`",
        "unknown actor: `ussrr`",
        "unknown function `agred`",
    ]
    assert not any("`ken`" in m for m in messages)  # the source left out is not reported as unknown
