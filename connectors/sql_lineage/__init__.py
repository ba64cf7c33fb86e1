"""SQL lineage with sqlglot: tables and columns read and written by SQL texts.

- :func:`extract` gives the lineage of one text (the ``maturity lineage`` output shape);
- :func:`lineage_tables` turns many statements (query logs, view definitions) into the raw
  tables ``sql_statements``, ``sql_lineage`` and ``sql_column_lineage``;
- :func:`run_lineage_cli` is the body of the ``maturity lineage`` command.
"""

from connectors.sql_lineage.extract import LineageResult, extract

__all__ = ["LineageResult", "extract"]
