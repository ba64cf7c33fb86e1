"""``extract``: table and column lineage of one SQL text, in the shape of ``maturity lineage``.

The output is SPEC 5.1's: ``{"sources", "targets", "column_lineage", "error"}``. It never
raises: an unknown dialect or a text that does not parse comes back with ``error`` set,
and in a multi-statement text the statements that parse still give their lineage.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import Token

from connectors.sql_lineage.columns import MAX_SQL_CHARS, dml_column_lineage, query_column_lineage
from connectors.sql_lineage.dialects import UnknownDialect, sqlglot_dialect
from connectors.sql_lineage.statements import merge_kinds, parse_statements, statement_kind
from connectors.sql_lineage.table_refs import dropped_tables, statement_tables


@dataclass
class LineageResult:
    sources: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)
    column_lineage: list[tuple[str, list[str]]] = field(default_factory=list)
    error: str | None = None
    statement_kind: str = "other"  # read | write | ddl | other (the strongest statement's)

    def as_dict(self) -> dict:
        """SPEC 5.1's JSON shape (statement_kind is internal and not part of it)."""
        return {
            "sources": list(self.sources),
            "targets": list(self.targets),
            "column_lineage": [[t, list(s)] for t, s in self.column_lineage],
            "error": self.error,
        }


def extract(
    sql: str,
    dialect: str | None,
    schema: dict | None = None,
    target: str | None = None,
    column_lineage: bool = True,
    read_columns: bool = True,
    tokens: list[Token] | None = None,
) -> LineageResult:
    """Lineage of ``sql`` (one or more statements).

    Args:
        sql: the text; several statements separated by semicolons are merged.
        dialect: sqlglot dialect name or a common alias (``mssql``, ``sparksql``...).
        schema: catalog ``{schema: {table: {column: type}}}`` to expand ``*`` and resolve columns.
        target: for a view definition (a bare SELECT), the view's own name: the target.
        column_lineage: False skips the (costlier) column step.
        read_columns: False skips it for statements that write nothing (a SELECT): their
            output columns feed no table, so evidence (``sql_column_lineage``, keyed by
            target) has no use for them; the ``maturity lineage`` command keeps them.
        tokens: ``sql``'s tokens in ``dialect`` if the caller has them (a query log's
            fingerprint): the text is then not tokenised again.

    >>> r = extract("insert into mart.t (a) select o.x from raw.o o", "duckdb").as_dict()
    >>> r["sources"], r["targets"], r["column_lineage"], r["error"]
    (['raw.o'], ['mart.t'], [['mart.t.a', ['raw.o.x']]], None)
    """
    try:
        read = sqlglot_dialect(dialect)
    except UnknownDialect as err:
        return LineageResult(error=str(err))
    parsed = parse_statements(sql, read, tokens if read == (dialect or "") else None)
    result = LineageResult(error="; ".join(parsed.errors) or None)
    sources: dict[str, None] = {}
    targets: dict[str, None] = {}
    columns: dict[str, dict[str, None]] = {}
    kinds = []
    scratch: set[str] = set()  # created then dropped in the same text: temporary, not lineage
    do_columns = column_lineage and len(sql) <= MAX_SQL_CHARS
    for stmt in parsed.statements:
        kinds.append(statement_kind(stmt))
        scratch.update(t for t in dropped_tables(stmt) if t in targets)
        srcs, tgts = statement_tables(stmt)
        if target and not tgts and isinstance(stmt, exp.Query):
            tgts = [target.lower()]
        sources.update(dict.fromkeys(srcs))
        targets.update(dict.fromkeys(tgts))
        if not do_columns or (not tgts and not read_columns):
            continue
        tgt = tgts[0] if tgts else None
        if isinstance(stmt, (exp.Update, exp.Merge)) and tgt:
            pairs = dml_column_lineage(stmt, tgt)
        else:
            pairs = query_column_lineage(stmt, read, schema, tgt)
        for col, refs in pairs:
            columns.setdefault(col, {}).update(dict.fromkeys(refs))
    result.sources = [t for t in sources if t not in scratch]
    result.targets = [t for t in targets if t not in scratch]
    result.column_lineage = [(col, list(refs)) for col, refs in columns.items()]
    result.statement_kind = merge_kinds(kinds)
    return result
