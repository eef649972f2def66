"""Shared fixtures. SDL runs headless in tests (set before anything imports pygame)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from game.scenario.loader import LoadedScenario, load_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


@pytest.fixture(scope="session")
def rules() -> LoadedScenario:
    return load_file(FIXTURES / "rules.yaml")


@pytest.fixture(scope="session")
def tutorial() -> LoadedScenario:
    return load_file(ROOT / "scenarios" / "tutorial.yaml")
