"""Run the ``>>>`` examples of every scoring module: they are part of the documentation.

pytest's ``--doctest-modules`` only collects under ``testpaths`` (``tests/``), so this
module runs them explicitly; a failing example fails here with its module name.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import scoring

MODULES = sorted(name for _, name, _ in pkgutil.walk_packages(scoring.__path__, prefix="scoring."))


@pytest.mark.parametrize("module_name", MODULES)
def test_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {module_name}"


def test_scoring_functions_carry_examples() -> None:
    """The core scoring modules each hold at least one executed example."""
    for name in ("scoring.merge", "scoring.maturity", "scoring.questions.engine", "scoring.portfolio"):
        finder = doctest.DocTestFinder()
        examples = sum(len(t.examples) for t in finder.find(importlib.import_module(name)))
        assert examples > 0, name
