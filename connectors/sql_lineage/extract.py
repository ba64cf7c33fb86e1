"""``extract``: table and column lineage of one SQL text, in the shape of ``maturity lineage``.

The output is SPEC 5.1's: ``{"sources", "targets", "column_lineage", "error"}``. It never
raises: an unknown dialect or a text that does not parse comes back with ``error`` set,
and in a multi-statement text the statements that parse still give their lineage.

A text's lineage is its statements' together, including what they stand for: the body of
a procedure or block (``procedures``) and vendor commands kept as text (``vendor``).
Tables a text only uses in between (dropped again, or temporary and read back) are left
out, and the column lineage runs through them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from sqlglot import exp
from sqlglot.tokens import Token

from connectors.sql_lineage.columns import MAX_SQL_CHARS, dml_column_lineage, query_column_lineage
from connectors.sql_lineage.dialects import UnknownDialect, sqlglot_dialect
from connectors.sql_lineage.procedures import inner_statements
from connectors.sql_lineage.statements import merge_kinds, parse_statements, statement_kind, statements_of
from connectors.sql_lineage.table_refs import (
    drop_partition_decorators,
    dropped_tables,
    statement_tables,
    temporary_tables,
)
from connectors.sql_lineage.vendor import rewrite


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
    temporary: set[str] = set()
    do_columns = column_lineage and len(sql) <= MAX_SQL_CHARS
    decorated = read == "bigquery" and "$" in sql
    for stmt, top_level in _with_inner(parsed.statements, read):
        if top_level:
            kinds.append(statement_kind(stmt))
        if decorated:
            drop_partition_decorators(stmt)
        if isinstance(stmt, exp.Drop):
            scratch.update(t for t in dropped_tables(stmt) if t in targets)
        srcs, tgts = statement_tables(stmt)
        temporary.update(temporary_tables(stmt, srcs + tgts))
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
    # a session's temporary table filled and read by the same text is a step in between:
    # the lineage runs through it (alone, CREATE TABLE #t AS ... still writes #t)
    scratch.update(t for t in temporary if t in sources and t in targets)
    result.sources = [t for t in sources if t not in scratch]
    result.targets = [t for t in targets if t not in scratch]
    if scratch:
        columns = _through(columns, scratch)
    result.column_lineage = [(col, list(refs)) for col, refs in columns.items()]
    result.statement_kind = merge_kinds(kinds)
    return result


def _through(columns: dict[str, dict[str, None]], scratch: set[str]) -> dict[str, dict[str, None]]:
    """Column lineage with the columns of scratch tables replaced by what fed them
    (``t2.a <- #tmp.a <- t1.a`` is ``t2.a <- t1.a``); a star stands for every column."""

    def table_of(ref: str) -> str:
        return ref.rpartition(".")[0]

    out: dict[str, dict[str, None]] = {}
    for label, refs in columns.items():
        if table_of(label) in scratch:
            continue
        found: dict[str, None] = {}
        stack, seen = list(reversed(refs)), set()
        while stack:
            ref = stack.pop()
            if ref in seen:
                continue
            seen.add(ref)
            table = table_of(ref)
            if table not in scratch:
                found[ref] = None
                continue
            fed = columns.get(ref) or columns.get(f"{table}.*") or {}
            stack.extend(reversed(list(fed)))
        if found:
            out[label] = found
    return out


# what can hold statements: procedures, blocks, vendor commands (and FROM-less SELECTs: Vertica)
_HOLDERS = (exp.Create, exp.Block, exp.IfBlock, exp.WhileBlock, exp.LoopBlock, exp.RepeatBlock, exp.Command)


def _may_hold(stmt: exp.Expression) -> bool:
    return isinstance(stmt, _HOLDERS) or (isinstance(stmt, exp.Select) and not stmt.args.get("from_"))


def _with_inner(statements: list[exp.Expression], dialect: str) -> Iterator[tuple[exp.Expression, bool]]:
    """Each statement (True), then what it stands for (False): the statements of a
    procedure's body or a block, and the rewrites of vendor commands (``vendor``).

    Only top-level statements give the text its kind: a CREATE PROCEDURE stores code, its
    body writes only when called; the body's lineage is what calling it does.
    """
    for stmt in statements:
        yield stmt, True
        if not _may_hold(stmt):
            continue
        for inner in [stmt, *inner_statements(stmt, dialect, statements_of)]:
            if inner is not stmt:
                yield inner, False
            for made in rewrite(inner, dialect, statements_of) or []:
                yield made, False
