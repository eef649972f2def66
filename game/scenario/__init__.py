"""The scenario contract: models, the loader with positioned errors, checks, the condition language."""

from game.scenario.errors import ScenarioError, ScenarioProblem
from game.scenario.loader import LoadedScenario, load_file, load_text

__all__ = ["LoadedScenario", "ScenarioError", "ScenarioProblem", "load_file", "load_text"]
