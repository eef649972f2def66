"""The contract's own rules: strict, frozen, described."""

from __future__ import annotations

import inspect

import pytest
from pydantic import BaseModel, ValidationError

from game.scenario import models

MODELS = [m for _, m in inspect.getmembers(models, inspect.isclass)
          if issubclass(m, BaseModel) and m.__module__ == models.__name__ and m is not models.Model]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_every_field_is_described_strict_and_frozen(model):
    assert model.model_config.get("extra") == "forbid"
    assert model.model_config.get("frozen") is True
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no description"


def test_models_are_immutable():
    source = models.Source(id="x", citation="c", kind="web")
    with pytest.raises(ValidationError):
        source.id = "y"  # type: ignore[misc]
