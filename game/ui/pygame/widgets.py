"""Small widgets for the pygame game: fonts sized to the window, word-wrapped text panels that scroll,
and keyboard-first menus. Every draw records its rectangle so tests can check nothing is clipped."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pygame

INK = (24, 24, 28)
PAPER = (246, 243, 235)
ACCENT = (128, 24, 24)
MUTED = (96, 96, 104)
SELECT_BG = (226, 214, 190)
PANEL = (255, 253, 248)
LINE = (180, 172, 160)


@dataclass
class Fonts:
    body: pygame.font.Font
    bold: pygame.font.Font
    title: pygame.font.Font
    small: pygame.font.Font
    size: int

    @staticmethod
    def for_height(height: int, folder: Path) -> Fonts:
        size = max(15, min(28, height // 34))
        regular, bold = folder / "DejaVuSans.ttf", folder / "DejaVuSans-Bold.ttf"

        def load(path: Path, px: int) -> pygame.font.Font:
            return pygame.font.Font(str(path) if path.exists() else None, px)

        return Fonts(load(regular, size), load(bold, size), load(bold, int(size * 1.45)), load(regular, max(13, int(size * 0.8))), size)


@dataclass
class Canvas:
    """The surface plus a record of every rectangle drawn on it (for the clipping tests)."""

    surface: pygame.Surface
    fonts: Fonts
    drawn: list[pygame.Rect] = field(default_factory=list)

    @property
    def rect(self) -> pygame.Rect:
        return self.surface.get_rect()

    def text(self, text: str, pos: tuple[int, int], font: pygame.font.Font | None = None, color: tuple[int, int, int] = INK) -> pygame.Rect:
        image = (font or self.fonts.body).render(text, True, color)
        rect = self.surface.blit(image, pos)
        self.drawn.append(pygame.Rect(pos, image.get_size()))
        return rect

    def box(self, rect: pygame.Rect, color: tuple[int, int, int] = PANEL, border: tuple[int, int, int] | None = LINE) -> None:
        pygame.draw.rect(self.surface, color, rect, border_radius=6)
        if border:
            pygame.draw.rect(self.surface, border, rect, 1, border_radius=6)


def wrap(text: str, font: pygame.font.Font, width: int) -> list[str]:
    """Word-wrap `text` (keeping its line breaks) to `width` pixels; very long words are split."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip(" "))]
        words = paragraph.split()
        current = indent
        for word in words:
            trial = f"{current} {word}" if current.strip() else current + word
            if font.size(trial)[0] <= width:
                current = trial
                continue
            if current.strip():
                lines.append(current)
            current = indent + "  " + word if indent or lines else word
            while font.size(current)[0] > width and len(current) > 1:
                cut = len(current) - 1
                while cut > 1 and font.size(current[:cut])[0] > width:
                    cut -= 1
                lines.append(current[:cut])
                current = current[cut:]
        lines.append(current)
    return lines


class TextPanel:
    """Scrollable, word-wrapped lines inside a box. PgUp/PgDn, Home/End and the wheel scroll it."""

    def __init__(self, lines: list[str], title: str = "") -> None:
        self.source = lines
        self.title = title
        self.offset = 0
        self.follow_end = False
        self._visible = 1
        self._total = 0

    def set_lines(self, lines: list[str], follow_end: bool = False) -> None:
        self.source = lines
        self.follow_end = follow_end

    def handle(self, event: Any) -> bool:
        if event.type == pygame.KEYDOWN:
            step = max(1, self._visible - 2)
            if event.key == pygame.K_PAGEDOWN:
                self.offset += step
            elif event.key == pygame.K_PAGEUP:
                self.offset -= step
            elif event.key == pygame.K_HOME and event.mod & pygame.KMOD_CTRL:
                self.offset = 0
            elif event.key == pygame.K_END and event.mod & pygame.KMOD_CTRL:
                self.offset = self._total
            else:
                return False
            self.follow_end = False
            return True
        if event.type == pygame.MOUSEWHEEL:
            self.offset -= event.y * 3
            self.follow_end = False
            return True
        return False

    def draw(self, canvas: Canvas, rect: pygame.Rect) -> None:
        canvas.box(rect)
        fonts = canvas.fonts
        pad = fonts.size // 2
        inner = rect.inflate(-2 * pad, -2 * pad)
        y = inner.top
        if self.title:
            canvas.text(self.title, (inner.left, y), fonts.bold, ACCENT)
            y += fonts.bold.get_linesize() + pad // 2
        wrapped: list[tuple[str, bool]] = []
        for line in self.source:
            heading = line.startswith("— ") or line.isupper() or line.startswith("NEWS:") or line.startswith("AGREED") or line.startswith("IN FORCE")
            for part in wrap(line, fonts.bold if heading else fonts.body, inner.width):
                wrapped.append((part, heading))
        height = fonts.body.get_linesize()
        self._visible = max(1, (inner.bottom - y) // height)
        self._total = max(0, len(wrapped) - self._visible)
        if self.follow_end:
            self.offset = self._total
        self.offset = max(0, min(self.offset, self._total))
        for part, heading in wrapped[self.offset : self.offset + self._visible]:
            canvas.text(part, (inner.left, y), fonts.bold if heading else fonts.body, INK)
            y += height
        if self._total:
            shown = f"{self.offset + 1}–{min(len(wrapped), self.offset + self._visible)} of {len(wrapped)} lines · PgUp/PgDn"
            image = fonts.small.render(shown, True, MUTED)
            pos = (rect.right - image.get_width() - pad, rect.bottom - image.get_height() - 2)
            canvas.surface.blit(image, pos)
            canvas.drawn.append(pygame.Rect(pos, image.get_size()))


@dataclass
class Item:
    label: str
    value: Any
    checked: bool = False


class Menu:
    """A keyboard-first menu: Up/Down (or Tab), Enter, number keys 1–9; Space toggles in multi mode."""

    def __init__(self, prompt: str, items: list[Item], multi: bool = False) -> None:
        self.prompt = prompt
        self.items = items
        self.multi = multi
        self.selected = 0
        self._rects: list[pygame.Rect] = []

    def handle(self, event: Any) -> Item | None:
        """The chosen item when the player confirms, else None."""
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_DOWN, pygame.K_TAB) and not event.mod & pygame.KMOD_SHIFT:
                self.selected = (self.selected + 1) % len(self.items)
            elif event.key == pygame.K_UP or (event.key == pygame.K_TAB and event.mod & pygame.KMOD_SHIFT):
                self.selected = (self.selected - 1) % len(self.items)
            elif event.key == pygame.K_SPACE and self.multi:
                item = self.items[self.selected]
                item.checked = not item.checked
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.items[self.selected]
            elif pygame.K_1 <= event.key <= pygame.K_9 and event.key - pygame.K_1 < len(self.items):
                self.selected = event.key - pygame.K_1
                if self.multi:
                    self.items[self.selected].checked = not self.items[self.selected].checked
                else:
                    return self.items[self.selected]
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for i, rect in enumerate(self._rects):
                if rect.collidepoint(event.pos):
                    self.selected = i
                    if self.multi:
                        self.items[i].checked = not self.items[i].checked
                    else:
                        return self.items[i]
        return None

    def draw(self, canvas: Canvas, rect: pygame.Rect) -> None:
        fonts = canvas.fonts
        pad = fonts.size // 2
        y = rect.top
        for line in wrap(self.prompt, fonts.bold, rect.width):
            canvas.text(line, (rect.left, y), fonts.bold, ACCENT)
            y += fonts.bold.get_linesize()
        y += pad // 2
        self._rects = []
        height = fonts.body.get_linesize()
        for i, item in enumerate(self.items):
            mark = ("[x] " if item.checked else "[ ] ") if self.multi else ""
            number = f"{i + 1}. " if i < 9 else "   "
            lines = wrap(number + mark + item.label, fonts.body, rect.width - pad)
            box = pygame.Rect(rect.left, y, rect.width, height * len(lines) + 4)
            if box.bottom > rect.bottom:
                canvas.text("… more below: use Down", (rect.left, min(y, rect.bottom - height)), fonts.small, MUTED)
                break
            if i == self.selected:
                pygame.draw.rect(canvas.surface, SELECT_BG, box, border_radius=4)
                pygame.draw.rect(canvas.surface, ACCENT, box, 2, border_radius=4)
            for j, line in enumerate(lines):
                canvas.text(line, (rect.left + pad // 2, y + 2 + j * height), fonts.body)
            self._rects.append(box)
            y = box.bottom + 2
        hint = "Space ticks, Enter confirms" if self.multi else "Up/Down and Enter, or press a number"
        canvas.text(hint, (rect.left, min(y + pad // 2, rect.bottom - fonts.small.get_linesize())), fonts.small, MUTED)


class TextEntry:
    """A one-line text box: type (any script), Backspace, Enter to finish, Esc to skip."""

    def __init__(self, prompt: str, limit: int = 300) -> None:
        self.prompt, self.limit, self.text = prompt, limit, ""

    def handle(self, event: Any) -> str | None:
        """The text when the player presses Enter ("" if Esc), else None."""
        if event.type == pygame.TEXTINPUT:
            self.text = (self.text + event.text)[: self.limit]
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_BACKSPACE:
                self.text = self.text[:-1]
            elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self.text.strip()
            elif event.key == pygame.K_ESCAPE:
                return ""
        return None

    def draw(self, canvas: Canvas, rect: pygame.Rect) -> None:
        fonts = canvas.fonts
        y = rect.top
        for line in wrap(self.prompt, fonts.bold, rect.width):
            canvas.text(line, (rect.left, y), fonts.bold, ACCENT)
            y += fonts.bold.get_linesize()
        lines = wrap(self.text + "▌", fonts.body, rect.width - fonts.size)
        box = pygame.Rect(rect.left, y + 4, rect.width, fonts.body.get_linesize() * max(2, len(lines)) + 8)
        canvas.box(box, PANEL, ACCENT)
        for i, line in enumerate(lines):
            canvas.text(line, (box.left + 6, box.top + 4 + i * fonts.body.get_linesize()))
        canvas.text("Enter: done · Esc: skip", (rect.left, box.bottom + 4), fonts.small, MUTED)
