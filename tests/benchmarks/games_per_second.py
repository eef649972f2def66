"""Games per second on one core: random and strategic computers, every seat, whole games.

Plain script: `python tests/benchmarks/games_per_second.py`. Prints each figure beside its floor and
exits 1 if a floor is missed. Floors: issue #2 asks >= 1,000 random games/s (tutorial-sized scenario).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from game.ai import make_policy  # noqa: E402
from game.engine.session import Session  # noqa: E402
from game.scenario.loader import load_file  # noqa: E402

FLOORS = {("tutorial", "random"): 1000.0, ("tutorial", "strategic"): 300.0}


def games_per_second(path: Path, policy: str, seconds: float = 1.5) -> float:
    loaded = load_file(path)
    start = time.perf_counter()
    games = 0
    while time.perf_counter() - start < seconds:
        session = Session(loaded, games, [], {a.id: make_policy(policy) for a in loaded.scenario.actors})
        session.run_computers()
        games += 1
    return games / (time.perf_counter() - start)


def main() -> int:
    missed = 0
    print(f"{'scenario':<16}{'policy':<12}{'games/s':>10}{'floor':>10}")
    paths = sorted((ROOT / "scenarios").glob("*.yaml"))
    for path in paths:
        for policy in ("random", "strategic"):
            rate = games_per_second(path, policy)
            floor = FLOORS.get((path.stem, policy))
            ok = floor is None or rate >= floor
            missed += not ok
            print(f"{path.stem:<16}{policy:<12}{rate:>10.0f}{(f'{floor:.0f}' if floor else '-'):>10}{'' if ok else '  MISSED'}")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
