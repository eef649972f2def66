"""Files: bundled and user scenarios, saves and autosaves (atomic writes), in the OS's data directory."""

from __future__ import annotations

import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from game.debrief.model import Debrief
from game.engine.save import SaveError, read_header

APP = "litvinov"


def _shipped(name: str) -> Path:
    """A folder that ships with the game: inside the wheel (`game/NAME`) or the repository's `NAME/`."""
    here = Path(__file__).resolve().parent
    for candidate in (here / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    return here / name


def bundled_dir() -> Path:
    """The scenarios that ship with the game."""
    return _shipped("scenarios")


def assets_dir() -> Path:
    """Fonts and images that ship with the game."""
    return _shipped("assets")


def user_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def user_scenarios_dir() -> Path:
    return user_dir() / "scenarios"


def default_save_dir() -> Path:
    return user_dir() / "saves"


def scenario_files() -> list[tuple[str, Path]]:
    """(origin, path) of every scenario file: bundled first, then the user's folder."""
    found: list[tuple[str, Path]] = []
    for origin, folder in (("bundled", bundled_dir()), ("yours", user_scenarios_dir())):
        if folder.is_dir():
            found.extend((origin, p) for p in sorted(folder.glob("*.yaml")))
    return found


def resolve_scenario(name: str) -> Path | None:
    """A scenario by id (file stem) or by path."""
    path = Path(name)
    if path.suffix in (".yaml", ".yml") and path.is_file():
        return path
    for _, candidate in scenario_files():
        if candidate.stem == name:
            return candidate
    return None


def write_atomic(path: Path, text: str) -> None:
    """Write text so a crash leaves either the old file or the new one: temp file, fsync, replace."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


@dataclass(frozen=True)
class SaveInfo:
    path: Path
    scenario: str
    choices: int
    modified: float
    error: str | None = None


def autosave_path(save_dir: Path, scenario_id: str) -> Path:
    return save_dir / f"{scenario_id}.autosave.json"


def write_autosave(save_dir: Path, scenario_id: str, text: str) -> Path:
    """Write the autosave; the one it replaces is kept as `<id>.autosave.prev.json` (or, if it was
    broken, as `<id>.autosave.broken.json`, so the good previous autosave survives)."""
    path = autosave_path(save_dir, scenario_id)
    if path.exists():
        try:
            read_header(path.read_text(encoding="utf-8"))
            keep_as = path.with_name(f"{scenario_id}.autosave.prev.json")
        except (SaveError, OSError, UnicodeDecodeError):
            # a broken autosave is never rotated over the good previous one; it is set aside, not lost
            keep_as = path.with_name(f"{scenario_id}.autosave.broken.json")
        os.replace(path, keep_as)
    write_atomic(path, text)
    return path


def list_saves(save_dir: Path) -> list[SaveInfo]:
    infos = []
    if not save_dir.is_dir():
        return infos
    for path in sorted(save_dir.glob("*.json")):
        try:
            header = read_header(path.read_text(encoding="utf-8"))
            infos.append(SaveInfo(path, header["scenario"], len(header["choices"]), path.stat().st_mtime))
        except (SaveError, OSError, UnicodeDecodeError) as error:
            infos.append(SaveInfo(path, "?", 0, path.stat().st_mtime, str(error)))
    return infos


def latest_save(save_dir: Path, scenario_id: str | None = None) -> Path | None:
    saves = [s for s in list_saves(save_dir) if s.error is None and (scenario_id is None or s.scenario == scenario_id)]
    if not saves:
        return None
    return max(saves, key=lambda s: s.modified).path


def format_time(stamp: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(stamp))


def write_debrief(folder: Path, debrief: Debrief) -> list[Path]:
    """Write the debrief as HTML, Markdown and JSON beside the saves; return the paths."""
    from game.debrief.export import render

    paths = []
    for fmt, suffix in (("html", "html"), ("md", "md"), ("json", "json")):
        path = folder / f"debrief-{debrief.scenario}-{debrief.seed}.{suffix}"
        write_atomic(path, render(debrief, fmt))
        paths.append(path)
    return paths
