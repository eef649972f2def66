"""The pure engine: state, rules, views, sessions, saves. Imports no pygame and writes no files."""

from game.engine.policy import Policy
from game.engine.rules import apply, legal_actions, new_game, open_proposals_for
from game.engine.state import PASS, Action, Answer, Choice, GameState, IllegalChoice, PackageSpec
from game.engine.views import View, view_for

__all__ = [
    "PASS", "Action", "Answer", "Choice", "GameState", "IllegalChoice", "PackageSpec", "Policy",
    "View", "apply", "legal_actions", "new_game", "open_proposals_for", "view_for",
]
