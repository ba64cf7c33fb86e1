"""Fixtures for the evidence model tests: one dbt target dir for the session (dbt's partial
parse then makes the second build cheaper), one evidence store and one build per module."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def dbt_work_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("dbt_work")
