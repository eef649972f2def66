"""The condition language: a whitelisted `ast` compiler, never `eval`.

A condition such as ``round >= 3 and trust("poland", "ussr") >= 2 and not signed("romania",
"moscow_protocol")`` is parsed once at load, every name and argument checked against the
scenario, and compiled to a tree of closures that read a `ConditionContext`. Only comparisons,
`and`/`or`/`not`, `+ - *`, whole numbers, `round`, the scenario's variables and the functions in
`FUNCTIONS` are accepted; anything else is an error with the column of the offending token.
"""

from __future__ import annotations

import ast
import difflib
import operator
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

MAX_LENGTH = 600
MAX_DEPTH = 24
MAX_NUMBER = 10**9


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
_OPERATOR_WORDS: dict[type, str] = {
    ast.Pow: "`**` (power)", ast.Div: "`/` (division)", ast.FloorDiv: "`//` (division)",
    ast.Mod: "`%` (remainder)", ast.MatMult: "`@`", ast.LShift: "`<<`", ast.RShift: "`>>`",
    ast.BitOr: "`|`", ast.BitAnd: "`&`", ast.BitXor: "`^`", ast.Invert: "`~`",
    ast.In: "`in`", ast.NotIn: "`not in`", ast.Is: "`is`", ast.IsNot: "`is not`",
}
_NODE_WORDS: dict[type, str] = {
    ast.Lambda: "`lambda`", ast.IfExp: "`… if … else …`", ast.NamedExpr: "`:=`",
    ast.ListComp: "a list comprehension `[… for …]`", ast.SetComp: "a comprehension `{… for …}`",
    ast.DictComp: "a comprehension `{…: … for …}`", ast.GeneratorExp: "a generator `(… for …)`",
    ast.List: "a list `[…]`", ast.Tuple: "a tuple `(…, …)`", ast.Set: "a set `{…}`",
    ast.Dict: "a dictionary `{…: …}`", ast.JoinedStr: "an f-string", ast.Starred: "`*`",
    ast.Await: "`await`", ast.Yield: "`yield`", ast.YieldFrom: "`yield from`", ast.Slice: "a slice `:`",
}
_SMART_QUOTES = "\u201c\u201d\u201e\u2018\u2019\u201a\u00ab\u00bb"
_EXAMPLE = 'write it like `round >= 3 and signed("poland", "moscow_protocol")`'


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
    options_of: Mapping[str, frozenset[str]] = field(default_factory=dict)  # issue -> its option ids


def _suggest(word: str, choices: frozenset[str] | set[str] | list[str]) -> str:
    close = difflib.get_close_matches(word, sorted(choices), n=1, cutoff=0.6)
    return f"did you mean `{close[0]}`?" if close else ""


def compile_condition(text: str, names: Names) -> Compiled:
    """Parse and check `text`; return a closure. Raises ConditionError with a column."""
    if len(text) > MAX_LENGTH:
        raise ConditionError(
            f"the condition is {len(text)} characters long, over the limit of {MAX_LENGTH}",
            0,
            "shorten it, or split it with a variable set by an event",
        )
    flat = text.replace("\r", " ").replace("\n", " ")  # a condition over several lines: same columns
    for column, char in enumerate(flat):
        if char in _SMART_QUOTES:
            raise ConditionError(
                f"typographic (curly) quote {char} in the condition",
                column,
                'type straight quotes: signed("poland", "protocol") (turn off \'smart quotes\')',
            )
    stripped = flat.strip()
    lead = len(flat) - len(flat.lstrip())
    if not stripped:
        raise ConditionError("the condition is empty", 0, _EXAMPLE + ", or remove the line")
    try:
        with warnings.catch_warnings():  # e.g. "invalid decimal literal" for `1and`: not for the author's screen
            warnings.simplefilter("ignore")
            tree = ast.parse(stripped, mode="eval")
    except SyntaxError as error:
        if "nested" in (error.msg or ""):
            raise ConditionError("the condition is nested too deeply", lead, "use fewer brackets") from None
        if not error.offset:  # Python reports an expression cut short at offset 0
            raise ConditionError(
                "the condition stops too early: something is missing at its end", len(stripped) + lead, _EXAMPLE
            ) from None
        col = error.offset - 1 + lead
        raise ConditionError(f"cannot read the condition ({error.msg})", min(col, len(flat)), _EXAMPLE) from None
    except (RecursionError, MemoryError):
        raise ConditionError("the condition is nested too deeply", lead, "simplify it") from None
    except ValueError as error:
        raise ConditionError(f"cannot read the condition ({error})", lead, _EXAMPLE) from None
    return _Compiler(names, stripped, lead).node(tree.body, 0)


class _Compiler:
    def __init__(self, names: Names, source: str, lead: int) -> None:
        self.names = names
        self.source = source
        self.encoded = source.encode("utf-8")
        self.lead = lead

    def column(self, byte_offset: int) -> int:
        """ast counts columns in UTF-8 bytes; we count characters."""
        return len(self.encoded[:byte_offset].decode("utf-8", errors="ignore")) + self.lead

    def fail(self, node: ast.AST, message: str, fix: str) -> ConditionError:
        return ConditionError(message, self.column(getattr(node, "col_offset", 0)), fix)

    def fail_between(self, left: ast.AST, right: ast.AST, message: str, fix: str) -> ConditionError:
        """An error at the operator between two operands (the first non-blank, non-bracket character)."""
        start = len(self.encoded[: getattr(left, "end_col_offset", 0) or 0].decode("utf-8", errors="ignore"))
        stop = len(self.encoded[: getattr(right, "col_offset", 0)].decode("utf-8", errors="ignore"))
        at = start
        while at < stop and self.source[at] in " \t)":
            at += 1
        return ConditionError(message, at + self.lead, fix)

    def node(self, node: ast.expr, depth: int) -> Compiled:
        if depth > MAX_DEPTH:
            raise self.fail(node, "the condition is nested too deeply", "simplify it")
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
            if isinstance(node.op, ast.UAdd):
                return inner
            raise self.fail(node, f"{_OPERATOR_WORDS.get(type(node.op), 'this operator')} is not allowed",
                            "use `not`, `and`, `or` or `-`")
        if isinstance(node, ast.Compare):
            return self.compare(node, d)
        if isinstance(node, ast.BinOp):
            op = _ARITH.get(type(node.op))
            if op is None:
                raise self.fail_between(
                    node.left, node.right,
                    f"{_OPERATOR_WORDS.get(type(node.op), 'this operator')} is not allowed in a condition",
                    "only +, - and * may be used",
                )
            left, right = self.node(node.left, d), self.node(node.right, d)
            return lambda ctx: op(left(ctx), right(ctx))
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.Call):
            return self.call(node)
        if isinstance(node, ast.Attribute):
            raise ConditionError(
                "`.` (attribute access) is not allowed in a condition",
                self.column(node.value.end_col_offset or 0),
                'use one of the functions instead, e.g. signed("poland", "protocol")',
            )
        if isinstance(node, ast.Subscript):
            raise ConditionError(
                "`[…]` (indexing) is not allowed in a condition",
                self.column(node.value.end_col_offset or 0),
                'use one of the functions instead, e.g. signed("poland", "protocol")',
            )
        what = _NODE_WORDS.get(type(node), f"`{type(node).__name__}`")
        raise self.fail(
            node,
            f"{what} is not allowed in a condition",
            "use comparisons, and/or/not, numbers, variables and the listed functions",
        )

    def constant(self, node: ast.Constant) -> Compiled:
        value = node.value
        if isinstance(value, bool):
            return lambda ctx: value
        if isinstance(value, (int, float)):
            if not abs(value) <= MAX_NUMBER:  # also catches inf and nan
                raise self.fail(node, "the number is too large", f"use a number up to {MAX_NUMBER:,}")
            return lambda ctx: value
        if isinstance(value, str):
            raise self.fail(
                node,
                f'a text in quotes ("{value[:30]}") can only be an argument of a function',
                'put it inside a function call such as signed("poland", "protocol")',
            )
        raise self.fail(node, "this value is not allowed", "use whole numbers, true or false")

    def compare(self, node: ast.Compare, depth: int) -> Compiled:
        left = self.node(node.left, depth)
        pairs: list[tuple[Callable[[Any, Any], bool], Compiled]] = []
        previous: ast.expr = node.left
        for op, comp in zip(node.ops, node.comparators, strict=True):
            fn = _COMPARE.get(type(op))
            if fn is None:
                raise self.fail_between(
                    previous, comp,
                    f"the comparison {_OPERATOR_WORDS.get(type(op), '')} is not allowed".replace("  ", " "),
                    "use ==, !=, <, <=, > or >=",
                )
            pairs.append((fn, self.node(comp, depth)))
            previous = comp

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
        if ident in FUNCTIONS:
            hint = f"call it: {FUNCTION_HELP[ident]}"
        else:
            kind = next((k for k, ids in sorted(self.names.ids.items()) if ident in ids), None)
            if kind is not None:
                hint = f'`{ident}` is a {kind}: put it in quotes inside a function, e.g. {_example_for(kind, ident)}'
            else:
                known = set(self.names.variables) | {"round", "true", "false"}
                hint = _suggest(ident, known) or (
                    f"use `round`, a variable ({', '.join(sorted(self.names.variables)) or 'none declared'}) "
                    "or a function such as " + FUNCTION_HELP["signed"]
                )
        raise self.fail(node, f"unknown name `{ident}`", hint)

    def call(self, node: ast.Call) -> Compiled:
        if not isinstance(node.func, ast.Name):
            raise self.fail(node, "only the listed functions may be called", 'e.g. signed("poland", "pact")')
        fname = node.func.id
        if fname.startswith("_"):
            raise self.fail(node, f"`{fname}` is not allowed", "names may not start with _")
        signatures = FUNCTIONS.get(fname)
        if signatures is None:
            hint = _suggest(fname, list(FUNCTIONS))
            raise self.fail(
                node,
                f"unknown function `{fname}`",
                hint or f"use one of: {', '.join(sorted(FUNCTIONS))}",
            )
        if node.keywords:
            raise ConditionError("named arguments (name=…) are not allowed", self.column(node.keywords[0].col_offset),
                                 "give the ids in order, for example " + FUNCTION_HELP[fname])
        args: list[str] = []
        for arg in node.args:
            if not (isinstance(arg, ast.Constant) and isinstance(arg.value, str)):
                raise self.fail(arg, f"the arguments of `{fname}` must be ids in quotes", "for example " + FUNCTION_HELP[fname])
            args.append(arg.value)
        matching = [s for s in signatures if len(s) == len(args)]
        if not matching:
            counts = " or ".join(str(len(s)) for s in signatures)
            plural = "" if counts == "1" else "s"
            raise self.fail(node, f"`{fname}` takes {counts} argument{plural}, not {len(args)}", "for example " + FUNCTION_HELP[fname])
        for kind, value, arg in zip(matching[0], args, node.args, strict=True):
            valid = self.names.ids.get(kind, frozenset())
            if kind == "option" and "issue" in matching[0]:
                issue = args[matching[0].index("issue")]
                known_anywhere = value in valid
                valid = self.names.options_of.get(issue, valid)
                if known_anywhere and value not in valid:
                    hint = _suggest(value, valid)
                    raise self.fail(
                        arg,
                        f'"{value}" is not an option of issue "{issue}" in {fname}(…)',
                        hint or f"use one of: {', '.join(sorted(valid)[:12])}",
                    )
            if value not in valid:
                hint = _suggest(value, valid)
                raise self.fail(
                    arg,
                    f'unknown {kind} "{value}" in {fname}(…)',
                    hint or f"use one of: {', '.join(sorted(valid)[:12]) or '(none declared)'}",
                )
        frozen_args = tuple(args)
        return lambda ctx: ctx.call(fname, frozen_args)


def _example_for(kind: str, ident: str) -> str:
    examples = {
        "side": f'signed("{ident}", "…")',
        "instrument": f'agreed("{ident}")',
        "move": f'played("{ident}")',
        "event": f'happened("{ident}")',
        "round": f'reached("{ident}")',
        "issue": f'agreed("…", "{ident}", "…")',
        "option": f'agreed("…", "…", "{ident}")',
    }
    return examples.get(kind, f'"{ident}"')
