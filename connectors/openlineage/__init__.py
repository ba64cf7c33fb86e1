"""OpenLineage connector: run, job and dataset events from JSON / JSON Lines files and folders."""

from connectors.openlineage.crawl import crawl_openlineage
from connectors.openlineage.validation import validate_event

__all__ = ["crawl_openlineage", "validate_event"]
