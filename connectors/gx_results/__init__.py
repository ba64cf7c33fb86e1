"""Great Expectations connector: validation and checkpoint results of GX 0.x and 1.x."""

from connectors.gx_results.crawl import crawl_gx

__all__ = ["crawl_gx"]
