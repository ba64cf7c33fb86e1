"""OpenLineage connector: run, job and dataset events from JSON / JSON Lines files and folders.

Names are imported lazily: the collector (``maturity collect``) needs only the validator
and the inbox, and importing the crawler pulls in pandas (about a second), which would
only delay the moment producers can start posting.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from connectors.openlineage.crawl import crawl_openlineage
    from connectors.openlineage.validation import validate_event

__all__ = ["crawl_openlineage", "validate_event"]
_WHERE = {
    "crawl_openlineage": "connectors.openlineage.crawl",
    "validate_event": "connectors.openlineage.validation",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(import_module(_WHERE[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
