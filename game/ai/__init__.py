"""Computer delegations: implementations of the engine's Policy protocol."""

from __future__ import annotations

from game.ai.historical import HistoricalPolicy
from game.ai.random_policy import RandomPolicy
from game.ai.strategic import StrategicPolicy
from game.engine.policy import Policy

POLICIES = ("strategic", "historical", "random")


def make_policy(name: str) -> Policy:
    """A policy by name; raises ValueError for an unknown name."""
    if name == "strategic":
        return StrategicPolicy()
    if name == "historical":
        return HistoricalPolicy()
    if name == "random":
        return RandomPolicy()
    raise ValueError(f"unknown computer policy `{name}`: use one of {', '.join(POLICIES)}")


__all__ = ["POLICIES", "HistoricalPolicy", "RandomPolicy", "StrategicPolicy", "make_policy"]
