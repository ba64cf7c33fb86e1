"""Run the ``>>>`` examples of the connectors and reports packages (scoring has its own runner).

pytest's ``--doctest-modules`` only collects under ``tests/``; the examples in the packages
are documentation that must stay true, so they run here, one test per module.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import connectors
import reports

MODULES = sorted(
    name
    for package in (connectors, reports)
    for _, name, _ in pkgutil.walk_packages(package.__path__, prefix=f"{package.__name__}.")
)


@pytest.mark.parametrize("module_name", MODULES)
def test_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} doctest example(s) failed in {module_name}"
