"""Saves and transcripts as text: versioned JSON (scenario id + digest, seed, seats, choices).

Loading replays the choices through the rules, so a save can never hold an impossible state.
Nothing here touches the disk; `game/storage.py` writes the strings this module makes.
"""

from __future__ import annotations

import json
from typing import Any

from game.engine.rules import apply, new_game
from game.engine.state import Action, Answer, Choice, GameState, IllegalChoice, LogEntry, PackageSpec
from game.scenario.loader import LoadedScenario

SAVE_FORMAT = "litvinov-save"
SAVE_VERSION = 1


class SaveError(ValueError):
    """A save that cannot be loaded; the message says why, for the player."""


def choice_to_json(choice: Choice) -> dict[str, Any]:
    def action(a: Action) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": a.kind}
        if a.move is not None:
            out["move"] = a.move
        if a.package is not None:
            out["package"] = a.package.to_json()
        if a.instrument is not None:
            out["instrument"] = a.instrument
        if a.reasons:
            out["reasons"] = list(a.reasons)
        return out

    def answer(a: Answer) -> dict[str, Any]:
        out: dict[str, Any] = {"proposal": a.proposal, "reply": a.reply}
        if a.counter is not None:
            out["counter"] = a.counter.to_json()
        if a.reasons:
            out["reasons"] = list(a.reasons)
        return out

    out: dict[str, Any] = {"actor": choice.actor, "action": action(choice.action), "answers": [answer(a) for a in choice.answers], "by": choice.by}
    if choice.diverged:
        out["diverged"] = True
    if choice.why:
        out["why"] = choice.why
    return out


def choice_from_json(data: dict[str, Any]) -> Choice:
    a = data["action"]
    action = Action(
        a["kind"],
        a.get("move"),
        PackageSpec.from_json(a["package"]) if "package" in a else None,
        a.get("instrument"),
        tuple(a.get("reasons", ())),
    )
    answers = tuple(
        Answer(int(x["proposal"]), x["reply"], PackageSpec.from_json(x["counter"]) if "counter" in x else None, tuple(x.get("reasons", ())))
        for x in data["answers"]
    )
    return Choice(str(data["actor"]), action, answers, str(data.get("by", "human")), bool(data.get("diverged", False)),
                  str(data.get("why", ""))[:2000])


def dumps(state: GameState, seats: list[list[str]], policies: dict[str, str], short: bool = False) -> str:
    """The save as a JSON string."""
    payload = {
        "format": SAVE_FORMAT,
        "version": SAVE_VERSION,
        "scenario": state.loaded.id,
        "digest": state.loaded.digest,
        "seed": state.seed,
        "short": short,
        "seats": seats,
        "order": list(state.actors),
        "policies": policies,
        "choices": [choice_to_json(c) for c in state.choices],
    }
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1)


def read_header(text: str) -> dict[str, Any]:
    """Parse and check a save's header; raises SaveError."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as error:
        raise SaveError(f"the save is damaged (not valid JSON: {error})") from None
    if not isinstance(data, dict) or data.get("format") != SAVE_FORMAT:
        raise SaveError("this is not a Litvinov save")
    version = data.get("version")
    if not isinstance(version, int):
        raise SaveError("the save has no version number")
    if version > SAVE_VERSION:
        raise SaveError(f"the save is from a newer version of the game (save version {version}); update the game")
    for key, kind in (("scenario", str), ("seed", int), ("choices", list), ("seats", list)):
        if not isinstance(data.get(key), kind):
            raise SaveError(f"the save is damaged (`{key}` missing or wrong)")
    return data


def loads(text: str, loaded: LoadedScenario) -> tuple[GameState, dict[str, Any]]:
    """Replay a save against its scenario; raises SaveError if it does not fit."""
    data = read_header(text)
    if data["scenario"] != loaded.id:
        raise SaveError(f"the save is for scenario `{data['scenario']}`, not `{loaded.id}`")
    try:
        order = tuple(data["order"]) if "order" in data else None
        state = new_game(loaded, data["seed"], bool(data.get("short", False)), order)
        for raw in data["choices"]:
            state, _ = apply(state, choice_from_json(raw))
    except (IllegalChoice, KeyError, TypeError, ValueError, StopIteration) as error:
        changed = " (the scenario file has changed since)" if data.get("digest") != loaded.digest else ""
        raise SaveError(f"the save cannot be replayed{changed}: {error}") from None
    return state, data


def entry_to_json(entry: LogEntry) -> dict[str, Any]:
    out: dict[str, Any] = {"round": entry.round, "kind": entry.kind}
    if entry.actor:
        out["actor"] = entry.actor
    out.update(entry.data)
    return out


def transcript(state: GameState) -> str:
    """Every choice and result, one JSON object per line: the same seed and choices, the same bytes."""
    return "".join(json.dumps(entry_to_json(e), ensure_ascii=False, sort_keys=True) + "\n" for e in state.log)
