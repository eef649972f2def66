"""`litvinov playtest`: N seeded games with every seat computer — outcome distribution, game length,
exceptions with the seed that reproduces each. The calibration tool for scenario authors."""

from __future__ import annotations

import sys
import traceback
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TextIO

from game.ai import make_policy
from game.engine.rules import index
from game.engine.session import Session
from game.engine.state import GameState
from game.scenario.loader import LoadedScenario


def outcome_key(state: GameState) -> str:
    """A game's outcome in words: each instrument agreed, its terms and who is bound."""
    idx = index(state.loaded)
    parts = []
    for model in state.loaded.scenario.instruments:
        inst = state.instruments[model.id]
        if inst.terms is None:
            continue
        bound = sorted({s for a, b, _ in inst.in_force for s in (a, b)})
        signed = [s for s, _ in inst.signed]
        status = f"in force {'+'.join(bound)}" if bound else (f"signed {'+'.join(signed)}" if signed else f"agreed {'+'.join(inst.parties)}")
        terms = ",".join(f"{o}" for _, o in inst.terms if o)
        parts.append(f"{idx.instruments[model.id].name}: {status} [{terms}]")
    return "; ".join(parts) or "nothing agreed"


@dataclass
class PlaytestResult:
    runs: int
    outcomes: Counter[str] = field(default_factory=Counter)
    lengths: Counter[int] = field(default_factory=Counter)
    errors: list[tuple[int, str]] = field(default_factory=list)
    historical: str = ""


def historical_outcome(loaded: LoadedScenario) -> str:
    session = Session(loaded, 0, [], {a.id: make_policy("historical") for a in loaded.scenario.actors})
    session.run_computers()
    return outcome_key(session.state)


def playtest(loaded: LoadedScenario, runs: int, policy: str = "strategic", seed: int = 0,
             progress: Callable[[int], None] | None = None) -> PlaytestResult:
    result = PlaytestResult(runs)
    if loaded.scenario.history.plays:
        result.historical = historical_outcome(loaded)
    for n in range(runs):
        game_seed = seed + n
        try:
            session = Session(loaded, game_seed, [], {a.id: make_policy(policy) for a in loaded.scenario.actors})
            session.run_computers()
            result.outcomes[outcome_key(session.state)] += 1
            result.lengths[session.state.round + 1] += 1
        except Exception:  # noqa: BLE001 — a playtest reports every crash with its seed
            result.errors.append((game_seed, traceback.format_exc(limit=3)))
        if progress is not None:
            progress(n + 1)
    return result


def report(result: PlaytestResult, out: TextIO) -> None:
    out.write(f"\n{result.runs} games\n\nOutcomes:\n")
    for key, count in result.outcomes.most_common(12):
        mark = "  ← history" if key == result.historical else ""
        out.write(f"  {100 * count / max(1, result.runs):5.1f}%  {count:5d}  {key}{mark}\n")
    if result.historical and result.historical not in result.outcomes:
        out.write(f"  (history, never reached: {result.historical})\n")
    out.write("\nRounds played: " + ", ".join(f"{k}: {v}" for k, v in sorted(result.lengths.items())) + "\n")
    if result.errors:
        out.write(f"\n{len(result.errors)} games raised an exception:\n")
        for game_seed, trace in result.errors[:5]:
            out.write(f"  seed {game_seed}:\n{trace}\n")
    else:
        out.write("No exceptions.\n")


def progress_bar(total: int, stream: TextIO = sys.stderr) -> Callable[[int], None]:
    width = 30

    def show(done: int) -> None:
        if done == total or done % max(1, total // 50) == 0:
            filled = width * done // total
            stream.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done == total:
                stream.write("\n")
            stream.flush()

    return show
