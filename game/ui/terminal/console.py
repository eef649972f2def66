"""Terminal input and output: prompts that list their valid answers, `r` repeats, `?` helps,
`?term` explains a glossary term; characters the console cannot print are replaced, never a crash."""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Callable
from typing import TextIO


class EndOfInput(Exception):
    """Standard input ended (a pipe ran dry): the caller saves and stops."""


class QuitGame(Exception):
    """The player asked to save and quit."""


class Console:
    def __init__(self, plain: bool, stdin: TextIO | None = None, stdout: TextIO | None = None,
                 glossary: dict[str, str] | None = None, width: int = 88) -> None:
        self.plain = plain
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        reconfigure = getattr(self.stdout, "reconfigure", None)
        if reconfigure is not None:
            try:
                reconfigure(errors="replace")
            except (ValueError, OSError):
                pass
        self.glossary = {k.lower(): v for k, v in (glossary or {}).items()}
        self.width = width
        self.screen: list[str] = []  # what `r` repeats
        self.help_text = ""

    # -------------------------------------------------------------- output

    def write(self, text: str = "") -> None:
        for raw in text.split("\n"):
            wrapped = textwrap.wrap(raw, self.width, subsequent_indent=_indent(raw) + "  ", replace_whitespace=False, break_long_words=False, break_on_hyphens=False) or [""]
            for line in wrapped:
                self._emit(line)
                self.screen.append(line)

    def _emit(self, line: str) -> None:
        try:
            self.stdout.write(line + "\n")
        except UnicodeEncodeError:
            encoding = getattr(self.stdout, "encoding", None) or "ascii"
            self.stdout.write(line.encode(encoding, errors="replace").decode(encoding) + "\n")
        self.stdout.flush()

    def heading(self, text: str) -> None:
        if self.plain:
            self.write("")
            self.write(text.upper())
            self.write("-" * min(len(text), self.width))
        else:
            self.write("")
            for line in textwrap.wrap(text, self.width) or [""]:
                self._emit(f"\x1b[1m{line}\x1b[0m")
                self.screen.append(line)
            self.write("═" * min(len(text), self.width))

    def section(self, title: str, items: list[str], bullet: str = "-") -> None:
        """A blank line, a title, and its items; nothing when there are no items."""
        if not items:
            return
        self.write("")
        self.write(title)
        for item in items:
            self.write(f"  {bullet} {item}" if bullet else f"  {item}")

    def new_screen(self) -> None:
        self.screen = []

    def clear(self) -> None:
        """Clear the screen (hot-seat hand-off): ANSI clear, or blank lines in plain mode."""
        if self.plain:
            self._emit("\n" * 40 + "----- new screen -----")
        else:
            self.stdout.write("\x1b[2J\x1b[H")
            self.stdout.flush()
        self.screen = []

    # -------------------------------------------------------------- input

    def read(self) -> str:
        line = self.stdin.readline()
        if line == "":
            raise EndOfInput
        return line.strip()

    def ask(self, prompt: str, valid: list[str], labels: str | None = None,
            on_help: Callable[[], None] | None = None) -> str:
        """Ask until one of `valid` (case-insensitive) is given; handles r, ?, ?term and q."""
        shown = labels or "/".join(valid)
        while True:
            self._emit(f"{prompt} [{shown}; r repeat, ? help, q save and quit]: ")
            answer = self.read()
            low = answer.lower()
            if low in [v.lower() for v in valid]:
                return valid[[v.lower() for v in valid].index(low)]
            if low == "r":
                for line in list(self.screen):
                    self._emit(line)
                continue
            if low == "q":
                raise QuitGame
            if low == "?":
                if on_help:
                    on_help()
                self.write(self.help_text or "Type one of the answers in brackets and press Enter.")
                if self.glossary:
                    self.write("Terms you can ask about with ?term: " + ", ".join(sorted(self.glossary)))
                continue
            if low.startswith("?"):
                term = low[1:].strip()
                if term in self.glossary:
                    self.write(f"{term}: {self.glossary[term]}")
                else:
                    close = [t for t in self.glossary if t.startswith(term[:3])] if term else []
                    self.write(f"No glossary entry for '{term}'." + (f" Try: {', '.join(close)}" if close else ""))
                continue
            self.write(f"'{answer}' is not one of: {shown}.")

    def ask_number(self, prompt: str, count: int, extra: list[str] | None = None) -> str:
        valid = [str(i) for i in range(1, count + 1)] + (extra or [])
        labels = f"1-{count}" if count > 1 else "1"
        if extra:
            labels += ", " + ", ".join(extra)
        return self.ask(prompt, valid, labels)

    def confirm(self, prompt: str) -> bool:
        return self.ask(prompt, ["y", "n"]) == "y"

    def pause(self, prompt: str = "Press Enter to continue") -> None:
        self._emit(f"{prompt} [Enter; q save and quit]: ")
        answer = self.read()
        if answer.lower() == "q":
            raise QuitGame


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" "))]
