"""Author-facing errors: each names file, line and column, what is wrong and how to fix it.

Also turns YAML syntax errors and pydantic's validation errors into such problems, in words a teacher can
act on.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel

MAX_PROBLEMS = 100
MAX_TEXT = 400  # characters of a message, fix or field path
DETAILED = 500  # past this many, pydantic errors are translated without the (slow) "did you mean"

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # where YAML (and the author's editor) starts a new line

Loc = tuple[str | int, ...]
Locate = Callable[[Loc, bool], tuple[int, int]]  # (field path, point at the key?) -> (line, column)


@dataclass(frozen=True, order=True)
class ScenarioProblem:
    """One problem in a scenario file. Line and column are 1-based."""

    file: str
    line: int
    column: int
    message: str
    fix: str
    field: str = ""

    def __str__(self) -> str:
        where = f" (at {self.field})" if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {self.message}{where} — {self.fix}"


class ScenarioError(Exception):
    """A scenario could not be loaded; `problems` lists every problem found, sorted by position.

    Identical problems are listed once; past `MAX_PROBLEMS` the rest are summed up in a last line.
    """

    def __init__(self, problems: list[ScenarioProblem]) -> None:
        unique = sorted({_shortened(p) for p in problems})
        if len(unique) > MAX_PROBLEMS:
            rest = unique[MAX_PROBLEMS]
            more = len(unique) - MAX_PROBLEMS
            unique = unique[:MAX_PROBLEMS] + [
                ScenarioProblem(
                    rest.file, rest.line, rest.column,
                    f"{more} more problem(s) from here on are not listed",
                    "fix the problems above and check the file again",
                )
            ]
        self.problems = unique
        super().__init__("\n".join(str(p) for p in self.problems))


def _cut(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _shortened(problem: ScenarioProblem) -> ScenarioProblem:
    """A problem whose parts stay readable even when they quote a huge value from the file."""
    if max(len(problem.message), len(problem.fix), len(problem.field)) <= MAX_TEXT:
        return problem
    return ScenarioProblem(
        problem.file, problem.line, problem.column,
        _cut(problem.message, MAX_TEXT), _cut(problem.fix, MAX_TEXT), _cut(problem.field, MAX_TEXT),
    )


def words(path: Sequence[str | int]) -> str:
    """A field path in words: ``moves[12].effects[0].target``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part != "[key]":
            out += ("." if out else "") + part
    return out


def suggest(word: str, choices: Sequence[str] | set[str] | frozenset[str]) -> str:
    """The closest of `choices` to `word`, or ''."""
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return close[0] if close else ""


# --------------------------------------------------------------------------- YAML syntax errors

_SYNTAX: list[tuple[str, str, Callable[[str], str]]] = [
    ("mapping values are not allowed", "a `: ` inside a value that is not in quotes",
     lambda line: _quote_fix(line)),
    ("did not find expected ',' or ']'", "a list in [ ] is not closed, or a comma is missing",
     lambda line: "close it with ] and separate the items with commas: [a, b]"),
    ("did not find expected ',' or '}'", "a { } is not closed, or a comma is missing",
     lambda line: "close it with } and separate the fields with commas: {id: a, label: b}"),
    ("found unexpected end of stream", "a quote or bracket is opened and never closed",
     lambda line: "close the quote \" or ' (or the bracket) on the line where it starts"),
    ("found unknown escape character", "a backslash \\ in double quotes",
     lambda line: "use single quotes ' ' around this text, or write \\\\ for a backslash"),
    ("could not find expected ':'", "a line that is neither `key: value` nor a list item",
     lambda line: "add `: ` after the key, or join the line to the text above it"),
    ("cannot start any token", "this character cannot start a value",
     lambda line: "put the value in quotes"),
    ("did not find expected key", "the indentation does not line up",
     lambda line: "fields of one block start in the same column; a text with `: ` or quotes inside needs quotes around it"),
    ("did not find expected '-' indicator", "the list items do not line up",
     lambda line: "start every `- ` of one list in the same column"),
    ("expected <block end>", "the indentation does not line up",
     lambda line: "fields of one block start in the same column"),
    ("did not find expected node content", "a value is missing or cut off here",
     lambda line: "complete the value, or put it in quotes"),
    ("found character that cannot start", "this character cannot start a value",
     lambda line: "put the value in quotes"),
]


def _quote_fix(line: str) -> str:
    match = re.match(r"^\s*(?:-\s+)?([A-Za-z_][\w]*):\s+(.+?)\s*$", line)
    if match and '"' not in match.group(2):
        return f'put the value in quotes: {match.group(1)}: "{match.group(2)}"'
    return 'put the value in quotes: title: "Poland: the envoy"'


def yaml_syntax_problem(error: Any, text: str, file: str) -> ScenarioProblem:
    """A PyYAML syntax error (`MarkedYAMLError`) in words, with a fix for the usual causes."""
    mark = error.problem_mark or error.context_mark
    line = (mark.line + 1) if mark else 1
    col = (mark.column + 1) if mark else 1
    lines = LINE_BREAK.split(text)
    context = lines[line - 1] if 0 < line <= len(lines) else ""
    raw = (error.problem or "cannot read this line").strip()
    if any(q in context for q in "\u201c\u201d\u201e\u2018"):
        return ScenarioProblem(
            file, line, col, f"YAML cannot read this line: typographic (curly) quotes “ ” do not work as quotes ({raw})",
            "replace them with straight quotes \" (turn off 'smart quotes' in your editor)",
        )
    for needle, what, fix in _SYNTAX:
        if needle in raw:
            return ScenarioProblem(file, line, col, f"YAML cannot read this: {what} ({raw})", fix(context))
    return ScenarioProblem(file, line, col, f"YAML cannot read this ({raw})", "compare the line with scenarios/tutorial.yaml")


def tab_problems(text: str, file: str) -> list[ScenarioProblem]:
    """Each line indented with a tab (YAML reads none; its own message points elsewhere)."""
    problems = []
    for number, line in enumerate(LINE_BREAK.split(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(ScenarioProblem(
                file, number, indent.index("\t") + 1, "a tab in the indentation",
                "YAML indents with spaces only: replace the tab with spaces (set your editor to 'insert spaces')",
            ))
    return problems



# --------------------------------------------------------------------------- pydantic errors


def field_info(root: type[BaseModel], loc: Loc) -> tuple[type[BaseModel] | None, str | None]:
    """Walk the models along `loc`; return (model holding the last field, the field's description)."""
    current: Any = root
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


def _has_default(root: type[BaseModel], loc: Loc) -> bool:
    """True if the field at `loc` may be left out."""
    fields = [p for p in loc if isinstance(p, str) and p != "[key]"]
    if not fields or not isinstance(loc[-1], str):
        return False
    model, _ = field_info(root, loc)
    info = model.model_fields.get(fields[-1]) if model else None
    return info is not None and not info.is_required()


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, dict):
        return "a set of `key: value` fields"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"`{text[:60]}…`" if len(text) > 60 else f"`{text}`"


def _name(loc: Loc) -> str:
    """How the problem's field is called in a message: `title`, item 2 of `parties`, the key `x`."""
    parts = [p for p in loc if p != "[key]"]
    if not parts:
        return "the file"
    last = parts[-1]
    if loc and loc[-1] == "[key]":
        return f"the key `{last}`"
    if isinstance(last, int):
        owner = next((p for p in reversed(parts) if isinstance(p, str)), "list")
        return f"item {last + 1} of `{owner}`"
    return f"`{last}`"


_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%B %d %Y", "%d.%m.%Y", "%Y/%m/%d", "%Y-%m-%d", "%Y.%m.%d")


def _date_guess(value: str) -> str:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).strftime("%Y-%m-%d")
        except ValueError:
            continue
    return ""


def _slug_for(value: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")[:48] or "name"
    return slug if slug[0].isalpha() else "x_" + slug


def _bound(ctx: dict[str, Any]) -> str:
    for key, phrase in (("ge", "no smaller than"), ("gt", "larger than"), ("le", "no larger than"), ("lt", "smaller than")):
        if key in ctx:
            return f"use a number {phrase} {ctx[key]}"
    return "use a number in the allowed range"


_TYPE_WORDS = {
    "string_type": "text", "list_type": "a list", "dict_type": "a set of `key: value` fields",
    "model_type": "a set of `key: value` fields", "int_type": "a whole number", "int_parsing": "a whole number",
    "float_type": "a number", "float_parsing": "a number", "bool_type": "true or false",
    "bool_parsing": "true or false",
}
_MISSING = object()


def normalise(loc: Loc, data: Any, missing: bool = False) -> tuple[Loc, Loc | None]:
    """Drop pydantic's union-branch names (`constrained-str`, `list[...]`) from `loc`.

    Returns (the loc as a path in the data, the path where a union branch was chosen or None)."""
    out: list[str | int] = []
    branch: Loc | None = None
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        elif part == "[key]" or last and missing and isinstance(current, dict):
            current = _MISSING
        elif isinstance(part, str) and current is not _MISSING:
            if branch is None:
                branch = tuple(out)
            continue
        else:
            current = _MISSING
        out.append(part)
    return tuple(out), branch


def pydantic_problems(
    errors: list[Any], file: str, root: type[BaseModel], locate: Locate, data: Any = None
) -> list[ScenarioProblem]:
    """Translate pydantic's errors into problems.

    A typo'd field (`titel`) is one problem, not also a missing `title`; a value that fits none of a
    field's accepted shapes (an id or a list of ids) is one problem, not one per shape."""
    typos: set[Loc] = set()
    branches: dict[Loc, list[dict[str, Any]]] = {}
    plain: list[dict[str, Any]] = []
    examined = 0
    for error in errors:
        loc, branch = normalise(tuple(error["loc"]), data, error["type"] == "missing")
        error = {**error, "loc": loc}
        if error["type"] == "extra_forbidden" and loc and examined < DETAILED:
            examined += 1
            model, _ = field_info(root, (*loc[:-1], "\0"))
            near = suggest(str(loc[-1]), list(model.model_fields) if model else [])
            if near:
                typos.add((*loc[:-1], near))
        if branch is None:
            plain.append(error)
        else:
            branches.setdefault(branch, []).append(error)
    for where, alternatives in branches.items():
        specific = [e for e in alternatives if len(e["loc"]) > len(where)] or [
            e for e in alternatives if e["type"] not in _TYPE_WORDS
        ]
        if specific:
            plain.extend(specific)
            continue
        kinds = list(dict.fromkeys(_TYPE_WORDS[e["type"]] for e in alternatives))
        plain.append({
            "type": "union_type", "loc": where, "input": alternatives[0].get("input"),
            "msg": " or ".join(kinds), "ctx": {},
        })
    return [
        _problem(error, file, root, locate, detailed=i < DETAILED)
        for i, error in enumerate(plain)
        if not (error["type"] == "missing" and tuple(error["loc"]) in typos)
    ]


def _problem(error: Any, file: str, root: type[BaseModel], locate: Locate, detailed: bool = True) -> ScenarioProblem:
    loc: Loc = tuple(error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    name = _name(loc)
    field = words(loc)
    is_key = bool(loc) and loc[-1] == "[key]"
    position_loc = loc[:-1] if is_key else loc

    def problem(message: str, fix: str, at_key: bool = False) -> ScenarioProblem:
        line, col = locate(position_loc, at_key or is_key)
        return ScenarioProblem(file, line, col, message, fix, field)

    if kind == "missing":
        _, description = field_info(root, loc)
        line, col = locate(loc[:-1], False)
        what = f"add `{loc[-1]}:`" + (f" — {description}" if description else "")
        return ScenarioProblem(file, line, col, f"missing field `{loc[-1]}`", what, field)
    if kind == "extra_forbidden":
        model, _ = field_info(root, (*loc[:-1], "\0"))
        allowed = list(model.model_fields) if model else []
        near = suggest(str(loc[-1]), allowed) if detailed else ""
        fix = f"did you mean `{near}`?" if near else f"remove it; the fields allowed here are: {', '.join(allowed)}"
        return problem(f"unknown field `{loc[-1]}`", fix, at_key=True)
    empty = value is None
    optional = empty and _has_default(root, loc)
    tail = ", or remove the line (the field is optional)" if optional else ""

    def wrong(expected: str, fix: str) -> ScenarioProblem:
        if empty:
            return problem(f"{name} is empty", f"write {expected} after the colon{tail}")
        return problem(f"{name} should be {expected}, not {_shown(value)}", fix)

    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", ctx.get("expected", "")) or [str(ctx.get("expected", ""))]
        near = suggest(str(value), choices) if isinstance(value, str) else ""
        listed = ", ".join(choices)
        fix = f"did you mean `{near}`? (allowed: {listed})" if near else f"use one of: {listed}"
        if empty:
            return problem(f"{name} is empty", fix)
        return problem(f"{_shown(value)} is not allowed for {name}", fix)
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        if "\\d{4}" in pattern:
            guess = _date_guess(str(value))
            example = guess or "1929-01-10"
            return problem(f"{_shown(value)} is not a date written as YYYY-MM-DD", f'write it as "{example}"')
        if "\\d{2}:" in pattern:
            return problem(f"{_shown(value)} is not a time written as HH:MM", 'write it as "12:00"')
        return problem(
            f"{_shown(value)} is not a valid id",
            f"ids use lower-case letters, digits and _, starting with a letter — e.g. `{_slug_for(str(value))}`",
        )
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return wrong("a whole number", "write a whole number, e.g. 2")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return wrong("a number", "write a number, e.g. 2 or 0.5")
    if kind in ("bool_parsing", "bool_type"):
        return wrong("true or false", "write true or false")
    if kind == "string_type":
        return wrong("text", "write the text on the same line after the colon (in quotes if it holds `: ` or starts with [ or {)")
    if kind == "list_type":
        return wrong("a list", "write the items as [a, b] or each on its own line starting with `- `")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if empty:
            return problem(f"{name} is empty", f"indent its fields under it{tail}")
        return problem(f"{name} should be a set of `key: value` fields, not {_shown(value)}", "indent its fields under it")
    if kind == "too_short":
        need, have = int(ctx.get("min_length", 1)), int(ctx.get("actual_length", 0))
        items = "item" if need == 1 else "items"
        return problem(f"{name} needs at least {need} {items}, it has {have}", f"add {need - have} more")
    if kind == "string_too_short":
        return problem(f"{name} is empty", "write some text after the colon")
    if kind in ("too_long", "string_too_long"):
        most = ctx.get("max_length", "?")
        unit = "characters" if kind == "string_too_long" else "items"
        return problem(f"{name} is too long (at most {most} {unit})", "shorten it")
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return problem(f"{name} is {_shown(value)}, out of range", _bound(ctx))
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        return problem(message, "see scenarios/tutorial.yaml or the guide for a working example")
    if kind == "union_type":
        return wrong(str(error["msg"]), "compare it with scenarios/tutorial.yaml")
    return problem(f"{name}: {error['msg']}", "see scenarios/tutorial.yaml or the guide for a working example")
