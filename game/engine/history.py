"""Compare a game's outcome with the scenario's history record (pure; used by tests and the debrief).

The engine computes parties, terms and rounds; this module only compares them with the record.
Acts whose date is marked `disputed` are never compared.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.engine.state import GameState


@dataclass(frozen=True)
class Difference:
    """One way the game differs from the record. For acts, `expected`/`found` are round ids (None =
    not at all); for terms, option ids (None = left open); for `missing`, both None."""

    instrument: str
    aspect: str  # terms.<issue> | signed | ratified | acceded | missing
    side: str | None = None
    expected: str | None = None
    found: str | None = None

    def __str__(self) -> str:
        who = f" {self.side}" if self.side else ""
        return f"{self.instrument} {self.aspect}{who}: history {self.expected or 'none'}, game {self.found or 'none'}"


def differences(state: GameState) -> list[Difference]:
    """Where the game's instruments differ from the history record. Disputed acts are skipped; for an
    approximate date only whether the act happened is compared, not its round."""
    out: list[Difference] = []
    calendar = [r.id for r in state.loaded.scenario.calendar.rounds]
    for record in state.loaded.scenario.history.instruments:
        inst = state.instruments[record.instrument]
        if record.terms and inst.terms is None:
            out.append(Difference(record.instrument, "missing"))
            continue
        for issue, option in sorted(record.terms.items()):
            found = inst.term(issue)
            if found != option:
                out.append(Difference(record.instrument, f"terms.{issue}", None, option, found))
        for aspect in ("signed", "ratified", "acceded"):
            game_acts = {side: calendar[state.rounds[r]] for side, r in getattr(inst, aspect)}
            for act in getattr(record, aspect):
                found_round = game_acts.pop(act.side, None)
                if act.certainty == "disputed":
                    continue  # never scored
                exact = act.certainty == "confirmed"  # an approximate date: the act counts, not its round
                if found_round is None or (exact and act.round is not None and found_round != act.round):
                    out.append(Difference(record.instrument, aspect, act.side, act.round or "yes", found_round))
            for side, found_round in sorted(game_acts.items()):
                out.append(Difference(record.instrument, aspect, side, None, found_round))
    return out
