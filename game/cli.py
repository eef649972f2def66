"""The command line: the only entry point. Imports a UI lazily; maps errors to exit codes.

Exit codes: 0 success, 1 runtime problem (no such scenario, bad save), 2 invalid scenario or usage.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from game.scenario.errors import ScenarioError
from game.scenario.loader import LoadedScenario, load_file


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def load_named(name: str) -> LoadedScenario:
    from game.storage import resolve_scenario

    path = resolve_scenario(name)
    if path is None:
        raise LookupError(f"no scenario `{name}` — `litvinov list` shows the scenarios; or give a .yaml path")
    return load_file(path)


def cmd_list(args: argparse.Namespace) -> int:
    from game.storage import scenario_files, user_scenarios_dir

    files = scenario_files()
    if not files:
        _out("No scenarios found.")
        return 0
    for origin, path in files:
        try:
            loaded = load_file(path)
            meta = loaded.scenario.meta
            _out(f"{meta.id:<14} {meta.title}  ({meta.period}; about {meta.minutes} min) [{origin}]")
        except ScenarioError as error:
            _out(f"{path.stem:<14} INVALID: {len(error.problems)} problem(s) — run `litvinov validate {path}` [{origin}]")
    _out(f"\nYour scenario folder (put your own .yaml files here): {user_scenarios_dir()}")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from game.storage import resolve_scenario

    status = 0
    for name in args.files:
        path = resolve_scenario(name) or Path(name)
        try:
            loaded = load_file(path)
            _out(f"{path}: valid — {loaded.scenario.meta.title}")
        except ScenarioError as error:
            for problem in error.problems:
                _out(str(problem))
            _out(f"{path}: {len(error.problems)} problem(s)")
            status = 2
    return status


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.models import json_schema

    _out(json.dumps(json_schema(), indent=1, ensure_ascii=False))
    return 0


def cmd_playtest(args: argparse.Namespace) -> int:
    from game.playtest import playtest, progress_bar, report

    loaded = load_named(args.scenario)
    bar = progress_bar(args.runs) if not args.quiet else None
    result = playtest(loaded, args.runs, args.ai, args.seed, bar)
    report(result, sys.stdout)
    return 1 if result.errors else 0


def cmd_saves(args: argparse.Namespace) -> int:
    from game.storage import default_save_dir, format_time, list_saves

    folder = Path(args.save_dir) if args.save_dir else default_save_dir()
    saves = list_saves(folder)
    if not saves:
        _out(f"No saves in {folder}.")
        return 0
    for info in saves:
        if info.error:
            _out(f"{info.path.name}: unreadable — {info.error}")
        else:
            _out(f"{info.path.name}: {info.scenario}, {info.choices} choices, {format_time(info.modified)}")
    return 0


def has_display() -> bool:
    """Is there a screen for the window? Without one the terminal game is used."""
    import os

    if os.environ.get("SDL_VIDEODRIVER") in ("dummy", "offscreen"):
        return False
    if sys.platform.startswith(("win", "darwin")):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def cmd_play(args: argparse.Namespace) -> int:
    if not (args.text or args.plain or args.resume or args.players) and has_display():
        import os

        os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
        try:
            from game.ui.pygame.app import run_gui
        except ImportError:
            pass  # no pygame: the terminal game
        else:
            return run_gui(args)
    from game.ui.terminal.app import run_terminal

    return run_terminal(args)


def cmd_debrief(args: argparse.Namespace) -> int:
    from game.ai import make_policy
    from game.debrief.export import render
    from game.debrief.model import build_debrief
    from game.engine.save import SaveError, read_header
    from game.engine.session import Session

    try:
        raw = Path(args.save).read_text(encoding="utf-8")
        header = read_header(raw)
        loaded = load_named(str(header["scenario"]))
        session = Session.from_save(raw, loaded, make_policy)
    except (OSError, UnicodeDecodeError, SaveError) as error:
        _err(f"cannot read the save {args.save}: {error}")
        return 1
    actors = [a for seat in session.seats for a in seat] or list(session.state.actors)
    text = render(build_debrief(session.state, actors), args.format)
    if args.out:
        from game.storage import write_atomic

        write_atomic(Path(args.out), text)
        _out(f"Debrief written to {args.out}")
    else:
        _out(text)
    return 0


def cmd_lint(args: argparse.Namespace) -> int:
    from game.lint import lint

    loaded = load_named(args.scenario)
    lines, minutes = lint(loaded, args.runs)
    for line in lines:
        _out(line)
    names = {a.id: a.name for a in loaded.scenario.actors}
    _out("Estimated minutes of reading and deciding per player of each delegation: "
         + ", ".join(f"{names[a]} {m:.0f}" for a, m in minutes.items()))
    _out(f"{len(lines)} warning(s); meta.minutes is {loaded.scenario.meta.minutes}.")
    return 0


def cmd_handouts(args: argparse.Namespace) -> int:
    from game.debrief.handouts import role_cards_html
    from game.storage import write_atomic

    loaded = load_named(args.scenario)
    out = Path(args.out or f"role-cards-{loaded.id}.html")
    write_atomic(out, role_cards_html(loaded))
    _out(f"Role cards for {len(loaded.scenario.actors)} delegations written to {out} (one a page; print and hand each to its player).")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    import re

    from game.storage import bundled_dir, user_scenarios_dir, write_atomic

    name = re.sub(r"[^a-z0-9_]+", "_", args.name.lower()).strip("_")
    if not name or not name[0].isalpha():
        _err("give a name that starts with a letter, e.g. `litvinov new my_lesson`")
        return 2
    folder = Path(args.folder) if args.folder else user_scenarios_dir()
    target = folder / f"{name}.yaml"
    if target.exists():
        _err(f"{target} exists already: choose another name")
        return 1
    template = (bundled_dir() / "tutorial.yaml").read_text(encoding="utf-8")
    text = template.replace("  id: tutorial", f"  id: {name}", 1).replace(
        'title: "Tutorial: Moscow and Warsaw, winter 1929"', f'title: "{name.replace("_", " ").capitalize()} (from the tutorial)"', 1)
    text = text.replace("$schema=schema.json", f"$schema={(bundled_dir() / 'schema.json').as_uri()}", 1)
    write_atomic(target, text)
    _out(f"Created {target} from the tutorial. Edit it, then: litvinov validate {target}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="litvinov",
        description="Litvinov: re-negotiate interwar diplomacy (1928–1933). Without a command: play.",
    )
    sub = parser.add_subparsers(dest="command")

    p = sub.add_parser("list", help="list the bundled scenarios and those in your scenario folder")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("validate", help="check scenario files; print every problem as file:line:col")
    p.add_argument("files", nargs="+", help="scenario files (or ids)")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("play", help="play a scenario")
    add_play_arguments(p)
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("saves", help="list saved games")
    p.add_argument("--save-dir", help="folder of saves (default: your data folder)")
    p.set_defaults(func=cmd_saves)

    p = sub.add_parser("playtest", help="play N seeded games, all seats computer; print the outcomes")
    p.add_argument("scenario", help="scenario id or path")
    p.add_argument("--runs", type=int, default=100, help="number of games (default 100)")
    p.add_argument("--ai", default="strategic", choices=["strategic", "historical", "random"], help="computer policy")
    p.add_argument("--seed", type=int, default=0, help="seed of the first game (default 0)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_playtest)

    p = sub.add_parser("debrief", help="the debrief of a saved game: three lenses, your path beside history")
    p.add_argument("save", help="a save file (see `litvinov saves`)")
    p.add_argument("--format", default="md", choices=["html", "md", "json"], help="output format (default md)")
    p.add_argument("--out", help="write to this file instead of the screen")
    p.set_defaults(func=cmd_debrief)

    p = sub.add_parser("lint", help="advice for a valid scenario: unused parts, unreachable moves, thin seats, time")
    p.add_argument("scenario", help="scenario id or path")
    p.add_argument("--runs", type=int, default=40, help="seeded playthroughs to learn from (default 40)")
    p.set_defaults(func=cmd_lint)

    p = sub.add_parser("handouts", help="printable role cards: each delegation's briefing, goals and vocabulary")
    p.add_argument("scenario", help="scenario id or path")
    p.add_argument("--out", help="file to write (default role-cards-ID.html)")
    p.set_defaults(func=cmd_handouts)

    p = sub.add_parser("new", help="start a scenario of your own from a copy of the tutorial")
    p.add_argument("name", help="its id, e.g. my_lesson")
    p.add_argument("--folder", help="where to put it (default: your scenario folder)")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("schema", help="print the JSON Schema for scenario files (for editors)")
    p.set_defaults(func=cmd_schema)
    return parser


def add_play_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", help="scenario id or .yaml path (default: choose)")
    p.add_argument("--text", action="store_true", help="play in the terminal")
    p.add_argument("--plain", action="store_true", help="plain text: no colours or box drawing (screen readers)")
    p.add_argument("--seed", type=int, help="seed (default: one is picked and printed)")
    p.add_argument("--as", dest="as_", metavar="ACTOR,…|none", help="the delegations you play; `none`: the computer plays all")
    p.add_argument("--players", type=int, help="number of hot-seat players (uses the scenario's seating)")
    p.add_argument("--ai", default="strategic", choices=["strategic", "historical", "random"], help="computer policy")
    p.add_argument("--delay", type=float, default=0.0, help="seconds between rounds in a demonstration")
    p.add_argument("--short", action="store_true", help="skip the optional rounds")
    p.add_argument("--resume", action="store_true", help="continue the last autosaved game")
    p.add_argument("--save-dir", help="folder for autosaves (default: your data folder)")


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = {"list", "validate", "play", "saves", "playtest", "schema", "debrief", "handouts", "new", "lint"}
    if not argv or (argv[0] not in commands and argv[0] not in ("-h", "--help")):
        argv = ["play", *argv]  # no command: play
    args = parser.parse_args(argv)
    if getattr(args, "seed", None) is None and args.command == "play":
        args.seed = random.SystemRandom().randrange(1, 1_000_000)
        args.seed_picked = True
    try:
        return int(args.func(args))
    except ScenarioError as error:
        for problem in error.problems:
            _err(str(problem))
        return 2
    except LookupError as error:
        _err(str(error.args[0]) if error.args else str(error))
        return 1
    except KeyboardInterrupt:
        _err("\nStopped.")
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
