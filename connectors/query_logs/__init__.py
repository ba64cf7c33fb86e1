"""Query logs (JSONL, CSV exports): who queries the warehouse, how, and with what SQL."""

from connectors.query_logs.crawl import crawl_query_logs

__all__ = ["crawl_query_logs"]
