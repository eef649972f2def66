"""The teachers' reference, generated from the contract's field descriptions (so it cannot drift)."""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from game.scenario import models
from game.scenario.conditions import FUNCTION_HELP

ORDER: list[type[BaseModel]] = [
    models.Scenario, models.Meta, models.Source, models.GlossaryEntry, models.Seating, models.Calendar,
    models.Round, models.Side, models.Actor, models.Goal, models.Persona, models.RedLine, models.Adjustment,
    models.Issue, models.Option, models.Instrument, models.Variable, models.Move, models.Package,
    models.Effect, models.Event, models.EvidenceCard, models.History, models.HistoryPlay,
    models.HistoryInstrument, models.DatedAct, models.EpilogueItem, models.Debrief, models.Question,
    models.AskWhy,
]


def type_words(annotation: Any) -> str:
    """A field's type in plain words: `text`, `number`, `list of Move`, `id`…"""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        base = type_words(args[0])
        return "id" if any("a-z" in str(getattr(m, "pattern", "")) for m in args[1:]) else base
    if origin in (typing.Union, types.UnionType):
        parts = [type_words(a) for a in args if a is not type(None)]
        return " or ".join(dict.fromkeys(parts))
    if origin is list:
        return f"list of {type_words(args[0])}"
    if origin is dict:
        return f"mapping of {type_words(args[0])} to {type_words(args[1])}"
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return {str: "text", int: "whole number", float: "number", bool: "true/false"}.get(annotation, str(annotation))


def reference_markdown() -> str:
    lines = ["## Reference (generated from the game's own models — `litvinov schema` gives the same as JSON Schema)", ""]
    for model in ORDER:
        doc = (model.__doc__ or "").strip().splitlines()[0] if model.__doc__ and model is not models.Scenario else ""
        lines += [f"### {model.__name__}", ""]
        if doc and not doc.startswith("A base"):
            lines += [doc, ""]
        lines += ["| field | type | required | what it is |", "|---|---|---|---|"]
        for name, info in model.model_fields.items():
            required = "yes" if info.is_required() else ""
            default = "" if info.is_required() or info.default in (None, PydanticUndefined) or info.default_factory else f" (default `{info.default}`)"
            description = (info.description or "").replace("|", "\\|")
            kind = type_words(info.annotation)
            if kind == "text" and any("a-z" in str(getattr(m, "pattern", "")) for m in info.metadata):
                kind = "id"
            lines.append(f"| `{name}` | {kind} | {required} | {description}{default} |")
        lines.append("")
    lines += ["### Conditions", "", "Written in quotes, e.g. `when: 'round >= 3 and signed(\"poland\", \"moscow_protocol\")'`.",
              "Use `and`, `or`, `not`, comparisons, numbers, `round`, variable names and these functions:", ""]
    lines += [f"- `{help_text.split(' — ')[0]}` — {help_text.split(' — ', 1)[1] if ' — ' in help_text else ''}"
              for help_text in FUNCTION_HELP.values()]
    return "\n".join(lines) + "\n"
