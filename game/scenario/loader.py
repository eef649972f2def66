"""Safe YAML → scenario models, with every problem reported as `file:line:col: what — fix`.

The YAML is composed to a node tree (no Python objects are ever constructed by PyYAML), turned into
plain data by our own small constructor that records positions, then validated by pydantic and the
cross-reference checks. Nothing in a scenario file is executed.
"""

from __future__ import annotations

import hashlib
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from game.scenario.checks import check_scenario
from game.scenario.conditions import Compiled
from game.scenario.errors import ScenarioError, ScenarioProblem
from game.scenario.models import Scenario

MAX_BYTES = 2_000_000
MAX_NODES = 200_000
MAX_DEPTH = 60

Path_ = tuple[str | int, ...]

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PlainLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Composes nodes only; no implicit typing (we resolve scalars ourselves, YAML 1.2 style)."""

    yaml_implicit_resolvers: dict[str, Any] = {}


_STD = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?([0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)([eE][-+]?[0-9]+)?$")
_NULL = {"", "~", "null", "Null", "NULL"}
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_SMART = "\u201c\u201d\u2018\u2019\u201e\u00ab\u00bb"


@dataclass
class LoadedScenario:
    """A validated scenario with its compiled conditions and content digest."""

    scenario: Scenario
    path: str
    digest: str
    conditions: dict[str, Compiled] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.scenario.meta.id

    def condition(self, text: str) -> Compiled:
        return self.conditions[text]


@dataclass
class _Positions:
    values: dict[Path_, tuple[int, int, int]] = field(default_factory=dict)  # line, col, quote offset
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: Path_, key: bool = False) -> tuple[int, int]:
        if key and path in self.keys:
            return self.keys[path]
        probe = path
        while probe:
            if probe in self.values:
                line, col, _ = self.values[probe]
                return line, col
            if probe in self.keys:
                return self.keys[probe]
            probe = probe[:-1]
        return self.values.get((), (1, 1, 0))[:2]


class _Builder:
    """Node tree → plain data, recording positions; refuses aliases, tags, duplicates."""

    def __init__(self, file: str, problems: list[ScenarioProblem]) -> None:
        self.file = file
        self.problems = problems
        self.positions = _Positions()
        self.seen: set[int] = set()
        self.count = 0

    def problem(self, mark: yaml.Mark, message: str, fix: str, where: Path_ = ()) -> None:
        self.problems.append(
            ScenarioProblem(self.file, mark.line + 1, mark.column + 1, message, fix, words(where))
        )

    def build(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _Refuse(node.start_mark, f"file has more than {MAX_NODES} values", "split it or remove repeated parts")
        if depth > MAX_DEPTH:
            raise _Refuse(node.start_mark, "values are nested too deeply", f"use at most {MAX_DEPTH} levels")
        if id(node) in self.seen:
            raise _Refuse(
                node.start_mark,
                "anchors and aliases (&name / *name) are not supported",
                "write the value out in full where you need it",
            )
        self.seen.add(id(node))
        quote = 1 if isinstance(node, yaml.ScalarNode) and node.style in ("'", '"') else 0
        self.positions.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1, quote)
        tag = node.tag or ""
        if isinstance(node, yaml.MappingNode):
            if tag not in (_STD + "map",):
                return self.bad_tag(node, path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_node.start_mark, "a key must be a plain word", "write `name: value`", path)
                    continue
                key = key_node.value
                key_path = (*path, key)
                if key == "<<":
                    raise _Refuse(key_node.start_mark, "merge keys (<<) are not supported", "write the fields out in full")
                if any(q in key for q in _SMART):
                    self.problem(
                        key_node.start_mark,
                        f"the key {key} has typographic (smart) quotes",
                        "keys need no quotes; if you quote, use straight quotes \" (turn off smart quotes in your editor)",
                        path,
                    )
                    key = key.strip(_SMART)
                    key_path = (*path, key)
                if key in result:
                    first = self.positions.keys.get(key_path, (0, 0))
                    self.problem(
                        key_node.start_mark,
                        f"duplicate key `{key}` (first at line {first[0]})",
                        "keep one of them; a later key would silently replace the earlier",
                        path,
                    )
                    continue
                self.positions.keys[key_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, key_path, depth + 1)
            return result
        if isinstance(node, yaml.SequenceNode):
            if tag != _STD + "seq":
                return self.bad_tag(node, path)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        value = node.value
        if tag == _STD + "str":
            if node.style:  # quoted or block scalar: always text
                return value
            if value in _NULL:
                return None
            if value in _BOOL:
                return _BOOL[value]
            if _INT.match(value):
                if len(value) > 12:
                    self.problem(node.start_mark, "number too large", "use fewer digits", path)
                    return 0
                return int(value)
            if _FLOAT.match(value) and len(value) <= 40:
                return float(value)
            return value
        if tag in (_STD + "int", _STD + "float", _STD + "bool", _STD + "null"):
            self.problem(node.start_mark, f"explicit tag {tag.replace(_STD, '!!')}", "remove the tag", path)
            return value
        return self.bad_tag(node, path)

    def bad_tag(self, node: yaml.Node, path: Path_) -> None:
        shown = (node.tag or "").replace(_STD, "!!")
        raise _Refuse(
            node.start_mark,
            f"tags such as `{shown}` are not allowed (scenario files are data, nothing in them runs)",
            "remove the tag",
        )


class _Refuse(Exception):
    def __init__(self, mark: yaml.Mark, message: str, fix: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.fix = mark, message, fix


def words(path: Path_) -> str:
    """A field path in words: ``moves[12].effects[0].target``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _decode(raw: bytes, file: str) -> tuple[str | None, list[ScenarioProblem]]:
    if len(raw) > MAX_BYTES:
        return None, [ScenarioProblem(file, 1, 1, f"file is {len(raw):,} bytes, over the {MAX_BYTES:,} limit", "split it, or remove what is not scenario text")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _line_col(raw, nul)
        return None, [ScenarioProblem(file, line, col, "this is not a text file (it holds binary data)", "give a .yaml scenario file saved as UTF-8 text")]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as error:
        line, col = _line_col(raw, error.start)
        byte = raw[error.start]
        guess = raw[error.start : error.start + 1].decode("cp1252", errors="replace")
        return None, [ScenarioProblem(
            file, line, col,
            f"the file is not UTF-8: byte 0x{byte:02X} (probably `{guess}` saved as Windows-1252/Latin-1)",
            "re-save it as UTF-8 (Notepad: File › Save as › Encoding: UTF-8; VS Code: 'Save with Encoding')",
        )]


def _line_col(raw: bytes, offset: int) -> tuple[int, int]:
    line = raw.count(b"\n", 0, offset) + 1
    start = raw.rfind(b"\n", 0, offset) + 1
    return line, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _tabs(text: str, file: str) -> list[ScenarioProblem]:
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(ScenarioProblem(file, number, indent.index("\t") + 1, "a tab in the indentation", "YAML indents with spaces only: replace the tab with spaces (set your editor to 'insert spaces')"))
    return problems


def _yaml_fix(message: str, context_line: str) -> str:
    if any(q in context_line for q in _SMART):
        return "replace typographic quotes “ ” ‘ ’ with straight quotes \" or '"
    if "mapping values are not allowed" in message:
        return "a value with `: ` in it needs quotes: title: \"Poland: the envoy\""
    if "found character '\\t'" in message or "tab" in message:
        return "replace the tab with spaces"
    if "expected <block end>" in message or "did not find expected" in message:
        return "check the indentation: items of one list or mapping start in the same column"
    if "found undefined alias" in message or "found unknown escape" in message:
        return "quote the text with ' instead of \""
    return "check the line against the tutorial scenario's layout"


def parse_yaml(text: str, file: str) -> tuple[Any, _Positions, list[ScenarioProblem]]:
    """YAML text → (data, positions, problems). Never raises for bad input."""
    problems = _tabs(text, file)
    if problems:
        return None, _Positions(), problems
    builder = _Builder(file, problems)
    try:
        node = yaml.compose(text, Loader=_PlainLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1) if mark else 1
        col = (mark.column + 1) if mark else 1
        lines = text.splitlines()
        context = lines[line - 1] if 0 < line <= len(lines) else ""
        what = (error.problem or "cannot read YAML").strip()
        problems.append(ScenarioProblem(file, line, col, f"YAML syntax: {what}", _yaml_fix(what, context)))
        return None, builder.positions, problems
    except yaml.YAMLError as error:
        problems.append(ScenarioProblem(file, 1, 1, f"YAML: {error}", "check the file is a YAML scenario"))
        return None, builder.positions, problems
    except RecursionError:
        problems.append(ScenarioProblem(file, 1, 1, "values are nested too deeply", f"use at most {MAX_DEPTH} levels"))
        return None, builder.positions, problems
    if node is None:
        problems.append(ScenarioProblem(file, 1, 1, "the file is empty", "start from `litvinov new NAME` or the tutorial"))
        return None, builder.positions, problems
    try:
        data = builder.build(node, (), 0)
    except _Refuse as refuse:
        problems.append(ScenarioProblem(file, refuse.mark.line + 1, refuse.mark.column + 1, refuse.message, refuse.fix))
        return None, builder.positions, problems
    except RecursionError:
        problems.append(ScenarioProblem(file, 1, 1, "values are nested too deeply", f"use at most {MAX_DEPTH} levels"))
        return None, builder.positions, problems
    return data, builder.positions, problems


# --------------------------------------------------------------------------- pydantic errors


def _field_info(loc: Path_) -> tuple[type[BaseModel] | None, str | None]:
    """Walk the models along `loc`; return (model holding the last field, its description)."""
    current: Any = Scenario
    owner: type[BaseModel] | None = None
    description = None
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int) or current is None:
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part)
            if info is None:
                return current, None
            owner, description = current, info.description
            current = info.annotation
        else:
            current = None
    return owner, description


def _unwrap(annotation: Any) -> Any:
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin in (list, tuple) and args:
            annotation = args[0]
        elif origin is dict and args:
            annotation = args[1]
        elif origin in (typing.Union, types.UnionType):
            non_none = [a for a in args if a is not type(None)]
            annotation = non_none[0] if len(non_none) == 1 else None
        elif origin is typing.Annotated:
            annotation = args[0]
        else:
            return annotation


def _suggest(word: str, choices: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else ""


def _pydantic_problem(error: Any, file: str, positions: _Positions) -> ScenarioProblem:
    loc: Path_ = tuple(error["loc"])
    kind = error["type"]
    name = str(loc[-1]) if loc else "file"
    value = error.get("input")
    shown = repr(value) if not isinstance(value, (dict, list)) else "this"
    if kind == "missing":
        parent = loc[:-1]
        line, col = positions.at(parent)
        _, desc = _field_info(loc)
        where = words(parent) or "the top of the file"
        return ScenarioProblem(file, line, col, f"missing field `{name}` in {where}", f"add `{name}:` — {desc or 'see the guide'}", words(loc))
    if kind == "extra_forbidden":
        line, col = positions.at(loc, key=True)
        model, _ = _field_info(loc[:-1] + ("__none__",))
        allowed = sorted(model.model_fields) if model else []
        near = _suggest(name, allowed)
        fix = f"did you mean `{near}`?" if near else f"remove it; fields allowed here: {', '.join(allowed)}"
        return ScenarioProblem(file, line, col, f"unknown field `{name}`", fix, words(loc))
    line, col = positions.at(loc)
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        choices = re.findall(r"'([^']*)'", expected) or [expected]
        near = _suggest(str(value), choices)
        fix = f"did you mean `{near}`?" if near else f"use one of: {', '.join(choices)}"
        return ScenarioProblem(file, line, col, f"`{name}` is {shown}, which is not allowed here", fix, words(loc))
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "\\d{4}" in pattern:
            fix = 'write the date as YYYY-MM-DD in quotes, e.g. "1929-02-09"'
        elif "\\d{2}:" in pattern:
            fix = 'write the time as HH:MM in quotes, e.g. "12:00"'
        else:
            slug = re.sub(r"[^a-z0-9_]+", "_", str(value).lower()).strip("_") or "name"
            if not slug[0].isalpha():
                slug = "x_" + slug
            fix = f"ids use lower-case letters, digits and _ — e.g. `{slug}`"
        return ScenarioProblem(file, line, col, f"{shown} is not a valid `{name}`", fix, words(loc))
    if kind in ("int_parsing", "int_type", "int_from_float", "float_parsing", "float_type"):
        return ScenarioProblem(file, line, col, f"`{name}` should be a number, not {shown}", "write a number, e.g. 2", words(loc))
    if kind in ("bool_parsing", "bool_type"):
        return ScenarioProblem(file, line, col, f"`{name}` should be true or false, not {shown}", "write true or false", words(loc))
    if kind in ("string_type",):
        return ScenarioProblem(file, line, col, f"`{name}` should be text, not {shown}", "write text (quote it if it starts with a special character)", words(loc))
    if kind in ("list_type",):
        return ScenarioProblem(file, line, col, f"`{name}` should be a list", "write each item on its own line starting with `- `", words(loc))
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return ScenarioProblem(file, line, col, f"`{name}` should be a set of `key: value` fields, not {shown}", "indent its fields under it", words(loc))
    if kind in ("too_short", "string_too_short"):
        return ScenarioProblem(file, line, col, f"`{name}` is empty or too short", error["msg"].lower(), words(loc))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return ScenarioProblem(file, line, col, f"`{name}` is {shown}, out of range", error["msg"].lower(), words(loc))
    if kind == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
        return ScenarioProblem(file, line, col, message, "see the guide for this field", words(loc))
    return ScenarioProblem(file, line, col, error["msg"], "see the guide for this field", words(loc))


def load_text(text_or_bytes: str | bytes, file: str = "<scenario>") -> LoadedScenario:
    """Load a scenario from text or bytes. Raises ScenarioError listing every problem."""
    raw = text_or_bytes.encode("utf-8") if isinstance(text_or_bytes, str) else text_or_bytes
    digest = hashlib.sha256(raw).hexdigest()
    text, problems = _decode(raw, file)
    if text is None:
        raise ScenarioError(problems)
    data, positions, problems = parse_yaml(text, file)
    if data is None:
        raise ScenarioError(problems)
    if not isinstance(data, dict):
        problems.append(ScenarioProblem(file, 1, 1, "a scenario file is a set of `key: value` fields", "start from the tutorial scenario"))
        raise ScenarioError(problems)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as error:
        problems.extend(_pydantic_problem(e, file, positions) for e in error.errors())
        raise ScenarioError(problems) from None
    conditions, found = check_scenario(scenario)
    for path, column, message, fix in found:
        if column is None:
            line, col = positions.at(path)
        else:
            line, col, quote = positions.values.get(path, (*positions.at(path), 0))
            col = col + quote + column
        problems.append(ScenarioProblem(file, line, col, message, fix, words(path)))
    if problems:
        raise ScenarioError(problems)
    return LoadedScenario(scenario, file, digest, conditions)


def load_file(path: str | Path, read: Callable[[Path], bytes] | None = None) -> LoadedScenario:
    """Load a scenario file (reads it; writes nothing)."""
    p = Path(path)
    try:
        raw = read(p) if read else p.read_bytes()
    except OSError as error:
        raise ScenarioError([ScenarioProblem(str(path), 1, 1, f"cannot read the file ({error.strerror})", "check the path and name")]) from None
    return load_text(raw, str(path))
