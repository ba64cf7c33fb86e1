"""Package-level rules of ``reports``: its doctests run, and it stays on its side of the layers.

``pyproject.toml`` runs pytest on ``tests/`` only, so the doctests in ``reports/`` are
collected here. The import check mirrors the import-linter contract so a plain ``pytest``
run catches a forbidden import too.
"""

from __future__ import annotations

import ast
import doctest
import importlib
from pathlib import Path

import pytest

import reports

PACKAGE = Path(reports.__file__).resolve().parent
MODULES = sorted(
    "reports." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts).replace(".__init__", "")
    for p in PACKAGE.rglob("*.py")
)
FORBIDDEN = ("connectors", "orchestration", "dagster", "dagster_dbt", "dagster_duckdb", "duckdb")


@pytest.mark.parametrize("module", MODULES)
def test_doctests(module: str) -> None:
    result = doctest.testmod(importlib.import_module(module.removesuffix(".__init__")))
    assert result.failed == 0


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_forbidden_imports(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    imported += [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    bad = [name for name in imported if name.split(".")[0] in FORBIDDEN]
    assert not bad, f"{path.name} imports {bad}"


def test_templates_and_assets_ship_with_the_package() -> None:
    for name in (
        "templates/report.html.j2",
        "templates/report.md.j2",
        "static/report.css",
        "static/report.js",
        "i18n/fr.yaml",
        "i18n/en.yaml",
    ):
        assert (PACKAGE / name).is_file(), name
