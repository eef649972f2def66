"""Named negotiation cases: a package put to a computer delegation, the expected answer, and the
expected reason — computed from the persona's scoring, never canned."""

from __future__ import annotations

import pytest

from game.playtest import playtest
from tests.negotiation import answer, state_at

# (case id, scenario, round, variables, answering actor, proposer, instrument, to, terms, reply, reason substring)
CASES = [
    ("tutorial-red-line-pair-now", "tutorial", "dec29", {}, "poland", "ussr", "protocol", ["poland"],
     {"partners": "pair", "timing": "now"}, "counter", "red line: it leaves out Romania and the Baltic states"),
    ("tutorial-red-line-beats-good-timing", "tutorial", "dec29", {}, "poland", "ussr", "protocol", ["poland"],
     {"partners": "pair", "timing": "together"}, "counter", "Poland's allies came first"),
    ("tutorial-unauthored-package-accepted", "tutorial", "dec29", {}, "poland", "ussr", "protocol", ["poland"],
     {"partners": "region", "timing": "now"}, "accept", "largest gain — Who signs: “Poland, Romania and the Baltic states too”"),
    ("tutorial-open-timing-accepted", "tutorial", "dec29", {}, "poland", "ussr", "protocol", ["poland"],
     {"partners": "region", "timing": None}, "accept", "source: O. N. Ken and A. I. Rupasov"),
    ("tutorial-ussr-early-counters", "tutorial", "dec29", {}, "ussr", "poland", "protocol", ["ussr"],
     {"partners": "region", "timing": "together"}, "counter", "largest cost — Who signs: “Poland, Romania and the Baltic states too”"),
    ("tutorial-ussr-late-accepts", "tutorial", "jan31", {}, "ussr", "poland", "protocol", ["ussr"],
     {"partners": "region", "timing": "together"}, "accept", "threshold"),
    ("tutorial-ussr-takes-its-own-offer", "tutorial", "dec29", {}, "ussr", "poland", "protocol", ["ussr"],
     {"partners": "pair", "timing": "now"}, "accept", "largest gain — having the Moscow Protocol at all (+2.0)"),
    ("fixture-romania-peace-red-line", "rules", "r1", {}, "romania", "ussr", "multi", ["romania", "poland"],
     {"parties": "regional", "wording": "soviet"}, "counter", "does not confirm the existing state of peace (a red line since the Bessarabia dispute)"),
    ("fixture-romania-red-line-whatever-else", "rules", "r6", {}, "romania", "ussr", "multi", ["romania"],
     {"parties": "bilateral", "wording": "soviet"}, "counter", "red line"),
    ("fixture-romania-accepts-peace-wording", "rules", "r1", {}, "romania", "ussr", "multi", ["romania", "poland"],
     {"parties": "regional", "wording": "peace"}, "accept", "Confirm the existing peace"),
    ("fixture-lithuania-not-beside-poland", "rules", "r1", {}, "lithuania", "ussr", "multi", ["lithuania", "poland"],
     {"parties": "regional", "wording": "peace"}, "counter", "it will not sign beside Poland (Vilnius)"),
    ("fixture-lithuania-alone-accepts", "rules", "r1", {}, "lithuania", "ussr", "notes", ["lithuania"],
     {}, "accept", "having the Exchange of notes at all"),
    ("fixture-poland-stalls-before-senate", "rules", "r1", {}, "poland", "ussr", "pair", ["poland"],
     {"parties": None}, "counter", "worth +1.0 against a threshold of +1.5"),
    ("fixture-poland-accepts-after-senate", "rules", "r3", {"senate": 1}, "poland", "ussr", "pair", ["poland"],
     {"parties": None}, "accept", "keener: the U.S. Senate has ratified the Pact, so stalling gains nothing"),
    ("fixture-poland-counters-bilateral", "rules", "r1", {}, "poland", "ussr", "pair", ["poland"],
     {"parties": "bilateral"}, "counter", "counters with Who takes part: “A regional group”"),
    ("fixture-ussr-counters-two-issues", "rules", "r1", {}, "ussr", "poland", "multi", ["ussr"],
     {"parties": "regional", "wording": "peace"}, "counter", "counters with Who takes part: “Two states only”; Meaning of war: “The Soviet reading”"),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_negotiation_case(case, rules, tutorial):
    _, which, round_id, variables, actor, proposer, instrument, to, terms, reply, reason = case
    loaded = {"rules": rules, "tutorial": tutorial}[which]
    result = answer(state_at(loaded, round_id, **variables), actor, proposer, instrument, to, terms)
    assert result.reply == reply, result.reasons
    assert any(reason in r for r in result.reasons), result.reasons
    if result.reply == "counter":
        assert result.counter is not None
        changed = [i for i, o in result.counter.terms if dict(terms).get(i) != o]
        assert 1 <= len(changed) <= 2 or set(result.counter.to) != set(to)


def test_rejected_then_accepted_after_a_variable_changes(rules):
    """The same package: refused before the Senate votes, accepted after — only `senate` changed."""
    terms = {"parties": None}
    before = answer(state_at(rules, "r3", senate=0), "poland", "ussr", "pair", ["poland"], terms)
    after = answer(state_at(rules, "r3", senate=1), "poland", "ussr", "pair", ["poland"], terms)
    assert before.reply != "accept" and after.reply == "accept"


def test_reasons_follow_the_persona_not_a_script(tutorial):
    """Reasons carry the computed values: changing the package changes the numbers in them."""
    a = answer(state_at(tutorial, "dec29"), "poland", "ussr", "protocol", ["poland"], {"partners": "region", "timing": "now"})
    b = answer(state_at(tutorial, "dec29"), "poland", "ussr", "protocol", ["poland"], {"partners": "region", "timing": "together"})
    assert a.reasons != b.reasons
    assert "worth +2.5" in " ".join(a.reasons) and "worth +3.5" in " ".join(b.reasons)


def test_policies_are_deterministic_and_legal(rules):
    from game.ai import make_policy
    from game.engine import apply, new_game

    for name in ("strategic", "historical", "random"):
        for seed in range(15):
            state = new_game(rules, seed)
            policy = make_policy(name)
            while not state.ended:
                actor = state.next_actor()
                first = policy.choose(state, actor)
                assert policy.choose(state, actor) == first
                state, _ = apply(state, first)  # raises IllegalChoice if not legal


def test_calibration_historical_outcome_most_common(tutorial):
    """With every delegation strategic, the historical outcome is the most common over 1,000 seeds."""
    result = playtest(tutorial, 1000)
    assert not result.errors
    assert result.outcomes.most_common(1)[0][0] == result.historical
