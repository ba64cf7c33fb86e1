"""Fixtures for the scoring tests: the packaged rubric (read here, since scoring does no I/O)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest
import yaml

from scoring.evidence import Signal
from scoring.inputs import parse_rubric
from scoring.rubric import DEFAULT_RUBRIC_FILE, Rubric

_RUBRIC_DATA: dict[str, Any] = yaml.safe_load(DEFAULT_RUBRIC_FILE.read_text(encoding="utf-8"))


@pytest.fixture
def rubric_data() -> dict[str, Any]:
    """A fresh, mutable copy of the packaged rubric's parsed YAML."""
    return copy.deepcopy(_RUBRIC_DATA)


@pytest.fixture(scope="session")
def rubric() -> Rubric:
    """The packaged rubric, validated."""
    return parse_rubric(copy.deepcopy(_RUBRIC_DATA))


@pytest.fixture
def make_signals() -> Callable[..., list[Signal]]:
    """Build signals for one question: ``make_signals("Q1", lineage_coverage=0.5)``."""

    def build(question_id: str, **values: float | None) -> list[Signal]:
        return [Signal(question_id, name, value) for name, value in values.items()]

    return build
