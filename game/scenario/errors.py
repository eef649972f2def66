"""Author-facing errors: each names file, line and column, what is wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


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
    """A scenario could not be loaded; `problems` lists every problem found, sorted by position."""

    def __init__(self, problems: list[ScenarioProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
