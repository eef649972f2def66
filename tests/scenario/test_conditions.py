"""The condition language: parsing, evaluation, precedence, and everything it must refuse — with columns.

Conditions are compiled by our own whitelisted `ast` walker; nothing here may reach `eval`/`exec`.
"""

from __future__ import annotations

import ast
import builtins
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

from game.scenario.conditions import (
    FUNCTION_HELP,
    FUNCTIONS,
    MAX_DEPTH,
    MAX_LENGTH,
    ConditionError,
    Names,
    compile_condition,
)

NAMES = Names(
    variables=frozenset({"momentum", "pressure"}),
    ids={
        "side": frozenset({"poland", "ussr", "romania"}),
        "instrument": frozenset({"protocol", "pact"}),
        "issue": frozenset({"partners", "timing"}),
        "option": frozenset({"pair", "region", "now", "together"}),
        "move": frozenset({"ussr_offer"}),
        "event": frozenset({"senate_ratifies"}),
        "round": frozenset({"jan10", "jan19"}),
    },
)


class FakeContext:
    """A small stand-in for the engine's state: a round, variables and canned function results."""

    def __init__(self, round_number: int = 1, results: dict[tuple[str, tuple[str, ...]], Any] | None = None,
                 **variables: int) -> None:
        self.round = round_number
        self.variables = {"momentum": 0, "pressure": 0, **variables}
        self.results = results or {}
        self.calls: list[tuple[str, tuple[str, ...]]] = []

    def round_number(self) -> int:
        return self.round

    def var(self, name: str) -> int:
        return self.variables[name]

    def call(self, function: str, args: tuple[str, ...]) -> Any:
        self.calls.append((function, args))
        return self.results.get((function, args), False)


def evaluate(text: str, ctx: FakeContext | None = None) -> Any:
    return compile_condition(text, NAMES)(ctx or FakeContext())


def refused(text: str) -> ConditionError:
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, NAMES)
    return caught.value


# --------------------------------------------------------------------------- parsing and evaluation

SIGNED = ("signed", ("poland", "protocol"))
TRUST = ("trust", ("poland", "ussr"))

EVALUATIONS: list[tuple[str, FakeContext, Any]] = [
    ("round >= 3", FakeContext(3), True),
    ("round >= 3", FakeContext(2), False),
    ("momentum", FakeContext(momentum=4), 4),
    ("momentum + pressure * 2", FakeContext(momentum=1, pressure=3), 7),
    ("(momentum + pressure) * 2", FakeContext(momentum=1, pressure=3), 8),
    ("momentum - pressure - 1", FakeContext(momentum=5, pressure=2), 2),
    ("-momentum < +1", FakeContext(momentum=-3), False),
    ('signed("poland", "protocol")', FakeContext(results={SIGNED: True}), True),
    ('not signed("poland", "protocol")', FakeContext(results={SIGNED: True}), False),
    ('trust("poland", "ussr") >= 2', FakeContext(results={TRUST: 2}), True),
    ('trust("poland", "ussr") >= 2', FakeContext(results={TRUST: 1}), False),
    ("true", FakeContext(), True),
    ("false or True", FakeContext(), True),
    ("round == 2 and momentum != 1", FakeContext(2, momentum=0), True),
    ('round >= 3 and trust("poland", "ussr") >= 2 and not signed("poland", "protocol")',
     FakeContext(3, results={TRUST: 2}), True),
    ('agreed("protocol", "partners", "pair")', FakeContext(results={("agreed", ("protocol", "partners", "pair")): True}),
     True),
    ("round >= 2 and\nmomentum > 0", FakeContext(2, momentum=1), True),  # a condition over several lines
    ("  round == 1  ", FakeContext(1), True),
]


@pytest.mark.parametrize(("text", "ctx", "expected"), EVALUATIONS, ids=[e[0] for e in EVALUATIONS])
def test_evaluation(text: str, ctx: FakeContext, expected: Any) -> None:
    assert evaluate(text, ctx) == expected


@pytest.mark.parametrize(("text", "same_as"), [
    ("not a and b", "(not a) and b"),
    ("a or b and c", "a or (b and c)"),
    ("not a or b", "(not a) or b"),
    ("a and not b or c", "(a and (not b)) or c"),
    ("x + y * 2 > 3 and a", "((x + (y * 2)) > 3) and a"),
    ("not x == 1", "not (x == 1)"),
])
def test_precedence(text: str, same_as: str) -> None:
    """Each combination of truth values gives the same result as the fully bracketed form."""
    names = Names(variables=frozenset({"a", "b", "c", "x", "y"}), ids={})
    left, right = compile_condition(text, names), compile_condition(same_as, names)
    for bits in range(32):
        values = {name: (bits >> i) & 1 for i, name in enumerate("abcxy")}
        ctx = FakeContext(**values)
        ctx.variables = values
        assert bool(left(ctx)) == bool(right(ctx)), values


@pytest.mark.parametrize(("text", "round_number", "expected"), [
    ("1 < round < 3", 2, True),
    ("1 < round < 3", 3, False),
    ("1 < round < 3", 1, False),
    ("round == 2 == momentum", 2, False),
    ("0 <= momentum < round <= 3", 3, True),
    ("3 > round > momentum", 2, True),
])
def test_chained_comparisons(text: str, round_number: int, expected: bool) -> None:
    assert evaluate(text, FakeContext(round_number, momentum=0)) is expected


def test_and_or_stop_early() -> None:
    ctx = FakeContext(results={SIGNED: False})
    assert evaluate('signed("poland", "protocol") and played("ussr_offer")', ctx) is False
    assert ctx.calls == [SIGNED]
    ctx = FakeContext(results={SIGNED: True})
    assert evaluate('signed("poland", "protocol") or played("ussr_offer")', ctx) is True
    assert ctx.calls == [SIGNED]


def test_every_function_compiles_with_each_of_its_signatures() -> None:
    examples = {kind: sorted(ids)[0] for kind, ids in NAMES.ids.items()}
    assert set(FUNCTION_HELP) == set(FUNCTIONS)
    for name, signatures in FUNCTIONS.items():
        for signature in signatures:
            args = tuple(examples[kind] for kind in signature)
            call = f"{name}({', '.join(repr(a) for a in args)})"
            ctx = FakeContext(results={(name, args): True})
            assert evaluate(call, ctx) is True, call
            assert ctx.calls == [(name, args)]


def test_a_compiled_condition_is_reusable() -> None:
    compiled = compile_condition("round > momentum", NAMES)
    assert [compiled(FakeContext(r, momentum=2)) for r in (1, 2, 3)] == [False, False, True]


# --------------------------------------------------------------------------- refused, with the column

REFUSALS: list[tuple[str, str, int, str, str]] = [
    # (case, condition, column (0-based), message, fix)
    ("unknown name", "rund >= 3", 0, "unknown name `rund`", "did you mean `round`?"),
    ("unknown name later", "round >= 2 and momentun > 1", 15, "unknown name `momentun`", "did you mean `momentum`?"),
    ("id used bare", "round > 1 and poland", 14, "unknown name `poland`",
     '`poland` is a side: put it in quotes inside a function, e.g. signed("poland", "…")'),
    ("function used bare", "signed", 0, "unknown name `signed`",
     'call it: signed("poland", "moscow_protocol") — the side has signed'),
    ("unknown function", 'round > 1 and signd("poland", "protocol")', 14, "unknown function `signd`",
     "did you mean `signed`?"),
    ("wrong argument count", 'agreed("protocol", "partners")', 0, "`agreed` takes 1 or 3 arguments, not 2",
     'for example agreed("moscow_protocol") or agreed("moscow_protocol", "wording", "confirm_peace")'),
    ("one argument too many", 'played("ussr_offer", "x")', 0, "`played` takes 1 argument, not 2",
     'for example played("ussr_note_29dec") — that move has been made'),
    ("unknown id in a call", 'round > 1 and signed("poland", "protocl")', 31,
     'unknown instrument "protocl" in signed(…)', "did you mean `protocol`?"),
    ("unknown side in a call", 'trust("polnd", "ussr") > 1', 6, 'unknown side "polnd" in trust(…)',
     "did you mean `poland`?"),
    ("id not in quotes", 'signed("poland", momentum)', 17, "the arguments of `signed` must be ids in quotes",
     'for example signed("poland", "moscow_protocol") — the side has signed'),
    ("named argument", 'signed(side="poland")', 7, "named arguments (name=…) are not allowed",
     'give the ids in order, for example signed("poland", "moscow_protocol") — the side has signed'),
    ("attribute access", "x.__class__", 1, "`.` (attribute access) is not allowed in a condition",
     'use one of the functions instead, e.g. signed("poland", "protocol")'),
    ("attribute of a variable", "round > momentum.real", 16, "`.` (attribute access) is not allowed in a condition",
     'use one of the functions instead, e.g. signed("poland", "protocol")'),
    ("classic escape", "().__class__.__bases__[0].__subclasses__()", 0, "only the listed functions may be called",
     'e.g. signed("poland", "pact")'),
    ("dunder name", "__builtins__", 0, "`__builtins__` is not allowed", "names may not start with _"),
    ("private name", "round > _secret", 8, "`_secret` is not allowed", "names may not start with _"),
    ("__import__", '__import__("os").system("x")', 0, "only the listed functions may be called",
     'e.g. signed("poland", "pact")'),
    ("bare __import__", '__import__("os")', 0, "`__import__` is not allowed", "names may not start with _"),
    ("open", 'open("x")', 0, "unknown function `open`",
     "use one of: acceded, agreed, happened, in_force, party, played, proposed, ratified, reached, signed, trust"),
    ("getattr", 'round > 1 or getattr(round, "real")', 13, "unknown function `getattr`",
     "use one of: acceded, agreed, happened, in_force, party, played, proposed, ratified, reached, signed, trust"),
    ("call of a call", 'signed("poland", "protocol")()', 0, "only the listed functions may be called",
     'e.g. signed("poland", "pact")'),
    ("subscript", "momentum[0] > 1", 8, "`[…]` (indexing) is not allowed in a condition",
     'use one of the functions instead, e.g. signed("poland", "protocol")'),
    ("lambda", "(lambda: 1)() and round", 0, "only the listed functions may be called",
     'e.g. signed("poland", "pact")'),
    ("bare lambda", "lambda: 1", 0, "`lambda` is not allowed in a condition",
     "use comparisons, and/or/not, numbers, variables and the listed functions"),
    ("list comprehension", "round > 1 and [x for x in momentum]", 14,
     "a list comprehension `[… for …]` is not allowed in a condition",
     "use comparisons, and/or/not, numbers, variables and the listed functions"),
    ("generator", "any(x for x in round)", 0, "unknown function `any`",
     "use one of: acceded, agreed, happened, in_force, party, played, proposed, ratified, reached, signed, trust"),
    ("if-else", "1 if round else 2", 0, "`… if … else …` is not allowed in a condition",
     "use comparisons, and/or/not, numbers, variables and the listed functions"),
    ("walrus", "(momentum := 3) > 1", 1, "`:=` is not allowed in a condition",
     "use comparisons, and/or/not, numbers, variables and the listed functions"),
    ("f-string", 'f"{round}" == 1', 0, "an f-string is not allowed in a condition",
     "use comparisons, and/or/not, numbers, variables and the listed functions"),
    ("list display", "round in [1, 2]", 6, "the comparison `in` is not allowed", "use ==, !=, <, <=, > or >="),
    ("is", "round is 1", 6, "the comparison `is` is not allowed", "use ==, !=, <, <=, > or >="),
    ("not in, later in a chain", "0 < round not in momentum", 10, "the comparison `not in` is not allowed",
     "use ==, !=, <, <=, > or >="),
    ("power", "round ** 99999999 > 1", 6, "`**` (power) is not allowed in a condition", "only +, - and * may be used"),
    ("power of a power", "2 ** 2 ** 2 ** 99999", 2, "`**` (power) is not allowed in a condition",
     "only +, - and * may be used"),
    ("power after brackets", "(round + 1) ** 2", 12, "`**` (power) is not allowed in a condition",
     "only +, - and * may be used"),
    ("division", "momentum / 2 > 1", 9, "`/` (division) is not allowed in a condition", "only +, - and * may be used"),
    ("left shift", "1 << 99999", 2, "`<<` is not allowed in a condition", "only +, - and * may be used"),
    ("bitwise not", "~momentum", 0, "`~` is not allowed", "use `not`, `and`, `or` or `-`"),
    ("huge number", "momentum > 10000000000", 11, "the number is too large", "use a number up to 1,000,000,000"),
    ("huge float", "momentum > 1e999", 11, "the number is too large", "use a number up to 1,000,000,000"),
    ("600-digit number", "1" * 590 + " > 1", 0, "the number is too large", "use a number up to 1,000,000,000"),
    ("text compared", 'round == "3"', 9, 'a text in quotes ("3") can only be an argument of a function',
     'put it inside a function call such as signed("poland", "protocol")'),
    ("None", "momentum == None", 12, "this value is not allowed", "use whole numbers, true or false"),
    ("complex number", "momentum == 1j", 12, "this value is not allowed", "use whole numbers, true or false"),
    ("smart quotes", "signed(\u201cpoland\u201d, \"protocol\")", 7, "typographic (curly) quote \u201c in the condition",
     "type straight quotes: signed(\"poland\", \"protocol\") (turn off 'smart quotes')"),
    ("syntax error", "round 2", 6, "cannot read the condition (invalid syntax)",
     'write it like `round >= 3 and signed("poland", "moscow_protocol")`'),
    ("cut short", "round >= 2 and", 14, "the condition stops too early: something is missing at its end",
     'write it like `round >= 3 and signed("poland", "moscow_protocol")`'),
    ("unclosed bracket", 'signed("poland"', 6, "cannot read the condition ('(' was never closed)",
     'write it like `round >= 3 and signed("poland", "moscow_protocol")`'),
    ("empty", "   ", 0, "the condition is empty",
     'write it like `round >= 3 and signed("poland", "moscow_protocol")`, or remove the line'),
    ("deep not", "not " * 30 + "momentum", 4 * (MAX_DEPTH + 1), "the condition is nested too deeply", "simplify it"),
    ("deep minus", "-(" * 40 + "momentum" + ")" * 40, 2 * (MAX_DEPTH + 1), "the condition is nested too deeply",
     "simplify it"),
    ("deep arithmetic", " + ".join(["momentum"] * 40) + " > 1", 0, "the condition is nested too deeply",
     "simplify it"),
    ("too many brackets", "(" * 250 + "round" + ")" * 250, 0, "the condition is nested too deeply",
     "use fewer brackets"),
    ("too long", "round > 1 and " * 43 + "true", 0, f"the condition is 606 characters long, over the limit of {MAX_LENGTH}",
     "shorten it, or split it with a variable set by an event"),
]


@pytest.mark.parametrize(("case", "text", "column", "message", "fix"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_refused_with_column(case: str, text: str, column: int, message: str, fix: str) -> None:
    started = time.perf_counter()
    error = refused(text)
    assert time.perf_counter() - started < 0.5
    assert (error.column, error.message, error.fix) == (column, message, fix)
    assert str(error) == f"{message} — {fix}"


def test_columns_point_at_the_offending_token() -> None:
    """For the token-level refusals, the column is where the offending text starts."""
    for text, token in [
        ("round >= 2 and momentun > 1", "momentun"),
        ('round > 1 and signed("poland", "protocl")', '"protocl"'),
        ("round > 1 and signd(\"poland\", \"protocol\")", "signd"),
        ("round ** 99999999 > 1", "**"),
        ("momentum.__class__", ".__class__"),
        ("  round > momentum[0]", "[0]"),
        ("round is 1", "is"),
    ]:
        assert text[refused(text).column :].startswith(token), text


def test_columns_count_characters_not_bytes() -> None:
    """Python's ast counts UTF-8 bytes; the column must count characters (for text after “ü”)."""
    text = "rüund > 1 and momentun > 1"
    error = refused(text)
    assert error.message == "unknown name `rüund`" and error.column == 0
    names = Names(variables=frozenset({"rüund"}), ids=NAMES.ids)
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, names)
    assert text[caught.value.column :].startswith("momentun")


def test_names_are_checked_in_branches_never_taken() -> None:
    """Unlike an interpreter, every name is checked at load, also in `false and …`."""
    assert refused("false and rund > 1").message == "unknown name `rund`"


def test_python_warnings_do_not_reach_the_screen() -> None:
    """`1and` makes Python warn "invalid decimal literal" on stderr; a condition check stays quiet."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert evaluate("round >= 1and momentum >= 0", FakeContext(1)) is True
        assert refused('signed("\\d", "protocol")').message == 'unknown side "\\d" in signed(…)'


def test_huge_exponent_is_refused_without_computing_it() -> None:
    started = time.perf_counter()
    refused("9 ** 9 ** 9 ** 9 ** 9")
    assert time.perf_counter() - started < 0.1


def test_length_limit_is_inclusive() -> None:
    ok = "round > 1 and " + " " * (MAX_LENGTH - len("round > 1 and true") - 1) + " true"
    assert len(ok) == MAX_LENGTH
    assert evaluate(ok, FakeContext(2)) is True
    assert refused(ok + " ").column == 0


def test_no_eval_or_exec_anywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    """Compiling and evaluating work with eval/exec removed; the source never names them.

    (`ast.parse` calls the built-in `compile` only to parse, with `PyCF_ONLY_AST`; nothing is run.)"""

    def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("eval/exec called")

    for name in ("eval", "exec"):
        monkeypatch.setattr(builtins, name, forbidden)
    assert evaluate('round >= 1 and not signed("poland", "protocol")', FakeContext(2)) is True
    monkeypatch.undo()
    source = Path(compile_condition.__code__.co_filename).read_text(encoding="utf-8")
    called = {
        node.func.id
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not called & {"eval", "exec", "compile", "__import__", "setattr", "open"}


def test_agreed_option_must_belong_to_its_issue():
    """agreed(instrument, issue, option): the option is checked against that issue's options."""
    from game.scenario.conditions import ConditionError, Names, compile_condition

    names = Names(
        variables=frozenset(),
        ids={"instrument": frozenset({"pact"}), "issue": frozenset({"timing", "partners"}),
             "option": frozenset({"now", "pair"})},
        options_of={"timing": frozenset({"now"}), "partners": frozenset({"pair"})},
    )
    compile_condition('agreed("pact", "timing", "now")', names)
    try:
        compile_condition('agreed("pact", "timing", "pair")', names)
    except ConditionError as error:
        assert error.message == '"pair" is not an option of issue "timing" in agreed(…)'
        assert error.column == 25
    else:
        raise AssertionError("an option of another issue was accepted")
