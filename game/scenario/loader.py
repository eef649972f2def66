"""Safe YAML → scenario models, with every problem reported as `file:line:col: what — fix`.

The bytes are checked first (size, encoding, binary or control characters). PyYAML then only
*parses* the text into events; our own small composer below turns the events into plain data,
recording the position of every key and value. It refuses tags, anchors and aliases, merge keys,
deep nesting and huge numbers of values as soon as it meets them, and resolves scalars YAML 1.2 style
(`no`, `on`, `12:30` and dates stay text). Pydantic and the cross-reference checks then validate the
data. Nothing in a scenario file is executed, and nothing is written.
"""

from __future__ import annotations

import bisect
import hashlib
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from game.scenario.checks import check_scenario
from game.scenario.conditions import Compiled
from game.scenario.errors import (
    LINE_BREAK,
    Loc,
    ScenarioError,
    ScenarioProblem,
    normalise,
    pydantic_problems,
    tab_problems,
    words,
    yaml_syntax_problem,
)
from game.scenario.models import Scenario
from game.scenario.salvage import Salvage

MAX_BYTES = 2_000_000
MAX_NODES = 50_000
MAX_DEPTH = 60
MAX_DIGITS = 12

Path_ = Loc

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc]
    """Parses only; no implicit typing (we resolve scalars ourselves, YAML 1.2 style)."""

    yaml_implicit_resolvers: dict[str, Any] = {}


_STD = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SMART = "\u201c\u201d\u2018\u2019\u201e\u201a\u00ab\u00bb"
# What YAML refuses to read (PyYAML's Reader): C0/C1 control characters other than tab and line breaks.
_CONTROL = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ODD_BREAKS = {0x85: " ", 0x2028: " ", 0x2029: " "}
_ALLOWED_TAGS = {"scalar": _STD + "str", "mapping": _STD + "map", "sequence": _STD + "seq"}


@dataclass
class LoadedScenario:
    """A validated scenario with its compiled conditions and content digest."""

    scenario: Scenario
    path: str
    digest: str
    conditions: dict[str, Compiled] = field(default_factory=dict)
    positions: _Positions | None = field(default=None, repr=False, compare=False)

    def where(self, path: tuple[str | int, ...]) -> tuple[int, int]:
        """Line and column of a field path in the file (1, 1 if unknown)."""
        return self.positions.at(path) if self.positions is not None else (1, 1)

    @property
    def id(self) -> str:
        return self.scenario.meta.id

    def condition(self, text: str) -> Compiled:
        return self.conditions[text]


@dataclass(frozen=True)
class _Span:
    """Where a value is: 1-based line and column, and its character range and style in the text."""

    line: int
    column: int
    start: int
    end: int
    style: str


@dataclass
class _Positions:
    text: str = ""
    values: dict[Path_, _Span] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    texts: dict[Path_, str] = field(default_factory=dict)  # every scalar value, as text
    raw: dict[Path_, str] = field(default_factory=dict)  # plain scalars read as numbers/booleans: their text
    _line_starts: list[int] = field(default_factory=list)

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        """Position of the value at `path` (or of its key); else of the nearest enclosing value."""
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while probe:
            if probe in self.values:
                return self.values[probe].line, self.values[probe].column
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        root = self.values.get(())
        return (root.line, root.column) if root else (1, 1)

    def line_col(self, index: int) -> tuple[int, int]:
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in LINE_BREAK.finditer(self.text)]
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def inside(self, path: Path_, offset: int) -> tuple[int, int]:
        """Position of character `offset` of the text value at `path` (for a column in a condition)."""
        span = self.values.get(path)
        if span is None:
            return self.at(path)
        source = self.text
        i, end = span.start, span.end
        if span.style in ("|", ">"):  # block scalar: content starts on the next line
            newline = source.find("\n", i, end)
            i = newline + 1 if newline >= 0 else i
        elif span.style in ("'", '"'):
            i += 1
        value = self.texts.get(path, "")
        for j, char in enumerate(value):
            while i < end and source[i] in " \t\r\n" and not char.isspace():
                i += 1
            if j == offset:
                return self.line_col(min(i, end))
            if char.isspace():
                while i < end and source[i] in " \t\r\n":
                    i += 1
                continue
            found = source.find(char, i, end)
            if found < 0:
                return self.at(path)
            i = found + 1
        return self.line_col(min(i, end))


class _Refuse(Exception):
    """Stop reading at once: the file is hostile or unreadable beyond this point."""

    def __init__(self, mark: Any, message: str, fix: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.fix = mark, message, fix


class _Frame:
    __slots__ = ("is_map", "path", "result", "key", "expect_key", "skip_value", "discard")

    def __init__(self, is_map: bool, path: Path_ | None) -> None:
        self.is_map = is_map
        self.path = path  # None: a part being thrown away (a bad key, a duplicate's value)
        self.discard = path is None
        self.result: Any = {} if is_map else []
        self.key: str | None = None
        self.expect_key = True
        self.skip_value = False


class _Composer:
    """YAML events → plain data (dict, list, str, int, float, bool, None) with positions."""

    def __init__(self, file: str, text: str, problems: list[ScenarioProblem]) -> None:
        self.file = file
        self.problems = problems
        self.positions = _Positions(text=text)
        self.count = 0

    def problem(self, mark: Any, message: str, fix: str, where: Path_ = ()) -> None:
        self.problems.append(ScenarioProblem(self.file, mark.line + 1, mark.column + 1, message, fix, words(where)))

    def compose(self, events: Iterable[Any]) -> Any:
        stack: list[_Frame] = []
        root: Any = None
        documents = 0
        event: Any
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise _Refuse(
                        event.start_mark,
                        "a second YAML document starts here (a line `---` inside the file)",
                        "a scenario is one document: remove the `---` line, or split the file in two",
                    )
                continue
            if not isinstance(event, yaml.NodeEvent) and not isinstance(event, yaml.CollectionEndEvent):
                continue
            self.count += 1
            if self.count > MAX_NODES:
                raise _Refuse(
                    event.start_mark,
                    f"the file holds more than {MAX_NODES:,} values",
                    "a scenario is far smaller: split it, or remove repeated parts",
                )
            if isinstance(event, yaml.CollectionEndEvent):
                frame = stack.pop()
                if not stack:
                    root = frame.result
                else:
                    self.attach(stack[-1], frame.result, event)
                continue
            if isinstance(event, yaml.AliasEvent) or event.anchor is not None:
                raise _Refuse(
                    event.start_mark,
                    "anchors and aliases (&name, *name) are not supported",
                    "write the value out in full everywhere you need it",
                )
            parent = stack[-1] if stack else None
            if parent is not None and parent.is_map and parent.expect_key:
                self.key(parent, event, stack)
                continue
            path = self.child_path(parent)
            self.check_tag(event, path)
            if path is not None:
                start: Any = event.start_mark
                end: Any = event.end_mark
                self.positions.values[path] = _Span(
                    start.line + 1, start.column + 1, start.index, end.index, getattr(event, "style", None) or ""
                )
            if isinstance(event, yaml.ScalarEvent):
                value = self.scalar(event, path)
                if parent is None:
                    root = value
                else:
                    self.attach(parent, value, event)
                continue
            self.push(stack, event, path)
        return root

    def push(self, stack: list[_Frame], event: Any, path: Path_ | None) -> None:
        """Open a list or mapping, refusing deep nesting before the parser spends time on it."""
        if len(stack) >= MAX_DEPTH:
            raise _Refuse(
                event.start_mark,
                f"values are nested more than {MAX_DEPTH} levels deep",
                "a scenario needs fewer than 10 levels: check the indentation and the brackets [ ] { }",
            )
        stack.append(_Frame(isinstance(event, yaml.MappingStartEvent), path))

    def child_path(self, parent: _Frame | None) -> Path_ | None:
        if parent is None:
            return ()
        if parent.discard or parent.path is None:
            return None
        if parent.is_map:
            return None if parent.skip_value or parent.key is None else (*parent.path, parent.key)
        return (*parent.path, len(parent.result))

    def attach(self, parent: _Frame, value: Any, event: Any) -> None:
        if not parent.is_map:
            parent.result.append(value)
            return
        if parent.expect_key:  # a collection used as a key, now complete
            parent.expect_key, parent.skip_value, parent.key = False, True, None
            return
        if not parent.skip_value and parent.key is not None:
            parent.result[parent.key] = value
        parent.expect_key, parent.skip_value, parent.key = True, False, None

    def key(self, parent: _Frame, event: Any, stack: list[_Frame]) -> None:
        where = parent.path or ()
        if not isinstance(event, yaml.ScalarEvent):
            self.problem(
                event.start_mark,
                "a key must be a plain word, not a list or a set of fields",
                "write `name: value`",
                where,
            )
            self.push(stack, event, None)
            return
        parent.expect_key = False
        if parent.discard:
            parent.skip_value = True
            return
        key = event.value
        if event.tag not in (None, "!"):
            self.check_tag(event, where)
        if key == "<<" and not event.style:
            self.problem(event.start_mark, "merge keys (<<) are not supported", "write the fields out in full", where)
            parent.skip_value = True
            return
        if any(q in key for q in _SMART):
            self.problem(
                event.start_mark,
                f"the key {key} has typographic (curly) quotes",
                "keys need no quotes: remove them (and turn off 'smart quotes' in your editor)",
                (*where, key.strip(_SMART + " ")),
            )
            key = key.strip(_SMART + " ")
        key_path = (*where, key)
        if key in parent.result or key_path in self.positions.keys:
            first = self.positions.keys.get(key_path, (0, 0))
            self.problem(
                event.start_mark,
                f"the key `{key}` appears twice here (first at line {first[0]})",
                "keep only one: YAML would silently drop one of the two values",
                key_path,
            )
            parent.skip_value = True
            return
        parent.key = key
        mark: Any = event.start_mark
        self.positions.keys[key_path] = (mark.line + 1, mark.column + 1)

    def check_tag(self, event: Any, path: Path_ | None) -> None:
        tag = event.tag
        if tag in (None, "!"):
            return
        kind = "scalar" if isinstance(event, yaml.ScalarEvent) else (
            "mapping" if isinstance(event, yaml.MappingStartEvent) else "sequence"
        )
        if tag == _ALLOWED_TAGS[kind]:
            return
        shown = tag.replace(_STD, "!!")
        message = f"tags such as `{shown}` are not allowed (a scenario is data: nothing in it runs)"
        if "python" in tag.lower() or not tag.startswith(_STD):
            raise _Refuse(event.start_mark, message, "remove the tag")
        self.problem(event.start_mark, message, "remove the tag", path or ())

    def scalar(self, event: Any, path: Path_ | None) -> Any:
        value: str = event.value
        if path is not None:
            self.positions.texts[path] = value
        if event.style or event.tag == _STD + "str":  # quoted or block scalar, or !!str: always text
            return value
        result: Any = value
        if value in _NULL:
            result = None
        elif value in _BOOL:
            result = _BOOL[value]
        elif _INT.match(value):
            if len(value.lstrip("+-")) > MAX_DIGITS:
                self.problem(event.start_mark, f"the number {value[:20]}… is too large", f"use at most {MAX_DIGITS} digits", path or ())
                return 0
            result = int(value)
        elif _FLOAT.match(value):
            number = float(value) if len(value) <= 40 else math.inf
            if not math.isfinite(number) or abs(number) >= 10**MAX_DIGITS:
                self.problem(event.start_mark, f"the number {value[:20]} is too large", f"use at most {MAX_DIGITS} digits", path or ())
                return 0
            result = number
        if path is not None and not isinstance(result, str) and result is not None:
            self.positions.raw[path] = value
        return result


# --------------------------------------------------------------------------- bytes → text


def _decode(raw: bytes, file: str) -> tuple[str | None, list[ScenarioProblem]]:
    def refuse(line: int, col: int, message: str, fix: str) -> tuple[None, list[ScenarioProblem]]:
        return None, [ScenarioProblem(file, line, col, message, fix)]

    if len(raw) > MAX_BYTES:
        return refuse(1, 1, f"the file is over the size limit of {MAX_BYTES:,} bytes",
                      "a scenario is far smaller: split it, or remove what is not scenario text")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return refuse(1, 1, "the file is saved as UTF-16 ('Unicode'), not UTF-8",
                      "re-save it as UTF-8 (Notepad: File › Save as › Encoding: UTF-8; VS Code: 'Save with Encoding')")
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        return refuse(line, col, "this is not a text file (it holds binary data)",
                      "give a .yaml scenario file saved as UTF-8 text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, col = _line_col(raw, error.start)
        byte = raw[error.start]
        bad = sum(1 for _ in re.finditer(rb"[\x80-\xff]", raw))
        guess = raw[error.start : error.start + 1].decode("cp1252", errors="replace")
        if bad > len(raw) // 4:
            return refuse(line, col, "this is not a text file (it holds binary data)",
                          "give a .yaml scenario file saved as UTF-8 text")
        return refuse(
            line, col,
            f"the file is not saved as UTF-8: byte 0x{byte:02X} here is probably `{guess}` saved as Windows-1252 (Latin-1)",
            "re-save the file as UTF-8 (Notepad: File › Save as › Encoding: UTF-8; VS Code: 'Save with Encoding' › UTF-8)",
        )
    problems: list[ScenarioProblem] = []
    for match in _CONTROL.finditer(text):
        if len(problems) >= 20:
            break
        line, col = _text_line_col(text, match.start())
        code = f"U+{ord(match.group()):04X}"
        problems.append(ScenarioProblem(
            file, line, col, f"an invisible control character ({code}) is here",
            "delete it (it often comes with text copied from a PDF or a word processor)",
        ))
    if problems:
        return None, problems
    # YAML also breaks lines at U+0085, U+2028 and U+2029, editors do not: read them as spaces so that
    # line numbers match what the author sees (same length, so columns do not move either).
    return text.translate(_ODD_BREAKS), []


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _text_line_col(text: str, offset: int) -> tuple[int, int]:
    positions = _Positions(text=text[:offset])
    return positions.line_col(offset)


# --------------------------------------------------------------------------- text → data

def parse_yaml(text: str, file: str) -> tuple[Any, _Positions, list[ScenarioProblem]]:
    """YAML text → (data, positions, problems); data is None when the text cannot be read. Never raises."""
    problems: list[ScenarioProblem] = []
    composer = _Composer(file, text, problems)
    try:
        data = composer.compose(yaml.parse(text, Loader=_PlainLoader))
    except _Refuse as refuse:
        problems.append(ScenarioProblem(file, refuse.mark.line + 1, refuse.mark.column + 1, refuse.message, refuse.fix))
        return None, composer.positions, problems
    except yaml.MarkedYAMLError as error:
        syntax = yaml_syntax_problem(error, text, file)
        tabs = tab_problems(text, file)
        about_tabs = "tab" in syntax.message or "cannot start" in syntax.message
        problems.extend(tabs if tabs else [])
        if not (tabs and about_tabs) and not any(t.line == syntax.line for t in tabs):
            problems.append(syntax)
        return None, composer.positions, problems
    except yaml.YAMLError as error:
        problems.append(ScenarioProblem(file, 1, 1, f"YAML cannot read the file ({error})", "check that it is a YAML scenario"))
        return None, composer.positions, problems
    except (RecursionError, MemoryError):
        problems.append(ScenarioProblem(file, 1, 1, "values are nested too deeply", f"use at most {MAX_DEPTH} levels"))
        return None, composer.positions, problems
    if composer.count == 0:
        problems.append(ScenarioProblem(file, 1, 1, "the file is empty",
                                        "start from a copy of the tutorial scenario (scenarios/tutorial.yaml)"))
        return None, composer.positions, problems
    return data, composer.positions, problems


# --------------------------------------------------------------------------- data → models


def _set_at(data: Any, path: Path_, value: Any) -> bool:
    try:
        for part in path[:-1]:
            data = data[part]
        data[path[-1]] = value
        return True
    except (KeyError, IndexError, TypeError):
        return False


def _validate(data: Any, file: str, positions: _Positions) -> tuple[Scenario | None, list[ScenarioProblem]]:
    """Validate with pydantic. A number or true/false written where text goes is read as the text typed."""
    for _ in range(3):
        try:
            return Scenario.model_validate(data), []
        except ValidationError as error:
            errors = error.errors()
        patched = False
        for e in errors:
            loc, _ = normalise(tuple(e["loc"]), data)
            if e["type"] == "string_type" and loc in positions.raw:
                patched = _set_at(data, loc, positions.raw.pop(loc)) or patched
        if not patched:
            break

    def locate(loc: Path_, key: bool) -> tuple[int, int]:
        return positions.at(loc, key)

    return None, pydantic_problems(errors, file, Scenario, locate, data)


def load_text(text_or_bytes: str | bytes, file: str = "<scenario>") -> LoadedScenario:
    """Load a scenario from text or bytes. Raises ScenarioError listing every problem."""
    raw = text_or_bytes.encode("utf-8", errors="surrogatepass") if isinstance(text_or_bytes, str) else text_or_bytes
    digest = hashlib.sha256(raw).hexdigest()
    text, problems = _decode(raw, file)
    if text is None:
        raise ScenarioError(problems)
    data, positions, problems = parse_yaml(text, file)
    if data is None and problems:
        raise ScenarioError(problems)
    if not isinstance(data, dict):
        problems.append(ScenarioProblem(file, 1, 1, "a scenario file is a set of `key: value` fields",
                                        "start from a copy of the tutorial scenario (scenarios/tutorial.yaml)"))
        raise ScenarioError(problems)
    scenario, found = _validate(data, file, positions)
    problems.extend(found)
    salvage: Salvage | None = None
    if scenario is None:
        salvage = Salvage(data)
        scenario = salvage.run()
        if scenario is None:
            raise ScenarioError(problems)
    conditions, checked = check_scenario(scenario)
    for path, column, message, fix in checked:
        if salvage is not None:
            if salvage.echoes(message):
                continue
            path = salvage.original_path(path)
        if column is None:
            line, col = positions.at(path, key=_about_key(path, message, positions))
        else:
            line, col = positions.inside(path, column)
        problems.append(ScenarioProblem(file, line, col, message, fix, words(path)))
    if problems:
        raise ScenarioError(problems)
    return LoadedScenario(scenario, file, digest, conditions, positions)


def _about_key(path: Path_, message: str, positions: _Positions) -> bool:
    """True if a cross-reference problem is about a mapping key (`trust: {polnd: 1}`), not its value."""
    if not path or path not in positions.keys:
        return False
    named = re.findall(r"`([^`]*)`", message)
    return bool(named) and named[-1] == path[-1]


def load_file(path: str | Path, read: Callable[[Path], bytes] | None = None) -> LoadedScenario:
    """Load a scenario file (reads at most MAX_BYTES + 1 bytes of it; writes nothing)."""
    p = Path(path)
    try:
        if read is not None:
            raw = read(p)
        else:
            with p.open("rb") as handle:
                raw = handle.read(MAX_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        raise ScenarioError([ScenarioProblem(
            str(path), 1, 1, f"cannot read the file ({reason})", "check the path and the file name"
        )]) from None
    return load_text(raw, str(path))
