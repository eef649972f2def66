"""The Moscow (Litvinov) Protocol scenario, 1928–29: it validates, its computer delegations negotiate as
the states did (a table of named cases), historical play reproduces the record, strategic play makes
the historical outcome the most common, everything is sourced, and no text is copied from the seeds."""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # plain `pytest` from another folder
    sys.path.insert(0, str(ROOT))

from game.ai import make_policy  # noqa: E402
from game.ai.strategic import StrategicPolicy  # noqa: E402
from game.engine.history import differences  # noqa: E402
from game.engine.rules import index, new_game  # noqa: E402
from game.engine.session import Session  # noqa: E402
from game.engine.state import GameState, PackageSpec, Proposal  # noqa: E402
from game.engine.utility import text_score  # noqa: E402
from game.playtest import historical_outcome, outcome_key, playtest  # noqa: E402
from game.scenario import loader  # noqa: E402
from tests.negotiation import answer, state_at  # noqa: E402

SCENARIO = ROOT / "scenarios" / "protocol1929.yaml"
SEEDS = sorted((ROOT.parent / "shared" / "history" / "seeds").glob("*.txt"))

HISTORY_TERMS = {"parties": "open", "signing": "joint", "wording": "existing_peace", "entry": "pairwise"}
GROUP = ["poland", "romania", "latvia", "estonia"]  # the regional group Warsaw insisted on
HISTORICAL_OUTCOME = (
    "Moscow Protocol: in force estonia+latvia+lithuania+persia+poland+romania+turkey+ussr "
    "[open,joint,existing_peace,pairwise]"
)


@pytest.fixture(scope="module")
def loaded() -> loader.LoadedScenario:
    return loader.load_file(SCENARIO)


@pytest.fixture(scope="module")
def historical_game(loaded: loader.LoadedScenario) -> GameState:
    session = Session(loaded, 0, [], {a.id: make_policy("historical") for a in loaded.scenario.actors})
    session.run_computers()
    return session.state


# --------------------------------------------------------------------------- 1. it validates


def test_scenario_validates(loaded: loader.LoadedScenario) -> None:
    s = loaded.scenario
    assert s.meta.id == "protocol1929"
    assert 8 <= len(s.calendar.rounds) <= 10
    assert any(r.optional for r in s.calendar.rounds)


def test_calendar_keeps_the_three_moments_of_8_and_9_february_apart(loaded: loader.LoadedScenario) -> None:
    rounds = {r.id: r for r in loaded.scenario.calendar.rounds}
    noon, night, signing = rounds["feb8_noon"], rounds["feb8_night"], rounds["feb9"]
    assert (noon.date, noon.time) == ("1929-02-08", "12:00")
    assert (night.date, night.time, night.certainty) == ("1929-02-08", "23:59", "approximate")
    assert night.note
    assert signing.date == "1929-02-09"
    first, last = loaded.scenario.calendar.rounds[0], loaded.scenario.calendar.rounds[-1]
    assert first.date == "1928-12-29" and last.date.startswith("1929-04")


def test_delegations_and_facts_the_seeds_get_wrong(loaded: loader.LoadedScenario) -> None:
    s = loaded.scenario
    actors = {a.id: a for a in s.actors}
    assert set(actors) == {"ussr", "poland", "romania", "latvia", "estonia", "lithuania", "finland", "turkey", "persia"}
    assert "Deputy People's Commissar" in (actors["ussr"].person or "")
    assert "Warsaw" in (actors["romania"].person or "")
    everything = SCENARIO.read_text(encoding="utf-8").lower()
    assert "czechoslovakia" not in everything or "never a party" in everything
    assert "danzig" not in {a.id for a in s.actors} and "danzig" not in everything
    moscow = next(i for i in s.instruments if i.id == "moscow_protocol")
    assert moscow.accession and moscow.entry_into_force == "pairwise"
    assert {"pl_protocol", "lt_protocol", "nonaggression"} <= {i.id for i in s.instruments}
    record = next(r for r in s.history.instruments if r.instrument == "moscow_protocol")
    acceded = {a.side: a for a in record.acceded}
    assert "finland" not in acceded  # invited, declined
    assert acceded["turkey"].certainty == "disputed"
    assert {a.side for a in record.signed} == {"ussr", "poland", "romania", "latvia", "estonia"}


def test_seatings_for_one_to_nine_players_give_every_seat_decisions(loaded: loader.LoadedScenario) -> None:
    seatings = {seating.players: seating for seating in loaded.scenario.meta.seatings}
    assert set(seatings) == set(range(1, 10))
    assert seatings[3].seats == [["ussr"], ["poland", "romania"], ["latvia", "estonia", "lithuania"]]
    movers = {m.actor for m in loaded.scenario.moves}
    for seating in seatings.values():
        for seat in seating.seats:
            assert any(actor in movers for actor in seat), seat
            # each seat has at least three authored decisions besides answering
            assert sum(1 for m in loaded.scenario.moves if m.actor in seat) >= 3, seat


# --------------------------------------------------------------------------- 2. negotiation cases


def at(loaded: loader.LoadedScenario, round_id: str, *, played: tuple[str, ...] = (),
       warsaw_proposed: bool = False, signed: tuple[str, ...] = (), **variables: int) -> GameState:
    """`state_at`, plus moves already played, a Polish proposal on the table, or signatures made."""
    state = state_at(loaded, round_id, **variables)
    if played:
        state = replace(state, played=frozenset(played))
    if warsaw_proposed:
        package = PackageSpec("moscow_protocol", ("ussr", "romania", "latvia", "estonia"), tuple(HISTORY_TERMS.items()))
        earlier = Proposal(1, max(0, state.round - 1), "poland", "poland", package, None, None, status="closed")
        state = replace(state, proposals=(earlier,))
    if signed:
        inst = replace(
            state.instruments["moscow_protocol"],
            terms=tuple(HISTORY_TERMS.items()),
            parties=tuple(signed),
            signed=tuple((side, 0) for side in signed),
        )
        state = replace(state, instruments={**state.instruments, "moscow_protocol": inst})
    return state


AFTER_SENATE = {"senate_vote": 1}
AFTER_POLITBURO = {"senate_vote": 1, "politburo_line": 2, "chicherin": 1}

# id: (round, state options, actor answering, proposer, instrument, addressees, terms, reply, reason substring)
CASES = {
    "poland_refuses_the_two_party_offer": (
        "jan10", {}, "poland", "ussr", "pl_protocol", ["poland"], {"entry": "pairwise"},
        "reject", "leave Romania and the Baltic states outside"),
    "poland_stalls_before_the_senate_votes": (
        "jan10", {}, "poland", "ussr", "moscow_protocol", GROUP, HISTORY_TERMS,
        "reject", "until the U.S. Senate has voted"),
    "poland_takes_the_same_text_after_the_senate_vote": (
        "jan19", AFTER_SENATE, "poland", "ussr", "moscow_protocol", GROUP, HISTORY_TERMS,
        "accept", "All together, on one day"),
    "poland_never_drops_romania_for_the_soviet_reading": (
        "jan31", AFTER_POLITBURO, "poland", "ussr", "moscow_protocol", GROUP, {**HISTORY_TERMS, "wording": "soviet_reading"},
        "counter", "its ally Romania could never sign"),
    "poland_accepts_a_closed_text_nobody_wrote": (
        "jan31", AFTER_POLITBURO, "poland", "ussr", "moscow_protocol", GROUP,
        {"parties": "regional", "signing": "joint", "wording": "pact_only", "entry": "all_ratified"},
        "accept", "worth"),
    "poland_counters_separate_signing": (
        "jan31", AFTER_POLITBURO, "poland", "ussr", "moscow_protocol", GROUP, {**HISTORY_TERMS, "signing": "separate", "wording": "pact_only"},
        "counter", "must sign together"),
    "poland_counters_litvinovs_trio_with_the_baltic_states": (
        "feb8_noon", AFTER_POLITBURO, "poland", "ussr", "moscow_protocol", ["poland", "romania"], {**HISTORY_TERMS, "signing": "separate"},
        "counter", "adding Latvia, Estonia"),
    "poland_rejects_the_full_non_aggression_treaty": (
        "jan19", AFTER_SENATE, "poland", "ussr", "nonaggression", ["poland"], {},
        "reject", "non-aggression treaty at all"),
    "ussr_counters_before_the_politburo_allows_a_joint_text": (
        "jan19", AFTER_SENATE, "ussr", "poland", "moscow_protocol", ["ussr", "romania", "latvia", "estonia"], HISTORY_TERMS,
        "counter", "Politburo has not yet allowed"),
    "ussr_accepts_the_joint_text_after_the_politburo": (
        "jan31", AFTER_POLITBURO, "ussr", "poland", "moscow_protocol", ["ussr", "romania", "latvia", "estonia"], HISTORY_TERMS,
        "accept", "having the Moscow Protocol at all"),
    "ussr_counters_a_closed_text_towards_accession": (
        "jan31", AFTER_POLITBURO, "ussr", "poland", "moscow_protocol", ["ussr", "romania", "latvia", "estonia"],
        {"parties": "regional", "signing": "joint", "wording": "pact_only", "entry": "all_ratified"},
        "counter", "The group, open to accession"),
    "ussr_takes_up_a_polish_bilateral_offer": (
        "jan10", {}, "ussr", "poland", "pl_protocol", ["ussr"], {"entry": "pairwise"},
        "accept", "Soviet–Polish protocol"),
    "romania_red_line_soviet_reading_whatever_else_is_offered": (
        "jan31", {**AFTER_POLITBURO, "played": ("ussr_invite_romania",)}, "romania", "poland", "moscow_protocol",
        ["ussr", "romania", "latvia", "estonia"], {**HISTORY_TERMS, "wording": "soviet_reading"},
        "counter", "does not confirm the existing state of peace"),
    "romania_red_line_pact_words_only": (
        "jan31", {**AFTER_POLITBURO, "played": ("ussr_invite_romania",)}, "romania", "poland", "moscow_protocol",
        ["ussr", "romania", "latvia", "estonia"], {**HISTORY_TERMS, "wording": "pact_only"},
        "counter", "does not confirm the existing state of peace"),
    "romania_waits_to_be_invited": (
        "jan31", AFTER_POLITBURO, "romania", "poland", "moscow_protocol", ["ussr", "romania", "latvia", "estonia"], HISTORY_TERMS,
        "reject", "has not been invited"),
    "romania_takes_the_peace_formula_once_invited": (
        "jan31", {**AFTER_POLITBURO, "played": ("ussr_invite_romania",)}, "romania", "poland", "moscow_protocol",
        ["ussr", "romania", "latvia", "estonia"], HISTORY_TERMS,
        "accept", "Confirm the existing peace"),
    "romania_will_not_sign_without_poland": (
        "jan31", {**AFTER_POLITBURO, "played": ("ussr_invite_romania",)}, "romania", "ussr", "moscow_protocol",
        ["romania", "latvia", "estonia"], HISTORY_TERMS,
        "counter", "only together with its ally Poland"),
    "lithuania_red_line_beside_poland_whatever_else_is_offered": (
        "jan31", AFTER_POLITBURO, "lithuania", "ussr", "moscow_protocol", ["lithuania", *GROUP], HISTORY_TERMS,
        "reject", "signing beside Poland while Poland holds Vilnius"),
    "lithuania_lets_the_two_party_offer_lie": (
        "jan10", {}, "lithuania", "ussr", "lt_protocol", ["lithuania"], {"entry": "pairwise"},
        "reject", "Soviet–Lithuanian protocol"),
    "latvia_not_without_poland": (
        "jan31", {**AFTER_POLITBURO, "warsaw_proposed": True}, "latvia", "ussr", "moscow_protocol",
        ["latvia", "estonia", "romania"], HISTORY_TERMS,
        "counter", "Riga follows Warsaw"),
    "latvia_waits_for_warsaw": (
        "jan31", AFTER_POLITBURO, "latvia", "ussr", "moscow_protocol", GROUP, HISTORY_TERMS,
        "reject", "waiting to see what Warsaw proposes"),
    "latvia_follows_once_warsaw_has_proposed": (
        "jan31", {**AFTER_POLITBURO, "warsaw_proposed": True}, "latvia", "poland", "moscow_protocol",
        ["ussr", "romania", "latvia", "estonia"], HISTORY_TERMS,
        "accept", "having the Moscow Protocol at all"),
    "estonia_moves_with_the_group": (
        "jan31", {**AFTER_POLITBURO, "warsaw_proposed": True}, "estonia", "poland", "moscow_protocol",
        ["ussr", "romania", "latvia", "estonia"], HISTORY_TERMS,
        "accept", "having the Moscow Protocol at all"),
    "finland_declines": (
        "jan31", AFTER_POLITBURO, "finland", "ussr", "moscow_protocol", ["finland", *GROUP], HISTORY_TERMS,
        "reject", "having the Moscow Protocol at all (-1.0)"),
    "turkey_waits_for_a_signed_text": (
        "jan31", AFTER_POLITBURO, "turkey", "ussr", "moscow_protocol", ["turkey", *GROUP], HISTORY_TERMS,
        "reject", "no signed text to join yet"),
}


@pytest.mark.parametrize("case", list(CASES.values()), ids=list(CASES))
def test_negotiation(loaded: loader.LoadedScenario, case: tuple) -> None:
    round_id, options, actor, proposer, instrument, to, terms, reply, reason = case
    state = at(loaded, round_id, **options)
    result = answer(state, actor, proposer, instrument, to, terms)
    assert result.reply == reply, result.reasons
    assert any(reason in line for line in result.reasons), result.reasons
    if reply == "counter":
        # a counter changes at most two issues in the answerer's favour, or only who is in
        assert result.counter is not None
        changed = [issue for issue, option in result.counter.terms if terms.get(issue) != option]
        mine = index(loaded).side_of[actor]
        addressees = set(result.counter.to) != {proposer, *to} - {mine}
        assert len(changed) <= 2 and (changed or addressees), (changed, result.counter)
        if "red line" in result.reasons[0]:
            assert not any(line.startswith("red line") for line in answer(
                state, actor, proposer, instrument, [s for s in result.counter.to if s != proposer] + [mine],
                dict(result.counter.terms)).reasons), "the counter must clear the red line"


def test_the_counter_to_the_trio_brings_latvia_and_estonia_back(loaded: loader.LoadedScenario) -> None:
    state = at(loaded, "feb8_noon", **AFTER_POLITBURO)
    result = answer(state, "poland", "ussr", "moscow_protocol", ["poland", "romania"], {**HISTORY_TERMS, "signing": "separate"})
    assert result.counter is not None
    assert {"ussr", "romania", "latvia", "estonia"} <= set(result.counter.to)
    assert dict(result.counter.terms) == HISTORY_TERMS


def test_red_lines_hold_whatever_else_is_offered(loaded: loader.LoadedScenario) -> None:
    """Every combination of the other issues: Lithuania beside Poland and Romania without the peace wording."""
    state = at(loaded, "feb8_night", **AFTER_POLITBURO, played=("ussr_invite_romania",))
    for parties in ("regional", "open"):
        for signing in ("joint", "separate"):
            for entry in ("pairwise", "all_ratified"):
                best = {"parties": parties, "signing": signing, "wording": "existing_peace", "entry": entry}
                lithuania = answer(state, "lithuania", "ussr", "moscow_protocol", ["lithuania", *GROUP], best)
                assert lithuania.reply == "reject" and "red line" in lithuania.reasons[0]
                for wording in ("pact_only", "soviet_reading"):
                    romania = answer(state, "romania", "poland", "moscow_protocol", ["ussr", "romania", "latvia", "estonia"],
                                     {**best, "wording": wording})
                    assert romania.reply in ("reject", "counter") and "red line" in romania.reasons[0]


def test_senate_vote_and_politburo_fire_as_events_and_change_answers(historical_game: GameState,
                                                                      loaded: loader.LoadedScenario) -> None:
    assert historical_game.vars["senate_vote"] == 1 and historical_game.vars["politburo_line"] == 2
    fired = {e.get("event"): e.round for e in historical_game.log if e.kind == "event"}
    calendar = [r.id for r in loaded.scenario.calendar.rounds]
    assert calendar[fired["senate_vote"]] == "jan19" and calendar[fired["politburo_second_variant"]] == "jan31"
    # the same package, before and after the Senate vote, as the game itself sets the variable
    game = new_game(loaded, 5)
    before = answer(game, "poland", "ussr", "moscow_protocol", GROUP, HISTORY_TERMS)
    after = answer(replace(game, vars={**game.vars, "senate_vote": 1}), "poland", "ussr", "moscow_protocol", GROUP, HISTORY_TERMS)
    assert (before.reply, after.reply) == ("reject", "accept")


def test_litvinov_tries_the_trio_when_no_text_is_agreed_at_noon_on_8_february(loaded: loader.LoadedScenario) -> None:
    state = at(loaded, "feb8_noon", **AFTER_POLITBURO)
    action = StrategicPolicy().initiative(state, "ussr", state.rng("ussr"), set())
    assert action.move == "ussr_trio"


def test_accession_after_signature_and_no_signature_after_accession(loaded: loader.LoadedScenario) -> None:
    signed = ("ussr", "poland", "romania", "latvia", "estonia")
    state = at(loaded, "mar30", **AFTER_POLITBURO, signed=signed)
    for side in ("turkey", "persia", "lithuania"):
        score = text_score(state, side, "moscow_protocol")
        assert score is not None and not score.red_lines and score.utility >= score.reservation, side
    finland = text_score(state, "finland", "moscow_protocol")
    assert finland is not None and finland.utility < finland.reservation
    # once acceded, the engine would still allow a signature; the personas refuse it
    inst = state.instruments["moscow_protocol"]
    inst = replace(inst, acceded=(("lithuania", 0),), parties=(*inst.parties, "lithuania"))
    after = replace(state, instruments={**state.instruments, "moscow_protocol": inst})
    score = text_score(after, "lithuania", "moscow_protocol")
    assert score is not None and score.red_lines


# --------------------------------------------------------------------------- 3. historical play


def test_historical_play_reproduces_the_record(historical_game: GameState) -> None:
    assert historical_game.ended and historical_game.end_reason == "calendar"
    assert differences(historical_game) == []
    assert [c for c in historical_game.choices if c.diverged] == []
    assert outcome_key(historical_game) == HISTORICAL_OUTCOME


def test_history_record_covers_every_actor_in_every_round(loaded: loader.LoadedScenario) -> None:
    s = loaded.scenario
    moves = {(p.round, p.actor) for p in s.history.plays if p.move}
    assert moves == {(r.id, a.id) for r in s.calendar.rounds for a in s.actors}
    proposing = {m.id for m in s.moves if m.kind == "propose"}
    assert all(p.to in proposing for p in s.history.plays if p.answer)


# --------------------------------------------------------------------------- 4. strategic playtest


def test_strategic_playtest(loaded: loader.LoadedScenario) -> None:
    result = playtest(loaded, runs=300)
    assert result.errors == []
    rounds = len(loaded.scenario.calendar.rounds)
    assert set(result.lengths) == {rounds}
    assert result.historical == HISTORICAL_OUTCOME == historical_outcome(loaded)
    most_common, count = result.outcomes.most_common(1)[0]
    assert most_common == result.historical
    assert count > sum(result.outcomes.values()) / 2


def test_short_setting_and_random_play_run_to_the_end(loaded: loader.LoadedScenario) -> None:
    short = [r for r in loaded.scenario.calendar.rounds if not r.optional]
    for seed in range(20):
        session = Session(loaded, seed, [], {a.id: make_policy("strategic") for a in loaded.scenario.actors}, short=True)
        session.run_computers()
        assert session.state.ended and session.state.round + 1 == len(short)
    outcomes: Counter[str] = Counter()
    for seed in range(30):
        session = Session(loaded, seed, [], {a.id: make_policy("random") for a in loaded.scenario.actors})
        session.run_computers()
        assert session.state.ended
        outcomes[outcome_key(session.state)] += 1
    assert outcomes  # random play finishes; its outcomes vary


# --------------------------------------------------------------------------- 5. sources and wording


def test_every_move_event_and_record_has_a_source(loaded: loader.LoadedScenario) -> None:
    s = loaded.scenario
    sources = {src.id: src for src in s.meta.sources}
    for move in s.moves:
        assert move.source in sources, move.id
        assert move.note.strip(), move.id
        if move.plausibility == "historical":
            assert move.happened, move.id
    for event in s.events:
        assert event.source in sources, event.id
    for play in s.history.plays:
        assert play.source in sources, (play.round, play.actor)
    for record in s.history.instruments:
        assert record.source in sources
        for act in (*record.signed, *record.ratified, *record.acceded):
            assert act.source in sources, (record.instrument, act.side)
            if act.certainty != "confirmed":
                assert act.note, (record.instrument, act.side)
    for item in s.history.epilogue:
        assert item.source in sources
    kinds = {src.kind for src in sources.values()}
    assert {"primary", "scholarly", "reference", "web"} <= kinds
    assert all(src.url for src in sources.values())


def test_every_delegation_has_historical_and_alternative_moves(loaded: loader.LoadedScenario) -> None:
    by_actor: dict[str, set[str]] = {}
    for move in loaded.scenario.moves:
        by_actor.setdefault(move.actor, set()).add(move.plausibility)
    for actor in ("ussr", "poland", "romania", "latvia", "lithuania", "finland"):
        assert "historical" in by_actor[actor], actor
        assert by_actor[actor] & {"considered", "plausible", "out_of_character"}, actor
    labels = {m.plausibility for m in loaded.scenario.moves}
    assert labels == {"historical", "considered", "plausible", "out_of_character"}


def test_evidence_cards_are_paraphrases_attached_to_moves(loaded: loader.LoadedScenario) -> None:
    s = loaded.scenario
    cards = {card.id: card for card in s.evidence}
    used = {m.evidence for m in s.moves if m.evidence}
    assert {"card_note_29dec", "card_protocol_preamble"} <= used == set(cards)
    sources = {src.id: src for src in s.meta.sources}
    for card in cards.values():
        assert sources[card.source].url, card.id
        assert '"' not in card.summary and "“" not in card.summary, card.id  # no quotation marks: no quotations


def test_reasons_read_as_plain_words(loaded: loader.LoadedScenario) -> None:
    for actor in loaded.scenario.actors:
        reasons = [r.reason for r in actor.persona.red_lines] + [a.reason for a in actor.persona.adjustments]
        for reason in reasons:
            # shown as "Poland rejects: <reason>": no full stop, no repeating the actor's own name first
            assert not reason.endswith("."), (actor.id, reason)
            assert not reason.startswith(actor.name), (actor.id, reason)
            assert len(reason) < 110, (actor.id, reason)


def test_debrief_and_glossary(loaded: loader.LoadedScenario) -> None:
    d = loaded.scenario.debrief
    assert len(d.questions) >= 6 and sum(1 for q in d.questions if q.when) >= 3
    assert len(d.ask_why) >= 4
    terms = {g.term for g in loaded.scenario.meta.glossary}
    assert {"ratify", "accession", "plenipotentiary", "protocol", "depositary"} <= terms
    epilogue = " ".join(f"{e.date} {e.text}" for e in loaded.scenario.history.epilogue)
    assert "25 July 1932" in epilogue and "17 September 1939" in epilogue


def test_briefings_are_short(loaded: loader.LoadedScenario) -> None:
    s = loaded.scenario
    texts = [s.meta.briefing] + [r.briefing for r in s.calendar.rounds if r.briefing] + [a.briefing for a in s.actors if a.briefing]
    for text in texts:
        sentences = [x for x in re.split(r"(?<=[.!?])\s+", text.strip()) if x]
        assert 1 <= len(sentences) <= 4, text


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def test_no_eight_word_run_shared_with_the_seed_texts() -> None:
    assert SEEDS, "seed texts not found beside the repository"
    runs: set[tuple[str, ...]] = set()
    for seed in SEEDS:
        words = _words(seed.read_text(encoding="utf-8"))
        runs |= {tuple(words[i:i + 8]) for i in range(len(words) - 7)}
    words = _words(SCENARIO.read_text(encoding="utf-8"))
    shared = {" ".join(words[i:i + 8]) for i in range(len(words) - 7) if tuple(words[i:i + 8]) in runs}
    assert shared == set()


def test_index_names_every_side(loaded: loader.LoadedScenario) -> None:
    # sides are the nine delegations; each has its own authority
    idx = index(loaded)
    assert all(idx.authority[side] == side for side in idx.sides)
