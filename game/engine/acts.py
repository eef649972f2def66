"""Who may sign, ratify or accede now, and the normal form of a package."""

from __future__ import annotations

from game.engine.lookup import index
from game.engine.state import GameState, InstrumentState, PackageSpec
from game.scenario.models import Instrument


def can_sign(state: GameState, who: str, inst: InstrumentState) -> bool:
    return (
        inst.terms is not None
        and who in inst.parties
        and not inst.has("signed", who)
        and not inst.has("acceded", who)  # an acceding state is bound already; it does not sign too
    )


def can_ratify(state: GameState, who: str, inst: InstrumentState, model: Instrument) -> bool:
    return model.ratification and inst.has("signed", who) and not inst.has("ratified", who)


def can_accede(state: GameState, who: str, inst: InstrumentState, model: Instrument) -> bool:
    return (
        model.accession
        and who in model.parties
        and inst.terms is not None
        and len(inst.signed) >= model.min_parties
        and not inst.has("signed", who)
        and not inst.has("acceded", who)
    )


def normal_package(state: GameState, package: PackageSpec) -> PackageSpec:
    """The package with terms in the instrument's issue order, every issue present."""
    model = index(state.loaded).instruments[package.instrument]
    given = dict(package.terms)
    order = [s for s in index(state.loaded).sides if s in package.to]
    return PackageSpec(package.instrument, tuple(order), tuple((i, given.get(i)) for i in model.issues))
