"""The debrief: the three lenses and its exports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from game.ai import make_policy
from game.debrief.export import render
from game.debrief.model import build_debrief
from game.engine import Action, Answer, Choice, PackageSpec, apply, new_game, open_proposals_for
from game.engine.session import Session
from game.scenario.loader import load_file

SCENARIOS = sorted((Path(__file__).resolve().parent.parent / "scenarios").glob("*.yaml"))


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_historical_play_scores_100_100_and_zero_distance(path):
    """Invariant: historical play against historical computers gives 100, 100 and zero distance."""
    loaded = load_file(path)
    session = Session(loaded, 0, [], {a.id: make_policy("historical") for a in loaded.scenario.actors})
    session.run_computers()
    actors = [a.id for a in loaded.scenario.actors]
    d = build_debrief(session.state, actors)
    assert d.in_character == 100.0
    assert all(s.score == pytest.approx(100.0) for s in d.statecraft)
    assert d.distance == []
    assert all(row.same for row in d.path)


def test_out_of_character_package_and_lower_statecraft(tutorial):
    """Poland accepting a two-party text crosses its own red line: out of character, with the reason;
    ending without the regional text scores below the real diplomat's 100."""
    policy = make_policy("strategic")
    state = new_game(tutorial, 1)
    pair = PackageSpec("protocol", ("poland",), (("partners", "pair"), ("timing", "now")))
    state, _ = apply(state, Choice("ussr", Action("propose", package=pair)))
    state, _ = apply(state, Choice("poland", Action("pass")))
    while not state.ended:
        actor = state.next_actor()
        if actor == "poland":
            due = open_proposals_for(state, actor)
            state, _ = apply(state, Choice(actor, Action("pass"), tuple(Answer(p.id, "accept") for p in due)))
        else:
            state, _ = apply(state, policy.choose(state, actor))
    d = build_debrief(state, ["poland"])
    crossed = [j for j in d.judgements if j.label == "out_of_character"]
    assert crossed and "it leaves out Romania and the Baltic states" in crossed[0].why
    assert d.in_character is not None and d.in_character < 100
    assert d.statecraft[0].score < 100
    assert d.distance


@pytest.mark.parametrize("fmt", ["html", "md", "json"])
def test_exports_render_and_escape(tutorial, fmt):
    session = Session(tutorial, 2, [["ussr"]], {"poland": make_policy("strategic")})
    state = session.state
    while not state.ended:
        actor = state.next_actor()
        due = open_proposals_for(state, actor)
        choice = make_policy("strategic").choose(state, actor) if actor == "poland" else Choice(actor, Action("pass"), tuple(Answer(p.id, "hold") for p in due))
        state, _ = apply(state, choice)
    d = build_debrief(state, ["ussr"])
    d.players = ["<script>alert(1)</script>"]
    out = render(d, fmt)
    assert "Moscow Protocol" in out
    if fmt == "html":
        assert "<script>alert(1)</script>" not in out and "&lt;script&gt;" in out
    if fmt == "json":
        data = json.loads(out)
        assert data["seed"] == 2 and data["choices"] and data["format"] == "litvinov-debrief"
