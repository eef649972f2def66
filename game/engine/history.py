"""Compare a game's outcome with the scenario's history record (pure; used by tests and the debrief).

The engine computes parties, terms and rounds; this module only compares them with the record.
Acts whose date is marked `disputed` are never compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.state import GameState


@dataclass(frozen=True)
class Difference:
    instrument: str
    aspect: str  # terms | signed | ratified | acceded | missing
    expected: str
    found: str

    def __str__(self) -> str:
        return f"{self.instrument} {self.aspect}: history {self.expected}, game {self.found}"


def differences(state: GameState) -> list[Difference]:
    """Where the game's instruments differ from the history record (disputed acts skipped)."""
    out: list[Difference] = []
    calendar = [r.id for r in state.loaded.scenario.calendar.rounds]
    for record in state.loaded.scenario.history.instruments:
        inst = state.instruments[record.instrument]
        if record.terms and inst.terms is None:
            out.append(Difference(record.instrument, "missing", "agreed", "never agreed"))
            continue
        for issue, option in sorted(record.terms.items()):
            found = inst.term(issue)
            if found != option:
                out.append(Difference(record.instrument, f"terms.{issue}", option, str(found)))
        for aspect in ("signed", "ratified", "acceded"):
            game_acts = {side: calendar[state.rounds[r]] for side, r in getattr(inst, aspect)}
            for act in getattr(record, aspect):
                if act.certainty == "disputed":
                    game_acts.pop(act.side, None)
                    continue
                found_round = game_acts.pop(act.side, None)
                if found_round is None:
                    out.append(Difference(record.instrument, aspect, f"{act.side} in {act.round}", "not at all"))
                elif act.round is not None and found_round != act.round:
                    out.append(Difference(record.instrument, aspect, f"{act.side} in {act.round}", f"in {found_round}"))
            for side, found_round in sorted(game_acts.items()):
                out.append(Difference(record.instrument, aspect, f"{side} not at all", f"in {found_round}"))
    return out
