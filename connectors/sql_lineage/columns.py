"""Column lineage: which source columns feed each output column of a statement.

Every output column is traced (``tracer``) through CTEs, subqueries and set operations
down to physical tables, from scopes built once per statement. A query is first traced
as written; when some column needs sqlglot's ``qualify`` (with the catalog schema, so
``SELECT *`` and unqualified columns resolve) it is qualified once and traced again.
That is at most one qualification per statement instead of sqlglot's ``lineage()``, which
re-qualifies the whole query for every column it is asked about, and none for most
logged writes (``qualify`` costs twice the parse).
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.schema import MappingSchema

from connectors.sql_lineage.resolved import cte_case_mismatch
from connectors.sql_lineage.tracer import Tracer, Unresolved, is_star, output_names

MAX_SQL_CHARS = 50_000  # beyond this, column lineage is skipped: table lineage still holds
MAX_OUTPUT_COLUMNS = 1_000


def _labels(query: exp.Expression, dialect: str) -> list[str]:
    """Output labels as written: alias, column name, or the expression's SQL text."""
    query = query.left if isinstance(query, exp.SetOperation) else query
    while isinstance(query, exp.SetOperation):
        query = query.left
    if not isinstance(query, exp.Select):
        return []
    out = []
    for sel in query.selects:
        if is_star(sel):
            out.append("*")
        else:
            name = sel.alias_or_name
            if name == "*" and isinstance(sel, exp.Func):  # COUNT(*) is named after its star
                name = ""
            out.append(name or sel.sql(dialect=dialect).lower())
    return out


def _query_of(stmt: exp.Expression) -> exp.Expression | None:
    query = stmt if isinstance(stmt, exp.Query) else stmt.args.get("expression")
    while isinstance(query, exp.Subquery):
        query = query.this
    if not isinstance(query, exp.Query):
        return None
    outer_with = None if stmt is query else stmt.args.get("with_")
    if outer_with is not None and not query.args.get("with_"):
        query.set("with_", outer_with.copy())  # the statement's tree is handed over (see _qualified)
    return query


_SCHEMAS: dict[tuple[int, str], tuple[dict, MappingSchema]] = {}
_SCHEMAS_MAX = 8


def mapping_schema(schema: dict | None, dialect: str) -> MappingSchema | None:
    """The catalog as sqlglot's ``MappingSchema``, built once per (catalog, dialect).

    ``qualify`` would otherwise rebuild and re-normalise the whole catalog for every
    statement: with a few hundred tables that was a third of the lineage time.
    """
    if not schema:
        return None
    key = (id(schema), dialect)
    got = _SCHEMAS.get(key)
    if got is not None and got[0] is schema:  # the dict itself is kept: its id cannot be reused
        return got[1]
    if len(_SCHEMAS) >= _SCHEMAS_MAX:
        _SCHEMAS.clear()
    built = MappingSchema(schema, dialect=dialect)
    _SCHEMAS[key] = (schema, built)
    return built


def _qualified(query: exp.Expression, dialect: str, schema: dict | None) -> exp.Expression:
    """The query qualified as far as sqlglot can: fully, else tables only, else as written.

    Without a schema an unqualified column under several sources cannot be placed and
    ``qualify`` gives up on the whole query; the weaker passes still let every
    qualified column (``o.amount``) be traced.

    ``query`` is qualified in place (copying a parsed tree costs as much as a third of
    parsing it): callers hand over a tree they no longer need as written. A pass that
    fails half-way leaves the tree partly qualified, which the weaker pass accepts.
    """
    mapping = mapping_schema(schema, dialect)
    for columns in (True, False):
        try:
            return qualify(
                query,
                dialect=dialect,
                schema=mapping,
                validate_qualify_columns=False,
                quote_identifiers=False,
                identify=False,
                qualify_columns=columns,
                expand_stars=columns,
            )
        except (SqlglotError, KeyError, ValueError, RecursionError, AttributeError):
            continue
    return query


def _scopes(query: exp.Expression) -> Scope | None:
    try:
        return build_scope(query)
    except (SqlglotError, KeyError, ValueError, RecursionError, AttributeError):
        return None


def query_column_lineage(
    stmt: exp.Expression, dialect: str, schema: dict | None, target: str | None
) -> list[tuple[str, list[str]]]:
    """[[target column, [source table.column ...]]] for SELECT / INSERT ... SELECT / CTAS / views.

    Target columns are ``target.col`` for writes and bare ``col`` for a SELECT. An INSERT
    with a column list maps its columns by position. Unresolvable columns are left out.
    The query is first traced as written (a strict tracer, see ``tracer``); only if some
    column needs it is it qualified, in place: the statement's tree is consumed.
    """
    query = _query_of(stmt)
    if query is None:
        return []
    labels = _labels(query, dialect)  # as written, before qualify rewrites the tree in place
    root = _scopes(query)
    if root is not None and not cte_case_mismatch(root):
        try:
            tracer = Tracer(root, strict=True, dialect=dialect)
            return _trace(stmt, query, root, labels, target, tracer, schema)
        except Unresolved:
            pass  # only qualify can place some column: qualify, then trace again
    query = _qualified(query, dialect, schema)
    root = _scopes(query)
    if root is None:
        return []
    return _trace(stmt, query, root, labels, target, Tracer(root), schema)


def catalog_columns(schema: dict | None, table: str | None) -> list[str]:
    """A table's columns in the catalog, in their order (the scan lists them by ordinal);
    a name without its schema must be unique across schemas."""
    if not schema or not table:
        return []
    parts = table.split(".")
    if len(parts) >= 2:
        return list((schema.get(parts[-2]) or {}).get(parts[-1]) or {})
    found = [tables[parts[0]] for tables in schema.values() if parts[0] in tables]
    return list(found[0]) if len(found) == 1 else []


def _trace(
    stmt: exp.Expression,
    query: exp.Expression,
    root: Scope,
    labels: list[str],
    target: str | None,
    tracer: Tracer,
    schema: dict | None,
) -> list[tuple[str, list[str]]]:
    names = output_names(query)
    if len(labels) == len(names) and "*" not in labels:
        names = labels  # the SQL's own text for unaliased expressions (max(x)), not qualify's _col_0
    declared = []
    if isinstance(stmt, (exp.Insert, exp.Create)) and isinstance(stmt.this, exp.Schema):
        declared = stmt.this.expressions
    declared_names = [c.name for c in declared if isinstance(c, (exp.Identifier, exp.Column, exp.ColumnDef))]
    if declared_names:  # INSERT INTO t (a, b) / CREATE VIEW v (a, b) AS: by position
        names = declared_names[: len(names)]
    elif isinstance(stmt, exp.Insert):  # INSERT INTO t SELECT ...: t's columns, in order
        table_columns = catalog_columns(schema, target)
        if len(table_columns) >= len(names):
            names = table_columns[: len(names)]
    if len(names) > MAX_OUTPUT_COLUMNS:
        return []
    out = []
    prefix = f"{target}." if target else ""
    stars = tracer.star_sources(root)
    if stars:  # SELECT * the catalog could not expand: table-to-table column lineage
        out.append((f"{prefix}*", sorted(stars)))
    for i, name in enumerate(names):
        if not name or name == "*":
            continue
        refs = tracer.output(root, i)
        if refs:
            label = f"{target}.{name.lower()}" if target else name.lower()
            out.append((label, sorted(f"{t}.{c}" for t, c in refs)))
    return out


def _merge_source(stmt: exp.Expression, root: Scope) -> tuple[str, Scope] | None:
    """``MERGE ... USING (SELECT ...) AS s``: (``s``, the subquery's scope). sqlglot builds a
    MERGE's scopes from its USING clause, so a derived USING is the root and has no name."""
    using = stmt.args.get("using") if isinstance(stmt, exp.Merge) else None
    if not isinstance(using, exp.Subquery) or not using.alias:
        return None
    if root.expression is not using.this:
        root = _scopes(using.this)  # type: ignore[assignment]
    return (using.alias.lower(), root) if root is not None else None


def dml_column_lineage(stmt: exp.Expression, target: str) -> list[tuple[str, list[str]]]:
    """Column lineage of UPDATE ... SET and MERGE ... WHEN: assignments and inserted values.

    A column of the target table itself (``SET qty = qty + n.qty``) is not lineage into
    the target and is left out.
    """
    try:
        root = build_scope(stmt)
    except (SqlglotError, KeyError, ValueError, RecursionError, AttributeError):
        return []
    if root is None:
        return []
    tracer = Tracer(root)
    derived = _merge_source(stmt, root)
    target_alias = (stmt.this.alias_or_name or "").lower() if isinstance(stmt.this, exp.Table) else ""
    pairs: list[tuple[str, exp.Expression]] = []
    if isinstance(stmt, exp.Update):
        pairs = [(eq.this.name, eq.expression) for eq in stmt.expressions if isinstance(eq, exp.EQ)]
    elif isinstance(stmt, exp.Merge):
        whens = stmt.args.get("whens")
        for when in whens.expressions if whens else []:
            then = when.args.get("then")
            if isinstance(then, exp.Update):
                pairs += [(eq.this.name, eq.expression) for eq in then.expressions if isinstance(eq, exp.EQ)]
            elif isinstance(then, exp.Insert) and isinstance(then.this, exp.Tuple):
                values = then.expression.expressions if isinstance(then.expression, exp.Tuple) else []
                pairs += [(c.name, v) for c, v in zip(then.this.expressions, values, strict=False)]
    merged: dict[str, set[str]] = {}
    for col_name, value in pairs:
        refs = set()
        for col in [value] if isinstance(value, exp.Column) else list(value.find_all(exp.Column)):
            if col.table and col.table.lower() == target_alias:
                continue
            if derived is not None and col.table.lower() == derived[0]:
                found = tracer.from_source(derived[1], col.name)
            else:
                found = tracer.column(col, tracer.scope_of(col, root))
            refs |= {f"{t}.{c}" for t, c in found if t != target}
        if refs and col_name:
            merged.setdefault(f"{target}.{col_name.lower()}", set()).update(refs)
    return [(k, sorted(v)) for k, v in merged.items()]
