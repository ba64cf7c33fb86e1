"""dbt artifacts connector: manifest, run_results, catalog and sources.json of a target folder."""

from connectors.dbt_artifacts.crawl import crawl_dbt

__all__ = ["crawl_dbt"]
