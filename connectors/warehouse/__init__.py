"""Warehouse catalog: relations, columns, volumes and freshness of the client's warehouse."""

from connectors.warehouse.base import Catalog, CatalogUnavailable, StatsRequest, TableStats
from connectors.warehouse.crawl import crawl_warehouse, open_catalog, schema_of

__all__ = [
    "Catalog",
    "CatalogUnavailable",
    "StatsRequest",
    "TableStats",
    "crawl_warehouse",
    "open_catalog",
    "schema_of",
]
