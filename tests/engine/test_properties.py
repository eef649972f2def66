"""Invariants: determinism, immutability, saves as a fixed point, random games never raise."""

from __future__ import annotations

import copy
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.ai import make_policy
from game.engine import apply, new_game
from game.engine.save import SaveError, dumps, loads, transcript
from game.engine.session import Session


def run(loaded, seed, policy="random"):
    session = Session(loaded, seed, [], {a.id: make_policy(policy) for a in loaded.scenario.actors})
    session.run_computers()
    return session


@pytest.mark.parametrize("policy", ["random", "strategic", "historical"])
def test_same_seed_same_transcript(rules, tutorial, policy):
    for loaded in (rules, tutorial):
        a, b = run(loaded, 42, policy), run(loaded, 42, policy)
        assert transcript(a.state) == transcript(b.state)
        assert transcript(a.state).encode() == transcript(b.state).encode()


def test_different_seeds_differ_somewhere(rules):
    transcripts = {transcript(run(rules, seed).state) for seed in range(20)}
    assert len(transcripts) > 5


def test_apply_never_mutates_its_input(rules):
    session = run(rules, 3)
    state = new_game(rules, 3)
    for choice in session.state.choices:
        before = (copy.deepcopy(state.vars), dict(state.trust), dict(state.instruments), state.proposals, state.log, state.pending)
        new, _ = apply(state, choice)
        after = (state.vars, state.trust, state.instruments, state.proposals, state.log, state.pending)
        assert before == after
        assert new is not state
        state = new


def test_save_load_save_is_a_fixed_point(rules, tutorial):
    for loaded in (rules, tutorial):
        session = run(loaded, 9, "strategic")
        text = dumps(session.state, [], {"ussr": "strategic"})
        state, _ = loads(text, loaded)
        assert dumps(state, [], {"ussr": "strategic"}) == text
        assert transcript(state) == transcript(session.state)


def test_session_save_resumes_mid_game(rules):
    session = Session(rules, 5, [["ussr"]], {a.id: make_policy("strategic") for a in rules.scenario.actors})
    session.run_computers()
    text = session.save_text()
    resumed = Session.from_save(text, rules, make_policy)
    assert resumed.state.choices == session.state.choices
    assert resumed.human_due() == "ussr"


@pytest.mark.parametrize(
    "text, message",
    [
        ("{not json", "damaged"),
        ('{"format": "other"}', "not a Litvinov save"),
        ('{"format": "litvinov-save", "version": 99}', "newer version"),
        ('{"format": "litvinov-save", "version": 1, "scenario": "rules_fixture", "seed": 1, "seats": [], "choices": [{"actor": "poland", "action": {"kind": "pass"}, "answers": []}]}', "cannot be replayed"),
    ],
)
def test_broken_saves_are_refused_with_a_message(rules, text, message):
    with pytest.raises(SaveError, match=message):
        loads(text, rules)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), policy=st.sampled_from(["random", "strategic"]))
def test_random_games_never_raise(rules, tutorial, seed, policy):
    for loaded in (rules, tutorial):
        session = run(loaded, seed, policy)
        assert session.state.ended


def test_pure_layers_never_load_pygame():
    code = "import sys, game.engine, game.scenario, game.ai, game.engine.session, game.engine.save; print('pygame' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


BUNDLED = ["protocol1929", "talks1933"]


@pytest.fixture(scope="module")
def bundled():
    from pathlib import Path

    from game.scenario.loader import load_file

    root = Path(__file__).resolve().parents[2] / "scenarios"
    return {name: load_file(root / f"{name}.yaml") for name in BUNDLED}


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**31), policy=st.sampled_from(["random", "strategic"]),
       name=st.sampled_from(BUNDLED), short=st.booleans())
def test_bundled_random_games_never_raise_and_replay(bundled, seed, policy, name, short):
    loaded = bundled[name]
    session = Session(loaded, seed, [], {a.id: make_policy(policy) for a in loaded.scenario.actors}, short=short)
    session.run_computers()
    assert session.state.ended
    text = session.save_text()
    state, _ = loads(text, loaded)
    assert transcript(state) == transcript(session.state)
