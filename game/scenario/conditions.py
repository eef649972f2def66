"""The condition language: a whitelisted `ast` compiler, never `eval`.

A condition such as ``round >= 3 and trust("poland", "ussr") >= 2 and not signed("romania",
"moscow_protocol")`` is parsed once at load, every name and argument checked against the
scenario, and compiled to a tree of closures that read a `ConditionContext`.
"""

from __future__ import annotations

import ast
import difflib
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

MAX_LENGTH = 600
MAX_DEPTH = 24


class ConditionContext(Protocol):
    """What a compiled condition may read; the engine's state provides it."""

    def round_number(self) -> int: ...
    def var(self, name: str) -> int: ...
    def call(self, function: str, args: tuple[str, ...]) -> Any: ...


Compiled = Callable[[ConditionContext], Any]

# function name -> accepted argument kinds (each tuple is one accepted signature)
FUNCTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "trust": (("side", "side"),),
    "signed": (("side", "instrument"),),
    "ratified": (("side", "instrument"),),
    "acceded": (("side", "instrument"),),
    "party": (("side", "instrument"),),
    "agreed": (("instrument",), ("instrument", "issue", "option")),
    "in_force": (("instrument",), ("instrument", "side", "side")),
    "proposed": (("instrument",), ("side", "instrument")),
    "played": (("move",),),
    "happened": (("event",),),
    "reached": (("round",),),
}

FUNCTION_HELP = {
    "trust": 'trust("poland", "ussr") — how far the first side trusts the second (-3..3)',
    "signed": 'signed("poland", "moscow_protocol") — the side has signed',
    "ratified": 'ratified("poland", "moscow_protocol") — the side has ratified',
    "acceded": 'acceded("turkey", "moscow_protocol") — the side has acceded',
    "party": 'party("poland", "moscow_protocol") — the side is a party to the agreed text',
    "agreed": 'agreed("moscow_protocol") or agreed("moscow_protocol", "wording", "confirm_peace")',
    "in_force": 'in_force("moscow_protocol") or in_force("moscow_protocol", "ussr", "poland")',
    "proposed": 'proposed("moscow_protocol") or proposed("poland", "moscow_protocol")',
    "played": 'played("ussr_note_29dec") — that move has been made',
    "happened": 'happened("senate_ratifies") — that event has fired',
    "reached": 'reached("r3") — the game has reached that round',
}

_COMPARE: dict[type, Callable[[Any, Any], bool]] = {
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
}
_ARITH: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
}


@dataclass(frozen=True)
class ConditionError(Exception):
    """A problem in a condition; `column` is 0-based within the condition text."""

    message: str
    column: int
    fix: str

    def __str__(self) -> str:
        return f"{self.message} — {self.fix}"


@dataclass(frozen=True)
class Names:
    """The ids a condition may mention, by kind."""

    variables: frozenset[str]
    ids: Mapping[str, frozenset[str]]  # kind -> ids (side, instrument, issue, option, move, event, round)


def _suggest(word: str, choices: frozenset[str] | set[str] | list[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def compile_condition(text: str, names: Names) -> Compiled:
    """Parse and check `text`; return a closure. Raises ConditionError with a column."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            f"condition is {len(text)} characters long", 0, f"keep it under {MAX_LENGTH}; split it"
        )
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    try:
        tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        col = (error.offset or 1) - 1 + lead
        raise ConditionError(
            f"cannot read the condition ({error.msg})",
            col,
            'write it like `round >= 3 and signed("poland", "moscow_protocol")`',
        ) from None
    except (RecursionError, MemoryError, ValueError):
        raise ConditionError("condition is nested too deeply", 0, "simplify it") from None
    return _Compiler(names, lead).node(tree.body, 0)


class _Compiler:
    def __init__(self, names: Names, lead: int) -> None:
        self.names = names
        self.lead = lead

    def fail(self, node: ast.AST, message: str, fix: str) -> ConditionError:
        return ConditionError(message, getattr(node, "col_offset", 0) + self.lead, fix)

    def node(self, node: ast.expr, depth: int) -> Compiled:
        if depth > MAX_DEPTH:
            raise self.fail(node, "condition is nested too deeply", "simplify it")
        d = depth + 1
        if isinstance(node, ast.BoolOp):
            parts = [self.node(v, d) for v in node.values]
            if isinstance(node.op, ast.And):
                return lambda ctx: all(p(ctx) for p in parts)
            return lambda ctx: any(p(ctx) for p in parts)
        if isinstance(node, ast.UnaryOp):
            inner = self.node(node.operand, d)
            if isinstance(node.op, ast.Not):
                return lambda ctx: not inner(ctx)
            if isinstance(node.op, ast.USub):
                return lambda ctx: -inner(ctx)
            raise self.fail(node, "this operator is not allowed", "use `not`, `and`, `or` or `-`")
        if isinstance(node, ast.Compare):
            return self.compare(node, d)
        if isinstance(node, ast.BinOp):
            op = _ARITH.get(type(node.op))
            if op is None:
                raise self.fail(
                    node, "this arithmetic is not allowed", "only +, - and * may be used"
                )
            left, right = self.node(node.left, d), self.node(node.right, d)
            return lambda ctx: op(left(ctx), right(ctx))
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or isinstance(value, (int, float)):
                if isinstance(value, (int, float)) and abs(value) > 10**9:
                    raise self.fail(node, "number too large", "use a number below 1,000,000,000")
                return lambda ctx: value
            if isinstance(value, str):
                raise self.fail(
                    node,
                    f'a bare text "{value}" cannot be a condition or compared',
                    "texts only go inside a function call such as signed(\"poland\", \"...\")",
                )
            raise self.fail(node, "this value is not allowed", "use numbers, true or false")
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Attribute):
            raise self.fail(node, "`.` (attribute access) is not allowed", "use the functions listed in the guide")
        if isinstance(node, ast.Subscript):
            raise self.fail(node, "`[...]` is not allowed", "use the functions listed in the guide")
        raise self.fail(
            node,
            f"`{type(node).__name__}` is not allowed in a condition",
            "use comparisons, and/or/not, numbers, variables and the listed functions",
        )

    def compare(self, node: ast.Compare, depth: int) -> Compiled:
        left = self.node(node.left, depth)
        pairs: list[tuple[Callable[[Any, Any], bool], Compiled]] = []
        for op, comp in zip(node.ops, node.comparators, strict=True):
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise self.fail(node, "this comparison is not allowed", "use ==, !=, <, <=, > or >=")
            pairs.append((fn, self.node(comp, depth)))

        def evaluate(ctx: ConditionContext) -> bool:
            current = left(ctx)
            for fn, right in pairs:
                value = right(ctx)
                if not fn(current, value):
                    return False
                current = value
            return True

        return evaluate

    def name(self, node: ast.Name) -> Compiled:
        ident = node.id
        if ident.startswith("_"):
            raise self.fail(node, f"`{ident}` is not allowed", "names may not start with _")
        if ident in ("true", "True"):
            return lambda ctx: True
        if ident in ("false", "False"):
            return lambda ctx: False
        if ident == "round":
            return lambda ctx: ctx.round_number()
        if ident in self.names.variables:
            return lambda ctx: ctx.var(ident)
        known = set(self.names.variables) | {"round", "true", "false"}
        hint = _suggest(ident, known)
        if ident in FUNCTIONS:
            hint = f"call it: {FUNCTION_HELP[ident]}"
        raise self.fail(
            node,
            f"unknown name `{ident}`",
            hint or f"use `round`, a variable ({', '.join(sorted(self.names.variables)) or 'none declared'}) or a function",
        )

    def call(self, node: ast.Call) -> Compiled:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the listed functions may be called", "e.g. signed(\"poland\", \"pact\")")
        fname = node.func.id
        signatures = FUNCTIONS.get(fname)
        if signatures is None:
            hint = _suggest(fname, list(FUNCTIONS))
            raise self.fail(
                node,
                f"unknown function `{fname}`",
                hint or f"use one of: {', '.join(sorted(FUNCTIONS))}",
            )
        if node.keywords:
            raise self.fail(node, "named arguments are not allowed", FUNCTION_HELP[fname])
        args: list[str] = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise self.fail(arg, f"arguments of `{fname}` must be ids in quotes", FUNCTION_HELP[fname])
            args.append(arg.value)
        matching = [s for s in signatures if len(s) == len(args)]
        if not matching:
            raise self.fail(node, f"`{fname}` takes {' or '.join(str(len(s)) for s in signatures)} arguments", FUNCTION_HELP[fname])
        for kind, value, arg in zip(matching[0], args, node.args, strict=True):
            valid = self.names.ids.get(kind, frozenset())
            if value not in valid:
                hint = _suggest(value, valid)
                raise self.fail(
                    arg,
                    f'unknown {kind} "{value}" in {fname}(…)',
                    hint or f"use one of: {', '.join(sorted(valid)[:12]) or '(none declared)'}",
                )
        frozen_args = tuple(args)
        return lambda ctx: ctx.call(fname, frozen_args)
