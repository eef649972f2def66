"""Author-facing errors: each names file, line and column, what is wrong and how to fix it.

Also turns pydantic's validation errors into such problems, in words a teacher can act on.
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
        unique = sorted(set(problems))
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


def _shown(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true" if value else "false"
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
    for key, words_ in (("ge", "at least"), ("gt", "more than"), ("le", "at most"), ("lt", "less than")):
        if key in ctx:
            return f"use a number {words_} {ctx[key]}"
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
    for error in errors:
        loc, branch = normalise(tuple(error["loc"]), data, error["type"] == "missing")
        error = {**error, "loc": loc}
        if error["type"] == "extra_forbidden" and loc:
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
        _problem(error, file, root, locate)
        for error in plain
        if not (error["type"] == "missing" and tuple(error["loc"]) in typos)
    ]


def _problem(error: Any, file: str, root: type[BaseModel], locate: Locate) -> ScenarioProblem:
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
        near = suggest(str(loc[-1]), allowed)
        fix = f"did you mean `{near}`?" if near else f"remove it; the fields allowed here are: {', '.join(allowed)}"
        return problem(f"unknown field `{loc[-1]}`", fix, at_key=True)
    if kind == "literal_error":
        choices = re.findall(r"'([^']*)'", ctx.get("expected", "")) or [str(ctx.get("expected", ""))]
        near = suggest(str(value), choices) if isinstance(value, str) else ""
        listed = ", ".join(choices)
        fix = f"did you mean `{near}`? (allowed: {listed})" if near else f"use one of: {listed}"
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
        return problem(f"{name} should be a whole number, not {_shown(value)}", "write a whole number, e.g. 2")
    if kind in ("float_parsing", "float_type", "finite_number"):
        return problem(f"{name} should be a number, not {_shown(value)}", "write a number, e.g. 2 or 0.5")
    if kind in ("bool_parsing", "bool_type"):
        return problem(f"{name} should be true or false, not {_shown(value)}", "write true or false")
    if kind == "string_type":
        if value is None:
            return problem(f"{name} is empty", "write the text after the colon, or remove the line")
        return problem(
            f"{name} should be text, not {_shown(value)}",
            "write the text on the same line after the colon (in quotes if it holds `: ` or starts with [ or {)",
        )
    if kind == "list_type":
        return problem(
            f"{name} should be a list, not {_shown(value)}",
            "write the items as [a, b] or each on its own line starting with `- `",
        )
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        if value is None:
            return problem(f"{name} is empty", "indent its fields under it, or remove the line")
        return problem(f"{name} should be a set of `key: value` fields, not {_shown(value)}", "indent its fields under it")
    if kind == "too_short":
        need, have = ctx.get("min_length", 1), ctx.get("actual_length", 0)
        return problem(f"{name} needs at least {need} item(s), it has {have}", "add the missing items")
    if kind == "string_too_short":
        return problem(f"{name} is empty", "write some text, or remove the line if the field is optional")
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
        if value is None:
            return problem(f"{name} is empty", "write a value after the colon, or remove the line")
        return problem(f"{name} should be {error['msg']}, not {_shown(value)}", "compare it with scenarios/tutorial.yaml")
    return problem(f"{name}: {error['msg']}", "see scenarios/tutorial.yaml or the guide for a working example")
