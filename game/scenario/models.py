"""The scenario contract: strict, frozen pydantic models of one scenario file (schema_version 1).

Every field carries a description; it feeds the JSON Schema (`litvinov schema`) and the teachers'
reference. Cross-references between ids are checked in `checks.py`, not here.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=48),
    Field(description="An id: lower-case letters, digits and _, starting with a letter."),
]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Certainty = Literal["confirmed", "approximate", "disputed"]
Plausibility = Literal["historical", "considered", "plausible", "out_of_character"]


class Model(BaseModel):
    """Base: unknown fields are errors, models are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# --------------------------------------------------------------------------- meta


class Source(Model):
    id: Slug = Field(description="Id that `source:` fields use to cite this source.")
    citation: Text = Field(description="Full citation: author, title, publication, date, page.")
    url: str | None = Field(None, description="Where the source can be read (a link), if online.")
    kind: Literal["primary", "scholarly", "reference", "web"] = Field(
        description="primary (a document of the time), scholarly (a historian's book or article), "
        "reference (an encyclopedia) or web (other pages)."
    )
    note: str | None = Field(None, description="What this source is good for, or how strong it is.")


class GlossaryEntry(Model):
    term: Text = Field(description="The word as it appears in the game, e.g. `ratify`.")
    definition: Text = Field(description="A plain explanation a 15-year-old understands.")


class Seating(Model):
    players: int = Field(ge=1, le=9, description="How many players this seating is for.")
    seats: list[list[Slug]] = Field(
        description="One entry per player: the actors that player controls (several = a team seat "
        "or a player with several delegations). Actors not listed are played by the computer."
    )
    note: str | None = Field(None, description="Advice for the teacher about this seating.")


class Meta(Model):
    id: Slug = Field(description="The scenario's id, used by `litvinov play ID`.")
    title: Text = Field(description="Title shown on the scenario list.")
    period: Text = Field(description="The period covered, e.g. `December 1928 – April 1929`.")
    language: str = Field("en", description="Language of the text (ISO code, e.g. `en`).")
    authors: list[Text] = Field(default_factory=list, description="Who wrote the scenario.")
    licence: str = Field("CC-BY-4.0", description="Licence of the scenario text.")
    objectives: list[Text] = Field(
        default_factory=list, description="Learning objectives: what a student should understand."
    )
    minutes: int = Field(25, ge=5, le=600, description="Minutes of play the scenario is meant for.")
    summary: str | None = Field(None, description="One or two sentences for the scenario list (default: the briefing's first sentence).")
    briefing: Text = Field(description="The opening briefing every player reads first.")
    coach_notes: list[Text] = Field(
        default_factory=list, description="Hints shown in round 1 to first-time players."
    )
    sources: list[Source] = Field(description="Every source the scenario cites.")
    glossary: list[GlossaryEntry] = Field(
        default_factory=list, description="Terms explained on focus and with `?term`."
    )
    seatings: list[Seating] = Field(
        default_factory=list,
        description="Seatings for 1..N players. Without one, each player takes the next actor.",
    )


# --------------------------------------------------------------------------- calendar


class Round(Model):
    id: Slug = Field(description="Id of the round, used by conditions and the history record.")
    date: str = Field(
        pattern=r"^\d{4}-\d{2}-\d{2}$",
        description="The date this round stands for, as YYYY-MM-DD (quote it: \"1929-02-08\").",
    )
    time: str | None = Field(
        None, pattern=r"^\d{2}:\d{2}$", description="Time of day as HH:MM in quotes, e.g. \"12:00\"."
    )
    label: Text = Field(description="How the round is named on screen, e.g. `8 February 1929, noon`.")
    certainty: Certainty = Field("confirmed", description="How sure the date is.")
    note: str | None = Field(None, description="Why the date is approximate or disputed.")
    optional: bool = Field(False, description="Skipped by the teacher's short setting.")
    briefing: str | None = Field(None, description="What every player reads at the start of the round.")


class Calendar(Model):
    rounds: list[Round] = Field(min_length=1, description="The rounds in order, earliest first.")


# --------------------------------------------------------------------------- actors


class Side(Model):
    id: Slug = Field(description="Id of the side (a state); instruments name sides as parties.")
    name: Text = Field(description="Name of the state, e.g. `Poland`.")


class Goal(Model):
    text: Text = Field(description="The goal in plain words, shown to the player.")
    issue: Slug | None = Field(None, description="The issue this goal is about, if any.")
    prefer: list[Slug] = Field(
        default_factory=list, description="That issue's options, best first (sets the persona)."
    )
    weight: float = Field(1.0, ge=0, le=10, description="How much this goal matters (default 1).")
    source: Slug | None = Field(None, description="Source for this being a real goal.")


class RedLine(Model):
    issue: Slug | None = Field(None, description="The issue whose `options` are unacceptable.")
    options: list[Slug] = Field(default_factory=list, description="Options never accepted.")
    with_parties: list[Slug] = Field(
        default_factory=list, description="Sides beside which this actor will never sign."
    )
    without_parties: list[Slug] = Field(
        default_factory=list, description="Sides without which this actor will not agree."
    )
    instrument: Slug | None = Field(None, description="Limit the red line to this instrument.")
    when: str | None = Field(None, description="Condition under which the red line holds.")
    reason: Text = Field(description="Why, in plain words: `the draft does not confirm the peace`.")
    since: str | None = Field(None, description="Where it comes from: `a red line since 1918`.")
    source: Slug | None = Field(None, description="Source for this red line.")

    @model_validator(mode="after")
    def _one_kind(self) -> RedLine:
        if not (self.options or self.with_parties or self.without_parties):
            raise ValueError(
                "a red line needs `options` (with `issue`), `with_parties` or `without_parties`"
            )
        if self.options and not self.issue:
            raise ValueError("a red line with `options` needs the `issue` they belong to")
        return self


class Adjustment(Model):
    when: str = Field(description="Condition under which this adjustment applies.")
    reservation: float = Field(0.0, description="Added to the reservation value (negative = keener).")
    instrument: Slug | None = Field(None, description="Only for packages on this instrument.")
    reason: Text = Field(description="Plain words shown when this changes an answer.")
    source: Slug | None = Field(None, description="Source for this pressure.")


class Persona(Model):
    values: dict[Slug, dict[Slug, float]] = Field(
        default_factory=dict,
        description="Value of each option: `{issue: {option: value}}`. Defaults from goals.",
    )
    instruments: dict[Slug, float] = Field(
        default_factory=dict, description="Value of an instrument coming to exist with this side in it."
    )
    reservation: float = Field(
        0.0, description="Least utility a package needs to be accepted at the start (default 0)."
    )
    concession: float = Field(
        0.2, ge=0, le=5, description="How much the reservation falls each round (impatience, default 0.2)."
    )
    trust_weight: float = Field(0.25, ge=0, le=5, description="Utility per point of trust in the proposer.")
    noise: float = Field(0.1, ge=0, le=2, description="Random spread (seeded) of the reservation.")
    initiative: float = Field(
        0.0, ge=-5, le=5, description="Extra readiness to propose and sign (positive = proactive)."
    )
    adjustments: list[Adjustment] = Field(
        default_factory=list, description="Pressures and events that move the reservation."
    )
    red_lines: list[RedLine] = Field(default_factory=list, description="What it will never accept.")
    value_sources: dict[Slug, Slug] = Field(
        default_factory=dict, description="Source for an issue's values: `{issue: source_id}`."
    )


class Actor(Model):
    id: Slug = Field(description="Id of the actor (a delegation or a role).")
    side: Slug | None = Field(None, description="The side it belongs to; default: a side of its own.")
    name: Text = Field(description="Name shown in the game, e.g. `Poland` or `State Department`.")
    person: str | None = Field(None, description="Who speaks for it, e.g. `Stanisław Patek, envoy`.")
    authority: bool = Field(True, description="May sign, ratify and answer proposals for its side.")
    can_propose: bool = Field(True, description="May put proposals to other sides.")
    briefing: str | None = Field(None, description="What only this actor's player reads first.")
    goals: list[Goal] = Field(default_factory=list, description="Public goals.")
    secret_goals: list[Goal] = Field(
        default_factory=list, description="Goals only this actor's player sees."
    )
    trust: dict[Slug, int] = Field(
        default_factory=dict, description="Initial trust toward other sides, -3..3 (default 0)."
    )
    persona: Persona = Field(default_factory=Persona, description="How the computer plays it.")


# --------------------------------------------------------------------------- issues, instruments


class Option(Model):
    id: Slug = Field(description="Id of the option.")
    label: Text = Field(description="Short label shown in the proposal composer.")
    text: str | None = Field(None, description="What the option means, in a sentence.")
    entry_into_force: Literal["on_signature", "all_ratified", "pairwise"] | None = Field(
        None, description="If set, agreeing this option gives the instrument this entry-into-force rule."
    )


class Issue(Model):
    id: Slug = Field(description="Id of the issue.")
    name: Text = Field(description="The question in a few words.")
    text: str | None = Field(None, description="Why it matters.")
    options: list[Option] = Field(min_length=2, description="The possible answers.")
    ordered: bool = Field(False, description="True if the options run from one extreme to another.")


EntryIntoForce = Literal["on_signature", "all_ratified", "pairwise"]


class Instrument(Model):
    id: Slug = Field(description="Id of the instrument (a document that may come to exist).")
    name: Text = Field(description="Its name, e.g. `Moscow Protocol`.")
    text: str | None = Field(None, description="What it is, in a sentence or two.")
    parties: list[Slug] = Field(min_length=2, description="Sides that may become parties.")
    issues: list[Slug] = Field(default_factory=list, description="Issues a package on it settles.")
    min_parties: int = Field(2, ge=2, description="Parties needed for the text to be agreed.")
    ratification: bool = Field(True, description="True if signatures must be ratified.")
    entry_into_force: EntryIntoForce = Field(
        "all_ratified",
        description="on_signature; all_ratified (when every signatory has ratified); pairwise "
        "(between each two parties once both have ratified or acceded).",
    )
    accession: bool = Field(False, description="Open to accession by candidate parties that did not sign.")
    source: Slug | None = Field(None, description="Source describing the real instrument.")


class Variable(Model):
    id: Slug = Field(description="Id of the variable, used by name in conditions.")
    name: Text = Field(description="Name shown to players.")
    text: str | None = Field(None, description="What it measures.")
    min: int = Field(0, description="Lowest value.")
    max: int = Field(10, description="Highest value.")
    initial: int = Field(0, description="Value at the start.")
    visible_to: list[Slug] | None = Field(
        None, description="Actors who see it; omitted = everyone."
    )


# --------------------------------------------------------------------------- moves, events


class Effect(Model):
    var: Slug | None = Field(None, description="Variable to change.")
    add: int | None = Field(None, description="Amount added to `var` or to trust.")
    set: int | None = Field(None, description="Value `var` is set to.")
    trust_of: Slug | None = Field(None, description="Side whose trust changes (with `trust_toward`).")
    trust_toward: Slug | None = Field(None, description="Side it trusts more or less.")
    do: Literal["sign", "ratify", "accede"] | None = Field(
        None, description="An act done for `side` on `instrument` (events only)."
    )
    side: Slug | None = Field(None, description="Side that signs, ratifies or accedes.")
    instrument: Slug | None = Field(None, description="Instrument acted on.")
    news: str | None = Field(None, description="A line for the round's report.")

    @model_validator(mode="after")
    def _shape(self) -> Effect:
        if self.var is not None and (self.add is None) == (self.set is None):
            raise ValueError("an effect on `var` needs exactly one of `add` or `set`")
        if (self.trust_of is None) != (self.trust_toward is None):
            raise ValueError("a trust effect needs both `trust_of` and `trust_toward`")
        if self.trust_of is not None and self.add is None:
            raise ValueError("a trust effect needs `add`")
        if self.do is not None and (self.side is None or self.instrument is None):
            raise ValueError("`do` needs `side` and `instrument`")
        if self.var is None and self.trust_of is None and self.do is None and self.news is None:
            raise ValueError("an effect needs `var`, `trust_of`, `do` or `news`")
        return self


class Package(Model):
    instrument: Slug = Field(description="The instrument proposed.")
    to: list[Slug] = Field(min_length=1, description="Sides the proposal is addressed to.")
    terms: dict[Slug, Slug | None] = Field(
        default_factory=dict, description="`{issue: option}`; null or missing = left open."
    )


MoveKind = Literal["statement", "action", "propose", "sign", "ratify", "accede"]


class Move(Model):
    id: Slug = Field(description="Id of the move.")
    actor: Slug = Field(description="The actor who may make it.")
    kind: MoveKind = Field(description="statement, action, propose, sign, ratify or accede.")
    label: Text = Field(description="What the player sees in the list of moves.")
    text: str | None = Field(None, description="What it means or says, shown when chosen.")
    when: str | None = Field(None, description="Condition under which it is available.")
    rounds: list[Slug] = Field(default_factory=list, description="Rounds it is available in (all if empty).")
    once: bool = Field(True, description="Can be made only once.")
    package: Package | None = Field(None, description="The package, for `propose`.")
    instrument: Slug | None = Field(None, description="The instrument, for sign/ratify/accede.")
    effects: list[Effect] = Field(default_factory=list, description="What it changes.")
    plausibility: Plausibility = Field(
        description="historical (it happened), considered (a documented alternative), plausible, "
        "or out_of_character."
    )
    happened: str | None = Field(None, description="When it happened (for `historical`).")
    note: Text = Field(description="Why it has this label: what happened or why not.")
    source: Slug | None = Field(None, description="Source (required unless `plausible`).")
    evidence: Slug | None = Field(None, description="Evidence card shown when the move is played.")
    ai: bool = Field(True, description="False: computer delegations never choose this statement or action on their own.")

    @model_validator(mode="after")
    def _shape(self) -> Move:
        if self.kind == "propose" and self.package is None:
            raise ValueError("a `propose` move needs a `package`")
        if self.kind in ("sign", "ratify", "accede") and self.instrument is None:
            raise ValueError(f"a `{self.kind}` move needs an `instrument`")
        if self.plausibility != "plausible" and self.source is None:
            raise ValueError(f"a `{self.plausibility}` move needs a `source`")
        return self


class Event(Model):
    id: Slug = Field(description="Id of the event.")
    round: Slug | None = Field(None, description="Round at whose start it fires.")
    when: str | None = Field(None, description="Condition that makes it fire (checked each round).")
    once: bool = Field(True, description="Fires at most once.")
    title: Text = Field(description="Headline in the round's news.")
    text: str | None = Field(None, description="What happened.")
    effects: list[Effect] = Field(default_factory=list, description="What it changes.")
    historical: bool = Field(True, description="True if it happened in history.")
    certainty: Certainty = Field("confirmed", description="How sure the date is.")
    source: Slug = Field(description="Source for the event.")

    @model_validator(mode="after")
    def _trigger(self) -> Event:
        if self.round is None and self.when is None:
            raise ValueError("an event needs `round` or `when`")
        return self


class EvidenceCard(Model):
    id: Slug = Field(description="Id of the card.")
    title: Text = Field(description="The document, e.g. `Soviet note to Poland, 29 Dec 1928`.")
    summary: Text = Field(description="What it says, in your own words — never a quotation.")
    source: Slug = Field(description="Source of the document (with its link).")


# --------------------------------------------------------------------------- history, debrief


class HistoryPlay(Model):
    round: Slug = Field(description="Round of the play.")
    actor: Slug | list[Slug] = Field(description="Actor who played it (or a list: each of them did the same).")
    move: Slug | None = Field(
        None,
        description="The move it made that round: an authored move id, `pass`, or `sign`/`ratify`/"
        "`accede` with `instrument`.",
    )
    instrument: Slug | None = Field(None, description="The instrument of a `sign`/`ratify`/`accede` play.")
    answer: Literal["accept", "reject", "hold"] | None = Field(
        None, description="Its answer to the proposal made by move `to`."
    )
    to: Slug | None = Field(None, description="The proposing move being answered.")
    source: Slug | None = Field(None, description="Source.")

    @property
    def actors(self) -> list[str]:
        return [self.actor] if isinstance(self.actor, str) else list(self.actor)

    @model_validator(mode="after")
    def _shape(self) -> HistoryPlay:
        if (self.move is None) == (self.answer is None):
            raise ValueError("a history play has either `move` or `answer` (with `to`)")
        if self.answer is not None and self.to is None:
            raise ValueError("an `answer` needs `to`: the id of the proposing move")
        if (self.move in ("sign", "ratify", "accede")) != (self.instrument is not None):
            raise ValueError("`instrument` goes with `move: sign`, `ratify` or `accede`, and only with them")
        return self


class DatedAct(Model):
    side: Slug = Field(description="The side.")
    round: Slug | None = Field(None, description="Round in which it happens in the game's calendar.")
    date: str | None = Field(None, description="The real date, as the sources give it.")
    certainty: Certainty = Field("confirmed", description="How sure.")
    note: str | None = Field(None, description="Why disputed or approximate.")
    source: Slug | None = Field(None, description="Source.")


class HistoryInstrument(Model):
    instrument: Slug = Field(description="The instrument.")
    terms: dict[Slug, Slug] = Field(default_factory=dict, description="The terms as agreed.")
    signed: list[DatedAct] = Field(default_factory=list, description="Signatures.")
    ratified: list[DatedAct] = Field(default_factory=list, description="Ratifications.")
    acceded: list[DatedAct] = Field(default_factory=list, description="Accessions.")
    source: Slug = Field(description="Source.")


class EpilogueItem(Model):
    date: Text = Field(description="When, as text.")
    text: Text = Field(description="What happened next.")
    certainty: Certainty = Field("confirmed", description="How sure.")
    source: Slug = Field(description="Source.")


class History(Model):
    plays: list[HistoryPlay] = Field(default_factory=list, description="What each actor did, by round.")
    instruments: list[HistoryInstrument] = Field(
        default_factory=list, description="The real outcome, instrument by instrument."
    )
    summary: str | None = Field(None, description="What really happened, in a paragraph.")
    epilogue: list[EpilogueItem] = Field(default_factory=list, description="What happened next.")


class Question(Model):
    text: Text = Field(description="A discussion question.")
    when: str | None = Field(None, description="Show only if this condition holds at the end.")


class AskWhy(Model):
    move: Slug = Field(description="When the player makes this move, ask them why.")
    prompt: Text = Field(description="The question asked.")


class Debrief(Model):
    questions: list[Question] = Field(default_factory=list, description="Discussion questions.")
    ask_why: list[AskWhy] = Field(default_factory=list, description="Decisions to explain.")
    reading: list[Slug] = Field(default_factory=list, description="Sources for further reading.")


class Scenario(Model):
    schema_version: Literal[1] = Field(description="Always 1 for this version of the game.")
    meta: Meta = Field(description="Title, sources, glossary, seatings.")
    calendar: Calendar = Field(description="The rounds.")
    sides: list[Side] = Field(default_factory=list, description="States with several actors (roles).")
    actors: list[Actor] = Field(min_length=2, description="Delegations and roles.")
    issues: list[Issue] = Field(default_factory=list, description="Questions an agreement settles.")
    instruments: list[Instrument] = Field(min_length=1, description="Documents that can come to exist.")
    variables: list[Variable] = Field(default_factory=list, description="Tracks such as momentum.")
    moves: list[Move] = Field(default_factory=list, description="Authored moves.")
    events: list[Event] = Field(default_factory=list, description="What the world does.")
    evidence: list[EvidenceCard] = Field(default_factory=list, description="Evidence cards.")
    history: History = Field(default_factory=History, description="The real record.")
    end_when: str | None = Field(None, description="Condition that ends the game early.")
    debrief: Debrief = Field(default_factory=Debrief, description="Debrief content.")


def json_schema() -> dict[str, Any]:
    """The editor schema for scenario files."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Litvinov scenario"
    return schema
