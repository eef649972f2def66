"""Every bundled scenario validates, and historical play against historical computers reproduces its
history record (the engine computes parties, terms and rounds; it never copies them)."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.ai import make_policy
from game.engine.history import differences
from game.engine.session import Session
from game.scenario.loader import load_file

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_historical_play_reproduces_the_record(path):
    loaded = load_file(path)
    if not loaded.scenario.history.plays:
        pytest.skip("no history record")
    session = Session(loaded, 0, [], {a.id: make_policy("historical") for a in loaded.scenario.actors})
    session.run_computers()
    assert session.state.ended
    assert differences(session.state) == []
    assert not [c for c in session.state.choices if c.diverged]


def test_history_diverges_gracefully(tutorial):
    """When the record's move is impossible, the historical computer improvises and says so."""
    from game.engine import Action, Choice, apply, new_game
    from game.ui.text import report

    state = new_game(tutorial, 0)
    state, _ = apply(state, Choice("ussr", Action("pass")))  # a human USSR does not make the offer
    policy = make_policy("historical")
    state, _ = apply(state, policy.choose(state, "poland"))
    while not state.ended:
        actor = state.next_actor()
        state, _ = apply(state, policy.choose(state, actor))
    diverged = [c for c in state.choices if c.diverged]
    assert diverged, "Poland had no Soviet offer to reject: history must diverge"
    assert any("history diverged here" in line for line in report(state, 0))


SEEDS = sorted((Path(__file__).resolve().parents[2] / "shared" / "history" / "seeds").glob("*.txt"))


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[^\W_]+", text.lower())


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_no_eight_word_run_copied_from_the_seed_articles(path):
    """No sentence of the two source articles is copied: no run of 8 words is shared with them."""
    if not SEEDS:
        pytest.skip("../shared/history/seeds is not beside this checkout")
    runs: set[tuple[str, ...]] = set()
    for seed in SEEDS:
        words = _words(seed.read_text(encoding="utf-8"))
        runs |= {tuple(words[i:i + 8]) for i in range(len(words) - 7)}
    words = _words(path.read_text(encoding="utf-8"))
    assert {" ".join(words[i:i + 8]) for i in range(len(words) - 7) if tuple(words[i:i + 8]) in runs} == set()


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_move_event_and_outcome_is_sourced(path):
    s = load_file(path).scenario
    sources = {src.id for src in s.meta.sources}
    assert all(m.source in sources for m in s.moves if m.plausibility != "plausible")
    assert all(e.source in sources for e in s.events)
    assert all(r.source in sources for r in s.history.instruments)
    assert all(m.happened for m in s.moves if m.plausibility == "historical")
