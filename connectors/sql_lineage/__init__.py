"""SQL lineage with sqlglot: tables and columns read and written by SQL texts.

- :func:`extract` gives the lineage of one text (the ``maturity lineage`` output shape);
- :func:`lineage_tables` turns many statements (query logs, view definitions) into the raw
  tables ``sql_statements``, ``sql_lineage`` and ``sql_column_lineage``;
- :func:`run_lineage_cli` is the body of the ``maturity lineage`` command;
- :func:`fingerprint` gives a text's ``query_hash``, kind and comments without parsing it.
"""

from connectors.sql_lineage.cli import run_lineage_cli
from connectors.sql_lineage.evidence import lineage_tables
from connectors.sql_lineage.extract import LineageResult, extract
from connectors.sql_lineage.fingerprint import Fingerprint, fingerprint

__all__ = ["Fingerprint", "LineageResult", "extract", "fingerprint", "lineage_tables", "run_lineage_cli"]
