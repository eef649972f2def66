"""Salvage: when a file has schema problems, build the largest valid scenario from it so the
cross-reference and condition checks can still run — every problem reported in one run.

Items of the outermost list that hold an error (a whole move, actor, source …) are left out; unknown
keys outside lists are dropped; a missing or mistyped text outside lists gets a placeholder. The
paths of problems found in the salvaged copy are mapped back to the original file, and problems
about ids that only the left-out items defined are not reported (they would be echoes).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from pydantic import ValidationError

from game.scenario.errors import normalise
from game.scenario.models import Scenario

Path_ = tuple[str | int, ...]
PLACEHOLDER = "x_placeholder"


class Salvage:
    def __init__(self, data: dict[str, Any]) -> None:
        self.data = copy.deepcopy(data)
        self.index_maps: dict[Path_, list[int]] = {}  # list path -> original index of each current item
        self.removed_ids: set[str] = set()

    def run(self, rounds: int = 6) -> Scenario | None:
        for _ in range(rounds):
            try:
                return Scenario.model_validate(self.data)
            except ValidationError as error:
                if not self._repair(error.errors()):
                    return None
        return None

    def _repair(self, errors: list[Any]) -> bool:
        removals: dict[Path_, set[int]] = {}
        changed = False
        for e in errors:
            loc, _ = normalise(tuple(e["loc"]), self.data, e["type"] == "missing")
            outer = next((i for i, part in enumerate(loc) if isinstance(part, int)), None)
            if outer is not None:
                removals.setdefault(loc[:outer], set()).add(int(loc[outer]))
            elif e["type"] == "extra_forbidden":
                changed |= self._delete_key(loc)
            elif e["type"] in ("missing", "string_type", "string_pattern_mismatch", "literal_error"):
                changed |= self._placeholder(loc, e)
        for list_path, indices in removals.items():
            items = self._get(list_path)
            if not isinstance(items, list):
                continue
            mapping = self.index_maps.setdefault(list_path, list(range(len(items))))
            for i in sorted(indices, reverse=True):
                if 0 <= i < len(items):
                    item = items.pop(i)
                    mapping.pop(i)
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.removed_ids.add(item["id"])
                    changed = True
        return changed

    def _get(self, path: Path_) -> Any:
        node: Any = self.data
        for part in path:
            node = node[part]
        return node

    def _delete_key(self, loc: Path_) -> bool:
        try:
            parent = self._get(loc[:-1])
            del parent[loc[-1]]
            return True
        except (KeyError, IndexError, TypeError):
            return False

    def _placeholder(self, loc: Path_, error: Any) -> bool:
        try:
            parent = self._get(loc[:-1])
        except (KeyError, IndexError, TypeError):
            return False
        if not isinstance(parent, dict):
            return False
        if error["type"] == "literal_error":
            expected = re.findall(r"'([^']*)'", str(error.get("ctx", {}).get("expected", "")))
            if not expected:
                return False
            parent[loc[-1]] = expected[0]
        else:
            parent[loc[-1]] = PLACEHOLDER
        return True

    def original_path(self, path: Path_) -> Path_:
        """Map a path in the salvaged data back to the original file's."""
        out = list(path)
        for list_path, mapping in self.index_maps.items():
            n = len(list_path)
            if tuple(out[:n]) == list_path and len(out) > n:
                position = out[n]
                if isinstance(position, int) and position < len(mapping):
                    out[n] = mapping[position]
        return tuple(out)

    def echoes(self, message: str) -> bool:
        """True if the problem is about an id defined only in a left-out item, or a placeholder."""
        named = {x for pair in re.findall(r"`([^`]*)`|\"([^\"]*)\"", message) for x in pair if x}
        return bool(named & (self.removed_ids | {PLACEHOLDER}))
