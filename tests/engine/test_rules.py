"""The rules as a table of named cases, in the style of the DATC tests of the `diplomacy` package:
each case quotes the rule, sets up, plays, and asserts."""

from __future__ import annotations

import pytest

from game.engine import Action, Choice, IllegalChoice, apply, legal_actions, new_game, view_for
from game.engine.rules import PROPOSAL_LIFETIME
from tests.engine.helpers import play_round, propose


def agreed(rules, seed=1):
    """USSR proposes the multilateral text to Poland; Poland accepts in round 2."""
    s = new_game(rules, seed)
    s = play_round(s, {"ussr": propose("multi", ["poland"], parties="regional", wording="peace")})
    return play_round(s, replies={"poland": "accept"})


def test_accepted_proposal_agrees_the_text(rules):
    """A text is agreed when proposer + accepting addressees reach min_parties."""
    s = agreed(rules)
    inst = s.instruments["multi"]
    assert inst.terms == (("parties", "regional"), ("wording", "peace"))
    assert inst.parties == ("ussr", "poland")
    assert s.proposals[0].status == "closed"


def test_rejected_proposal_leaves_no_text(rules):
    """A proposal every addressee rejects is closed and agrees nothing; trust falls."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("multi", ["poland"], parties="regional", wording="peace")})
    s = play_round(s, replies={"poland": "reject"})
    assert s.instruments["multi"].terms is None
    assert s.proposals[0].status == "closed"
    assert s.trust[("ussr", "poland")] == -1


def test_holder_joins_the_agreed_text_later(rules):
    """An addressee that holds may accept later and then joins the parties."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("multi", ["poland", "romania"], parties="regional", wording="peace")})
    s = play_round(s, replies={"poland": "accept", "romania": "hold"})
    assert s.instruments["multi"].parties == ("ussr", "poland")
    s = play_round(s, replies={"romania": "accept"})
    assert s.instruments["multi"].parties == ("ussr", "poland", "romania")


def test_unanswered_proposal_lapses(rules):
    """A proposal held by everyone lapses after PROPOSAL_LIFETIME rounds."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("multi", ["poland"], parties="regional")})
    for _ in range(PROPOSAL_LIFETIME):
        s = play_round(s)
    assert s.proposals[0].status == "closed"
    assert s.instruments["multi"].terms is None


def test_sign_needs_an_agreed_text(rules):
    """Nobody may sign before a text is agreed."""
    s = new_game(rules, 1)
    assert not any(a.kind == "sign" for a in legal_actions(s, "ussr"))
    with pytest.raises(IllegalChoice, match="cannot sign"):
        apply(s, Choice("ussr", Action("sign", instrument="multi")))


def test_only_parties_to_the_text_sign(rules):
    """Only sides in the agreed text's parties may sign; others may accede later."""
    s = agreed(rules)
    assert any(a.kind == "sign" and a.instrument == "multi" for a in legal_actions(s, "poland"))
    assert not any(a.kind == "sign" for a in legal_actions(s, "lithuania"))


def test_pairwise_entry_into_force(rules):
    """Pairwise: in force between two parties once both have ratified (Art. III of the real protocol)."""
    s = agreed(rules)
    s = play_round(s, {"ussr": Action("sign", instrument="multi"), "poland": Action("sign", instrument="multi")})
    s = play_round(s, {"ussr": Action("ratify", instrument="multi")})
    assert s.instruments["multi"].in_force == ()
    s = play_round(s, {"poland": Action("ratify", instrument="multi")})
    assert [(a, b) for a, b, _ in s.instruments["multi"].in_force] == [("poland", "ussr")]


def test_all_ratified_entry_into_force(rules):
    """all_ratified: in force only when every signatory has ratified."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("pair", ["poland"], parties="regional")})
    s = play_round(s, replies={"poland": "accept"})
    s = play_round(s, {"ussr": Action("sign", instrument="pair"), "poland": Action("sign", instrument="pair")})
    s = play_round(s, {"poland": Action("ratify", instrument="pair")})
    assert s.instruments["pair"].in_force == ()
    s = play_round(s, {"ussr": Action("ratify", instrument="pair")})
    assert len(s.instruments["pair"].in_force) == 1


def test_on_signature_entry_into_force(rules):
    """on_signature (an exchange of notes): in force when both have signed; no ratification."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("notes", ["lithuania"])})
    s = play_round(s, replies={"lithuania": "accept"})
    assert not any(a.kind == "ratify" for a in legal_actions(s, "ussr"))
    s = play_round(s, {"ussr": Action("sign", instrument="notes"), "lithuania": Action("sign", instrument="notes")})
    assert [(a, b) for a, b, _ in s.instruments["notes"].in_force] == [("lithuania", "ussr")]


def test_accession_after_signature(rules):
    """Accession: a candidate that did not sign may accede once min_parties have signed; it is then
    bound pairwise with every ratified party — and here that ends the game (end_when)."""
    s = agreed(rules)
    assert not any(a.kind == "accede" for a in legal_actions(s, "lithuania"))
    s = play_round(s, {"ussr": Action("sign", instrument="multi"), "poland": Action("sign", instrument="multi")})
    s = play_round(s, {"ussr": Action("ratify", instrument="multi"), "lithuania": Action("accede", instrument="multi")})
    inst = s.instruments["multi"]
    assert "lithuania" in inst.parties
    assert inst.in_force_between("ussr", "lithuania")
    assert not inst.in_force_between("poland", "lithuania")
    assert s.ended and s.end_reason == "end_when"


def test_calendar_end(rules):
    """The game ends when the calendar ends."""
    s = new_game(rules, 1)
    for _ in range(6):
        s = play_round(s)
    assert s.ended and s.end_reason == "calendar"
    with pytest.raises(IllegalChoice, match="ended"):
        apply(s, Choice("ussr", Action("pass")))


def test_short_setting_skips_optional_rounds(rules):
    """The short setting skips rounds marked optional."""
    assert len(new_game(rules, 1, short=True).rounds) == 5
    assert len(new_game(rules, 1).rounds) == 6


def test_counter_closes_and_replies(rules):
    """A counter-proposal rejects the proposal and sends a new package back to the proposer."""
    from game.engine import Answer

    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("multi", ["poland"], parties="bilateral", wording="soviet")})
    counter = propose("multi", ["ussr"], parties="regional", wording="soviet").package
    s, _ = apply(s, Choice("ussr", Action("pass")))
    s, _ = apply(s, Choice("poland", Action("pass"), (Answer(1, "counter", counter),)))
    while s.round == 1:
        s = play_round(s)
    assert s.proposals[0].status == "closed"
    assert s.proposals[1].side == "poland" and s.proposals[1].package.to == ("ussr",)


def test_round_event_fires_and_changes_a_variable(rules):
    """Events named for a round fire at its start."""
    s = new_game(rules, 1)
    s = play_round(play_round(s))
    assert s.vars["senate"] == 1 and "senate_votes" in s.fired


def test_answers_must_cover_due_proposals(rules):
    """An actor must answer each open proposal addressed to it, once."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("multi", ["poland"], parties="regional")})
    s, _ = apply(s, Choice("ussr", Action("pass")))
    with pytest.raises(IllegalChoice, match="answer each open proposal"):
        apply(s, Choice("poland", Action("pass")))


def test_out_of_turn_is_illegal(rules):
    s = new_game(rules, 1)
    with pytest.raises(IllegalChoice, match="turn"):
        apply(s, Choice("poland", Action("pass")))


def test_signed_instrument_cannot_be_reproposed(rules):
    """Once signed, a text is fixed: new proposals on it are refused (accede instead)."""
    s = agreed(rules)
    s = play_round(s, {"ussr": Action("sign", instrument="multi")})
    with pytest.raises(IllegalChoice, match="already signed"):
        apply(s, Choice("ussr", propose("multi", ["romania"], parties="regional")))


def test_view_hides_other_secrets_and_hidden_variables(rules):
    """view_for exposes only what that actor may see."""
    s = new_game(rules, 1)
    ussr, poland = view_for(s, "ussr"), view_for(s, "poland")
    assert ussr.secret_goals and not poland.secret_goals
    assert "secret_pressure" in ussr.variables and "secret_pressure" not in poland.variables
    s = play_round(s, {"ussr": Action("move", move="ussr_speech")})
    assert not any(e.kind == "var" and e.get("var") == "secret_pressure" for e in view_for(s, "poland").log)
    assert any(e.kind == "var" and e.get("var") == "secret_pressure" for e in view_for(s, "ussr").log)


def test_choices_stay_hidden_until_the_round_resolves(rules):
    """Nothing about this round's choices is in the public record before all have chosen."""
    s = new_game(rules, 1)
    s, entries = apply(s, Choice("ussr", propose("multi", ["poland"], parties="regional")))
    assert entries == [] and not any(e.kind == "proposal" for e in view_for(s, "poland").log)


def test_rejection_with_own_text_costs_no_trust(rules):
    """Rejecting while proposing one's own text on the same instrument is a counter in effect: no
    trust is lost (Poland's answer of January 1929); a bare rejection costs one point."""
    s = new_game(rules, 1)
    s = play_round(s, {"ussr": propose("multi", ["poland"], parties="bilateral")})
    s = play_round(s, {"poland": propose("multi", ["ussr"], parties="regional")}, replies={"poland": "reject"})
    assert s.trust.get(("ussr", "poland"), 0) == 0
