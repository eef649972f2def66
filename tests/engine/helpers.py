"""Play rounds of a test game tersely."""

from __future__ import annotations

from game.engine import Action, Answer, Choice, GameState, PackageSpec, apply, open_proposals_for


def package(instrument: str, to: list[str], **terms: str | None) -> PackageSpec:
    return PackageSpec(instrument, tuple(to), tuple(terms.items()))


def propose(instrument: str, to: list[str], **terms: str | None) -> Action:
    return Action("propose", package=package(instrument, to, **terms))


def play_round(state: GameState, actions: dict[str, Action] | None = None, replies: dict[str, str] | None = None) -> GameState:
    """Every actor chooses in turn: its action (default pass) and one reply to each due proposal
    (default hold); `replies` maps actor → reply for all its due proposals."""
    actions = actions or {}
    replies = replies or {}
    start_round = state.round
    while not state.ended and state.round == start_round:
        actor = state.next_actor()
        assert actor is not None
        answers = tuple(Answer(p.id, replies.get(actor, "hold")) for p in open_proposals_for(state, actor))  # type: ignore[arg-type]
        state, _ = apply(state, Choice(actor, actions.get(actor, Action("pass")), answers))
    return state
