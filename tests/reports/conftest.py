"""Pytest fixtures for the report tests (data and helpers live in ``report_fixtures``)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from report_fixtures import large_lineage, load_result


@pytest.fixture
def result_fr() -> dict[str, Any]:
    return load_result("result_acme.fr.json")


@pytest.fixture
def result_en() -> dict[str, Any]:
    return load_result("result_acme.en.json")


@pytest.fixture
def result_minimal() -> dict[str, Any]:
    return load_result("result_minimal.json")


@pytest.fixture
def result_large(result_en: dict[str, Any]) -> dict[str, Any]:
    """The English result with 3,000 generated edges added to its lineage."""
    result = copy.deepcopy(result_en)
    result["lineage"]["edges"] = result["lineage"]["edges"] + large_lineage(3000)
    return result
