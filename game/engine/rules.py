"""The rules: a new game, legal moves and `apply`.

A round: events fire at its start; each actor in turn answers the open proposals addressed to its
side and chooses one action; the choices stay hidden until all have chosen; then `resolution.py`
resolves the round in a fixed order.
"""

from __future__ import annotations

from game.engine.acts import can_accede, can_ratify, can_sign, normal_package
from game.engine.lookup import Index, StateLike, holds, index, side
from game.engine.resolution import PROPOSAL_LIFETIME, resolve, start_round
from game.engine.state import (
    Action,
    Choice,
    GameState,
    IllegalChoice,
    InstrumentState,
    LogEntry,
    PackageSpec,
    Proposal,
    evolve,
)
from game.scenario.loader import LoadedScenario
from game.scenario.models import Move

__all__ = [
    "PROPOSAL_LIFETIME", "Index", "StateLike", "apply", "can_propose_on", "check_choice", "holds", "index",
    "legal_actions", "new_game", "normal_package", "open_proposals_for", "package_problem", "side",
]


# --------------------------------------------------------------------------- new game


def new_game(loaded: LoadedScenario, seed: int, short: bool = False, order: tuple[str, ...] | None = None) -> GameState:
    """A new game at the start of round 1, its events already fired.

    `order` is the order in which actors choose each round (default: the scenario's); hot-seat games
    group each player's actors so that every player gets one hand-off per round.
    """
    s = loaded.scenario
    actor_ids = tuple(a.id for a in s.actors)
    if order is not None and sorted(order) != sorted(actor_ids):
        raise ValueError("the choosing order must name every actor once")
    idx = index(loaded)
    rounds = tuple(i for i, r in enumerate(s.calendar.rounds) if not (short and r.optional))
    trust: dict[tuple[str, str], int] = {}
    for actor in s.actors:
        if actor.authority or (actor.side or actor.id) == actor.id:
            for other, value in actor.trust.items():
                trust[(idx.side_of[actor.id], idx.side_of.get(other, other))] = value
    state = GameState(
        loaded=loaded,
        seed=seed,
        rounds=rounds,
        round=0,
        actors=order or actor_ids,
        pending=(),
        vars={v.id: v.initial for v in s.variables},
        trust=trust,
        instruments={i.id: InstrumentState(i.id) for i in s.instruments},
        proposals=(),
        played=frozenset(),
        fired=frozenset(),
        log=(),
        choices=(),
    )
    return start_round(state)


# --------------------------------------------------------------------------- legality


def open_proposals_for(state: GameState, actor: str) -> list[Proposal]:
    """Open proposals this actor must answer (it holds its side's authority)."""
    idx = index(state.loaded)
    my_side = idx.side_of[actor]
    if idx.authority.get(my_side) != actor:
        return []
    return [
        p
        for p in state.proposals
        if p.status == "open" and my_side in p.package.to and p.answer_of(my_side) in (None, "hold")
    ]


def can_propose_on(state: GameState, actor: str, instrument: str) -> bool:
    idx = index(state.loaded)
    model = idx.instruments[instrument]
    return (
        idx.actors[actor].can_propose
        and idx.side_of[actor] in model.parties
        and not state.instruments[instrument].signed
    )


def package_problem(state: GameState, actor: str, package: PackageSpec) -> str | None:
    """Why this package cannot be proposed now, or None if it can."""
    idx = index(state.loaded)
    model = idx.instruments.get(package.instrument)
    if model is None:
        return f"there is no instrument `{package.instrument}`"
    if not can_propose_on(state, actor, package.instrument):
        if state.instruments[package.instrument].signed:
            return f"{model.name} is already signed; accede to it instead"
        return f"{idx.actors[actor].name} cannot propose {model.name}"
    mine = idx.side_of[actor]
    if not package.to:
        return "a proposal needs at least one addressee"
    for who in package.to:
        if who == mine or who not in model.parties:
            return f"`{who}` cannot be an addressee of {model.name}"
    if len(set(package.to)) != len(package.to):
        return "an addressee is named twice"
    if 1 + len(package.to) < model.min_parties:
        return f"{model.name} needs at least {model.min_parties} parties"
    issues = {key for key, _ in package.terms}
    for issue, option in package.terms:
        if issue not in model.issues:
            return f"`{issue}` is not an issue of {model.name}"
        if option is not None and option not in {o.id for o in idx.issues[issue].options}:
            return f"`{option}` is not an option of `{issue}`"
    if len(issues) != len(package.terms):
        return "an issue is given twice"
    return None


def _move_available(state: GameState, move: Move) -> bool:
    if move.once and move.id in state.played:
        return False
    if move.rounds and state.round_id not in move.rounds:
        return False
    if not holds(state, move.when):
        return False
    idx = index(state.loaded)
    who = idx.side_of[move.actor]
    if move.kind == "propose":
        pkg = idx.move_actions[move.id].package
        assert pkg is not None
        return package_problem(state, move.actor, pkg) is None
    if move.kind in ("sign", "ratify", "accede"):
        assert move.instrument is not None
        return _act_legal(state, move.actor, move.kind, move.instrument, who)
    return True


def _act_legal(state: GameState, actor: str, kind: str, instrument: str, who: str) -> bool:
    idx = index(state.loaded)
    if idx.authority.get(who) != actor:
        return False
    inst = state.instruments[instrument]
    model = idx.instruments[instrument]
    if kind == "sign":
        return can_sign(state, who, inst)
    if kind == "ratify":
        return can_ratify(state, who, inst, model)
    return can_accede(state, who, inst, model)


def legal_actions(state: GameState, actor: str) -> list[Action]:
    """Every action open to the actor now. `propose` without a package stands for 'compose one'."""
    if state.ended or actor not in index(state.loaded).actors:
        return []
    idx = index(state.loaded)
    who = idx.side_of[actor]
    actions: list[Action] = [Action("pass")]
    for move in idx.moves_by_actor.get(actor, []):
        if _move_available(state, move):
            actions.append(idx.move_actions[move.id])
    candidate = idx.candidate_instruments.get(who, ())
    if any(can_propose_on(state, actor, i) for i in candidate):
        actions.append(Action("propose"))
    if idx.authority.get(who) != actor:
        return actions
    authored = {(a.kind, a.instrument) for a in actions if a.move is not None}
    for inst_id in candidate:
        for kind in ("sign", "ratify", "accede"):
            if (kind, inst_id) not in authored and _act_legal(state, actor, kind, inst_id, who):
                actions.append(Action(kind, instrument=inst_id))  # the generic act, unless authored
    return actions


def check_choice(state: GameState, choice: Choice) -> None:
    """Raise IllegalChoice with the reason if the choice is not allowed now."""
    if state.ended:
        raise IllegalChoice("the game has ended")
    expected = state.next_actor()
    if choice.actor != expected:
        raise IllegalChoice(f"it is {expected}'s turn, not {choice.actor}'s")
    due = {p.id for p in open_proposals_for(state, choice.actor)}
    given = [a.proposal for a in choice.answers]
    if len(set(given)) != len(given) or set(given) != due:
        raise IllegalChoice(f"answer each open proposal once: due {sorted(due)}, given {sorted(given)}")
    for answer in choice.answers:
        if answer.reply == "counter":
            if answer.counter is None:
                raise IllegalChoice("a counter-proposal needs a package")
            problem = package_problem(state, choice.actor, answer.counter)
            if problem:
                raise IllegalChoice(f"counter-proposal: {problem}")
    action = choice.action
    idx = index(state.loaded)
    if action.move is not None:
        move = idx.moves.get(action.move)
        if move is None or move.actor != choice.actor or not _move_available(state, move):
            raise IllegalChoice(f"move `{action.move}` is not available now")
        defined = idx.move_actions[move.id]
        same_package = defined.package is None if action.package is None else action.package.same_as(defined.package)
        if (defined.kind, defined.instrument) != (action.kind, action.instrument) or not same_package:
            raise IllegalChoice(f"move `{action.move}` does not match its definition")
        return
    if action.kind == "pass":
        return
    if action.kind == "propose":
        if action.package is None:
            raise IllegalChoice("a proposal needs a package")
        problem = package_problem(state, choice.actor, action.package)
        if problem:
            raise IllegalChoice(problem)
        return
    if action.kind in ("sign", "ratify", "accede"):
        if action.instrument not in idx.instruments or not _act_legal(
            state, choice.actor, action.kind, action.instrument, idx.side_of[choice.actor]
        ):
            raise IllegalChoice(f"cannot {action.kind} `{action.instrument}` now")
        return
    raise IllegalChoice(f"unknown action `{action.kind}`")


# --------------------------------------------------------------------------- apply


def apply(state: GameState, choice: Choice) -> tuple[GameState, list[LogEntry]]:
    """Record one actor's choice; when all have chosen, resolve the round. Never mutates `state`."""
    check_choice(state, choice)
    new = evolve(state, pending=(*state.pending, choice), choices=(*state.choices, choice))
    if len(new.pending) < len(new.actors):
        return new, []
    before = len(new.log)
    resolved = resolve(new)
    return resolved, list(resolved.log[before:])
