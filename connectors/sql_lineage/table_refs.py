"""Which tables a statement reads and which it writes.

Targets come from the statement's shape (INSERT INTO x, MERGE INTO x, CREATE TABLE x AS,
SELECT ... INTO x, ALTER x RENAME TO y ...); sources are every other table reference,
except references to a CTE in scope. CTE visibility follows SQL: a CTE is visible in the
body of its WITH and in the CTEs after it (and in itself when RECURSIVE), so
``WITH orders AS (SELECT * FROM orders)`` reads the real ``orders`` table.
"""

from __future__ import annotations

from collections import deque

from sqlglot import exp

_TARGET_CREATE_KINDS = {"TABLE", "VIEW", "DYNAMIC TABLE", "MATERIALIZED VIEW", "EXTERNAL TABLE"}


def table_fqn(table: exp.Table) -> str | None:
    """``catalog.db.name`` lower-cased as qualified in the SQL; None for table functions and stages.

    T-SQL temporary tables keep their ``#`` (``##`` when global): ``#orders`` is not ``orders``.
    """
    parts = table.parts
    if not parts or not all(isinstance(p, exp.Identifier) for p in parts):
        return None
    name = ".".join(p.name for p in parts)
    if not name or "@" in name or "/" in name:  # stages and file paths (parquet.`/data/x`) are not tables
        return None
    ident = table.this
    if ident.args.get("global_"):
        name = "##" + name
    elif ident.args.get("temporary"):
        name = "#" + name
    return name.lower()


def drop_partition_decorators(stmt: exp.Expression) -> None:
    """BigQuery ``dataset.table$20240101`` (or ``$__UNPARTITIONED__``) reads one partition of
    ``dataset.table``: the table is the lineage. BigQuery names cannot hold a ``$``, so in
    that dialect it always starts a decorator (elsewhere it can be part of a name)."""
    for table in stmt.find_all(exp.Table):
        ident = table.this
        if isinstance(ident, exp.Identifier) and "$" in ident.name[1:]:
            ident.set("this", ident.name.split("$", 1)[0])


_TEMPORARY = (exp.TemporaryProperty, exp.VolatileProperty)


def temporary_tables(stmt: exp.Expression, names: list[str]) -> list[str]:
    """Which of a statement's tables live only for the session: ``CREATE TEMP TABLE x``,
    ``SELECT ... INTO TEMP x``, T-SQL ``#x``. They hold intermediate results: the lineage
    runs through them, from what fills them to what reads them."""
    out = [n for n in names if n[0] == "#"]
    if isinstance(stmt, exp.Create):
        props = stmt.args.get("properties")
        if props is not None and any(isinstance(p, _TEMPORARY) for p in props.expressions):
            out.extend(n for n in map(table_fqn, target_nodes(stmt)[0]) if n)
    elif isinstance(stmt, exp.Query):
        into = _leftmost(stmt).args.get("into")
        if into is not None and into.args.get("temporary") and isinstance(into.this, exp.Table):
            out.extend(n for n in [table_fqn(into.this)] if n)
    return out


def _unwrap(node: exp.Expression | None) -> exp.Table | None:
    if isinstance(node, exp.Schema):
        node = node.this
    return node if isinstance(node, exp.Table) else None


def target_nodes(stmt: exp.Expression) -> tuple[list[exp.Table], list[exp.Table]]:
    """(tables written, tables read because of the statement's shape, e.g. ALTER ... RENAME)."""
    written: list[exp.Table | None] = []
    read: list[exp.Table | None] = []
    if isinstance(stmt, exp.Create):
        kind = (stmt.args.get("kind") or "").upper()
        if kind in _TARGET_CREATE_KINDS or "TABLE" in kind:
            written.append(_unwrap(stmt.this))
    elif isinstance(stmt, (exp.Insert, exp.Merge)):
        if not stmt.args.get("is_function"):
            written.append(_unwrap(stmt.this))
    elif isinstance(stmt, exp.Update):
        written.append(_aliased(stmt, _unwrap(stmt.this)))
    elif isinstance(stmt, exp.Delete):
        if stmt.args.get("tables"):  # MySQL: DELETE t1 FROM t1 JOIN t2
            written.extend(_aliased(stmt, _unwrap(t)) for t in stmt.args["tables"])
        else:
            written.append(_unwrap(stmt.this))
    elif isinstance(stmt, exp.Copy):
        (written if stmt.args.get("kind") else read).append(_unwrap(stmt.this))
    elif isinstance(stmt, exp.Alter):
        renames = [a for a in stmt.args.get("actions") or [] if isinstance(a, exp.AlterRename)]
        if renames:
            read.append(_unwrap(stmt.this))
            written.extend(_unwrap(a.this) for a in renames)
        else:
            written.append(_unwrap(stmt.this))
    elif isinstance(stmt, exp.TruncateTable):
        written.extend(_unwrap(t) for t in stmt.expressions)
    elif isinstance(stmt, exp.Query):
        into = _leftmost(stmt).args.get("into")
        if into is not None:
            written.append(_unwrap(into.this))
    return [t for t in written if t is not None], [t for t in read if t is not None]


def _alias_target(stmt: exp.Expression, node: exp.Table | None) -> exp.Table | None:
    """The table an UPDATE or DELETE target names by its alias (T-SQL, MySQL):
    ``UPDATE sr SET ... FROM Production.ScrapReason AS sr``."""
    if node is None or node.alias or node.args.get("db") or node.args.get("catalog"):
        return None
    name = node.name.lower()
    for table in stmt.find_all(exp.Table):
        if table is not node and table.alias and table.alias.lower() == name:
            return table
    return None


def _aliased(stmt: exp.Expression, node: exp.Table | None) -> exp.Table | None:
    return _alias_target(stmt, node) or node


def _alias_references(stmt: exp.Expression, written: list[exp.Table]) -> set[int]:
    """The bare alias nodes an UPDATE or DELETE names its target by: not tables of their own."""
    if not isinstance(stmt, (exp.Update, exp.Delete)):
        return set()
    aliases = {t.alias.lower() for t in written if t.alias}
    return {
        id(t)
        for t in stmt.find_all(exp.Table)
        if not t.alias and not t.args.get("db") and t.name.lower() in aliases
    }


def _leftmost(query: exp.Expression) -> exp.Expression:
    while isinstance(query, (exp.SetOperation, exp.Subquery)):
        query = query.left if isinstance(query, exp.SetOperation) else query.this
    return query


def dropped_tables(stmt: exp.Expression) -> list[str]:
    """Tables a DROP TABLE/VIEW removes (a drop produces no data: it is not a lineage target)."""
    if not isinstance(stmt, exp.Drop) or (stmt.args.get("kind") or "").upper() not in ("TABLE", "VIEW"):
        return []
    tables = stmt.args.get("tables") or [stmt.this]
    return [n for n in (table_fqn(t) for t in map(_unwrap, tables) if t is not None) if n]


def _cte_names(with_: exp.Expression | None) -> set[str]:
    if not isinstance(with_, exp.With):
        return set()
    return {c.alias_or_name.lower() for c in with_.expressions}


def _with_of(node: exp.Expression) -> exp.Expression | None:
    return node.args.get("with_") or node.args.get("with")


def is_cte_reference(table: exp.Table) -> bool:
    """True when this table reference names a CTE visible at its position."""
    if table.args.get("db") or table.args.get("catalog"):
        return False
    name = table.name.lower()
    prev, node = table, table.parent
    while node is not None:
        if isinstance(node, exp.With):
            ctes = node.expressions
            idx = next((i for i, c in enumerate(ctes) if c is prev), len(ctes))
            visible = ctes[:idx] + ([ctes[idx]] if node.args.get("recursive") and idx < len(ctes) else [])
            if name in {c.alias_or_name.lower() for c in visible}:
                return True
            prev, node = node, node.parent  # the owner skips this WITH: `with_ is prev` below
            continue
        with_ = _with_of(node)
        if with_ is not None and with_ is not prev and name in _cte_names(with_):
            return True
        prev, node = node, node.parent
    return False


def _excluded(table: exp.Table) -> bool:
    """References that are not data flow: foreign-key targets."""
    return table.find_ancestor(exp.Reference) is not None


# Statements whose table references are data flow. USE, DESCRIBE, CACHE, ANALYZE, DROP,
# CREATE FUNCTION and vendor commands name tables or functions without moving data.
_FLOW = (exp.Query, exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Copy, exp.Alter)


def _is_flow(stmt: exp.Expression) -> bool:
    if isinstance(stmt, exp.Create):
        kind = (stmt.args.get("kind") or "").upper()
        return kind in _TARGET_CREATE_KINDS or "TABLE" in kind
    return isinstance(stmt, _FLOW)


# Nodes that hold no table: a walk for tables need not enter them (most of a query's nodes
# are columns, identifiers and literals)
_LEAVES = (exp.Column, exp.Identifier, exp.Literal, exp.DataType, exp.Star, exp.Var)


def _tables_and_ctes(stmt: exp.Expression) -> list[exp.Expression]:
    """``stmt.find_all(exp.Table, exp.CTE)``, in the same breadth-first order, in half the time."""
    out: list[exp.Expression] = []
    queue = deque([stmt])
    pop, push = queue.popleft, queue.append
    while queue:
        node = pop()
        if isinstance(node, (exp.Table, exp.CTE)):
            out.append(node)
        for value in node.args.values():
            if type(value) is list:
                for item in value:
                    if isinstance(item, exp.Expression) and not isinstance(item, _LEAVES):
                        push(item)
            elif isinstance(value, exp.Expression) and not isinstance(value, _LEAVES):
                push(value)
    return out


def statement_tables(stmt: exp.Expression) -> tuple[list[str], list[str]]:
    """(sources, targets) of one statement, lower-cased, in order of appearance, deduplicated."""
    written, read = target_nodes(stmt)
    target_ids = {id(t) for t in written} | {id(t) for t in read} | _alias_references(stmt, written)
    targets = list(dict.fromkeys(n for n in map(table_fqn, written) if n))
    sources = [n for n in map(table_fqn, read) if n]
    if not _is_flow(stmt):
        return [], targets
    found = _tables_and_ctes(stmt)
    ctes = {n.alias_or_name.lower() for n in found if isinstance(n, exp.CTE)}
    keys = isinstance(stmt, (exp.Create, exp.Alter))  # foreign keys are declared there only
    for table in found:
        if not isinstance(table, exp.Table) or id(table) in target_ids:
            continue
        if (keys and _excluded(table)) or (table.name.lower() in ctes and is_cte_reference(table)):
            continue
        name = table_fqn(table)
        if name:
            sources.append(name)
    return list(dict.fromkeys(sources)), targets
