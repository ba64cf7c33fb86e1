"""Column lineage: which source columns feed each output column of a statement.

The query is qualified once (sqlglot's ``qualify`` with the catalog schema, so ``SELECT *``
and unqualified columns resolve), its scopes are built once, and every output column is
traced through CTEs, subqueries and set operations down to physical tables, memoised per
(scope, column). That is one qualification per statement instead of sqlglot's
``lineage()``, which re-qualifies the whole query for every column it is asked about.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.optimizer.qualify import qualify
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.schema import MappingSchema

from connectors.sql_lineage.resolved import resolves_without_qualify, single_source
from connectors.sql_lineage.table_refs import table_fqn

ColumnRef = tuple[str, str]  # (table fqn, column)

MAX_SQL_CHARS = 50_000  # beyond this, column lineage is skipped: table lineage still holds
MAX_OUTPUT_COLUMNS = 1_000


class _Tracer:
    def __init__(self, root: Scope):
        self.by_expr: dict[int, Scope] = {id(s.expression): s for s in root.traverse()}
        self.memo: dict[tuple[int, int], frozenset[ColumnRef]] = {}
        self._lower: dict[int, dict] = {}

    def sources(self, scope: Scope) -> dict:
        """Scope sources by lower-cased alias (Snowflake's qualify upper-cases, others lower-case)."""
        got = self._lower.get(id(scope))
        if got is None:
            got = self._lower[id(scope)] = {k.lower(): v for k, v in scope.sources.items()}
        return got

    def scope_of(self, node: exp.Expression, default: Scope) -> Scope:
        cur = node.parent
        while cur is not None:
            found = self.by_expr.get(id(cur))
            if found is not None:
                return found
            cur = cur.parent
        return default

    def output(self, scope: Scope, index: int) -> frozenset[ColumnRef]:
        key = (id(scope), index)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = frozenset()  # recursive CTEs: a cycle contributes nothing new
        expr = scope.expression
        result: set[ColumnRef] = set()
        if isinstance(expr, exp.SetOperation):
            for branch in scope.set_operation_scopes:
                result |= self.output(branch, index)
        elif isinstance(expr, exp.Select) and index < len(expr.selects):
            result = set(self.expression(expr.selects[index], scope))
        self.memo[key] = frozenset(result)
        return self.memo[key]

    def expression(self, node: exp.Expression, scope: Scope) -> set[ColumnRef]:
        out: set[ColumnRef] = set()
        for col in node.find_all(exp.Column):
            out |= self.column(col, self.scope_of(col, scope))
        return out

    def column(self, col: exp.Column, scope: Scope) -> set[ColumnRef]:
        if isinstance(col.this, exp.Star):
            return set()
        qualifier = col.table.lower() if col.table else ""
        current: Scope | None = scope
        while current is not None:  # correlated references resolve in an outer scope
            sources = self.sources(current)
            if qualifier:
                source = sources.get(qualifier)
            else:  # unqualified: only unambiguous with a single source in FROM / JOIN
                source = single_source(current)
            if source is not None:
                return self._from_source(source, col.name)
            current = current.parent
        return set()

    def _from_source(self, source: exp.Expression | Scope, name: str) -> set[ColumnRef]:
        if isinstance(source, exp.Table):
            fqn = table_fqn(source)
            return {(fqn, name.lower())} if fqn else set()
        if isinstance(source, Scope):
            names = [n.lower() for n in output_names(source.expression)]
            if name.lower() in names:
                return set(self.output(source, names.index(name.lower())))
            return self._through_star(source, name)
        return set()

    def star_sources(self, scope: Scope, depth: int = 0) -> set[str]:
        """``table.*`` for every unexpanded star in the scope's output, through CTEs and subqueries."""
        expr = scope.expression
        if isinstance(expr, exp.SetOperation):
            return set().union(*(self.star_sources(b, depth + 1) for b in scope.set_operation_scopes))
        if not isinstance(expr, exp.Select) or depth > 50:
            return set()
        out: set[str] = set()
        sources = self.sources(scope)
        for sel in expr.selects:
            if isinstance(sel, exp.Star):
                picked = list(sources.values())
            elif isinstance(sel, exp.Column) and isinstance(sel.this, exp.Star):
                picked = [sources[sel.table.lower()]] if sel.table.lower() in sources else []
            else:
                continue
            for src in picked:
                if isinstance(src, exp.Table) and table_fqn(src):
                    out.add(f"{table_fqn(src)}.*")
                elif isinstance(src, Scope):
                    out |= self.star_sources(src, depth + 1)
        return out

    def _through_star(self, scope: Scope, name: str) -> set[ColumnRef]:
        """A name selected from ``SELECT *`` (or ``t.*``) the catalog could not expand.

        With a single source behind the star the column can only come from it; with
        several it is ambiguous and left out rather than guessed.
        """
        expr = scope.expression
        while isinstance(expr, exp.SetOperation):
            expr = expr.left
        if not isinstance(expr, exp.Select):
            return set()
        stars = [s for s in expr.selects if _is_star(s)]
        candidates = []
        for star in stars:
            if isinstance(star, exp.Star):
                candidates.extend(self.sources(scope).values())
            elif star.table.lower() in self.sources(scope):
                candidates.append(self.sources(scope)[star.table.lower()])
        if len(candidates) != 1:
            return set()
        return self._from_source(candidates[0], name)


def _is_star(node: exp.Expression) -> bool:
    return isinstance(node, exp.Star) or (isinstance(node, exp.Column) and isinstance(node.this, exp.Star))


def _labels(query: exp.Expression, dialect: str) -> list[str]:
    """Output labels as written: alias, column name, or the expression's SQL text."""
    query = query.left if isinstance(query, exp.SetOperation) else query
    while isinstance(query, exp.SetOperation):
        query = query.left
    if not isinstance(query, exp.Select):
        return []
    out = []
    for sel in query.selects:
        if _is_star(sel):
            out.append("*")
        else:
            name = sel.alias_or_name
            if name == "*" and isinstance(sel, exp.Func):  # COUNT(*) is named after its star
                name = ""
            out.append(name or sel.sql(dialect=dialect).lower())
    return out


def output_names(query: exp.Expression) -> list[str]:
    """Output column names of a query (a set operation takes its leftmost branch's)."""
    while isinstance(query, exp.SetOperation):
        query = query.left
    if isinstance(query, exp.Subquery):
        return output_names(query.this)
    if isinstance(query, exp.Select):
        return [s.alias_or_name for s in query.selects]
    return []


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
    The statement's tree is consumed: its query is qualified in place, unless its
    columns already resolve as written (see ``resolved``).
    """
    query = _query_of(stmt)
    if query is None:
        return []
    labels = _labels(query, dialect)  # as written, before qualify rewrites the tree in place
    root = _scopes(query)
    if root is None or not resolves_without_qualify(root, dialect):
        query = _qualified(query, dialect, schema)
        root = _scopes(query)
    if root is None:
        return []
    names = output_names(query)
    if len(labels) == len(names) and "*" not in labels:
        names = labels  # the SQL's own text for unaliased expressions (max(x)), not qualify's _col_0
    declared = []
    if isinstance(stmt, (exp.Insert, exp.Create)) and isinstance(stmt.this, exp.Schema):
        declared = stmt.this.expressions
    declared_names = [c.name for c in declared if isinstance(c, (exp.Identifier, exp.Column, exp.ColumnDef))]
    if declared_names:  # INSERT INTO t (a, b) / CREATE VIEW v (a, b) AS: by position
        names = declared_names[: len(names)]
    if len(names) > MAX_OUTPUT_COLUMNS:
        return []
    tracer = _Tracer(root)
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
    tracer = _Tracer(root)
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
            scope = tracer.scope_of(col, root)
            refs |= {f"{t}.{c}" for t, c in tracer.column(col, scope) if t != target}
        if refs and col_name:
            merged.setdefault(f"{target}.{col_name.lower()}", set()).update(refs)
    return [(k, sorted(v)) for k, v in merged.items()]
