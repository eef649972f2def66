"""Reasons in plain words, computed from a Score: the largest gain, the largest cost, red lines,
trust and pressures — with the source of the persona value where the scenario gives one."""

from __future__ import annotations

from game.engine.rules import index
from game.engine.state import GameState
from game.engine.utility import Contribution, Score


def short_source(state: GameState, source_id: str | None) -> str:
    if not source_id:
        return ""
    for src in state.loaded.scenario.meta.sources:
        if src.id == source_id:
            return src.citation.split(",")[0].strip()
    return source_id


def describe(state: GameState, c: Contribution) -> str:
    idx = index(state.loaded)
    if c.kind == "option":
        issue = idx.issues[c.issue]
        label = next((o.label for o in issue.options if o.id == c.option), c.option)
        src = short_source(state, c.source)
        where = f" — source: {src}" if src else ""
        return f"{issue.name}: “{label}” ({_num(c.value)}{where})"
    if c.kind == "instrument":
        return f"having the {idx.instruments[c.issue].name} at all ({_num(c.value)})"
    return f"trust in {idx.side_names.get(c.issue, c.issue)} ({_num(c.value)})"


def _num(value: float) -> str:
    """A signed figure with one decimal, never "-0.0"."""
    return f"{round(value, 1) + 0.0:+.1f}"


def red_line_reason(state: GameState, s: Score) -> list[str]:
    out = []
    for red in s.red_lines:
        extra = red.since or short_source(state, red.source)
        out.append(f"red line: {red.reason}" + (f" ({extra})" if extra else ""))
    return out


def explain(state: GameState, s: Score, verdict: str) -> tuple[str, ...]:
    """Reasons for a verdict ('accept', 'reject', 'counter', 'hold', 'sign', 'propose' …)."""
    reasons = red_line_reason(state, s)
    gains = sorted((c for c in s.contributions if c.value > 0), key=lambda c: -c.value)
    costs = sorted((c for c in s.contributions if c.value < 0), key=lambda c: c.value)
    if gains and verdict not in ("reject",) or (gains and not costs):
        reasons.append("largest gain — " + describe(state, gains[0]))
    if costs:
        reasons.append("largest cost — " + describe(state, costs[0]))
    for adj in s.adjustments:
        src = short_source(state, adj.source)
        direction = "keener" if adj.reservation < 0 else "warier"
        reasons.append(f"{direction}: {adj.reason}" + (f" ({src})" if src else ""))
    reasons.append(f"worth {_num(s.utility)} against a threshold of {_num(s.reservation)}")
    return tuple(reasons)
