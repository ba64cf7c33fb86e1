"""Trace each output column of a query down to the physical columns that feed it.

Through CTEs, subqueries and set operations, memoised per (scope, output position), with
each scope's sources looked up once.

A tracer can run *strict* on a query as written: it then raises :class:`Unresolved` at
the first thing only sqlglot's ``qualify`` can settle (see ``resolved``), and the caller
qualifies the query and traces it again. Only what the output columns depend on is
looked at, so an ambiguous column in a WHERE subquery costs nothing, and the common
case (aliases on every column, or one table per scope) is traced in a single pass.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from connectors.sql_lineage.resolved import plain_sources, pseudocolumns, single_source, source_list
from connectors.sql_lineage.table_refs import table_fqn

ColumnRef = tuple[str, str]  # (table fqn, column)


class Unresolved(Exception):
    """A strict tracer met a column only ``qualify`` can place."""


def is_star(node: exp.Expression) -> bool:
    return isinstance(node, exp.Star) or (isinstance(node, exp.Column) and isinstance(node.this, exp.Star))


def output_names(query: exp.Expression) -> list[str]:
    """Output column names of a query (a set operation takes its leftmost branch's)."""
    while isinstance(query, exp.SetOperation):
        query = query.left
    if isinstance(query, exp.Subquery):
        return output_names(query.this)
    if isinstance(query, exp.Select):
        return [s.alias_or_name for s in query.selects]
    return []


class Tracer:
    def __init__(self, root: Scope, strict: bool = False, dialect: str = "") -> None:
        self.root = root
        self.strict = strict
        self.pseudo = pseudocolumns(dialect) if strict else frozenset()
        self.memo: dict[tuple[int, int], frozenset[ColumnRef]] = {}
        self._by_expr: dict[int, Scope] | None = None
        self._lower: dict[int, dict] = {}
        self._names: dict[int, list[str]] = {}
        self._aliases: dict[int, dict[str, int]] = {}
        self._entered: set[int] = set()
        self._single: dict[int, exp.Table | Scope | None] = {}
        self._fqns: dict[int, str | None] = {}

    def sources(self, scope: Scope) -> dict:
        """Scope sources by lower-cased alias (Snowflake's qualify upper-cases, others lower-case)."""
        got = self._lower.get(id(scope))
        if got is None:
            got = self._lower[id(scope)] = {k.lower(): v for k, v in scope.sources.items()}
        return got

    def scope_of(self, node: exp.Expression, default: Scope) -> Scope:
        if self._by_expr is None:
            self._by_expr = {id(s.expression): s for s in self.root.traverse()}
        cur = node.parent
        while cur is not None:
            found = self._by_expr.get(id(cur))
            if found is not None:
                return found
            cur = cur.parent
        return default

    def single(self, scope: Scope) -> exp.Table | Scope | None:
        key = id(scope)
        if key not in self._single:
            self._single[key] = single_source(scope)
        return self._single[key]

    def fqn(self, table: exp.Table) -> str | None:
        key = id(table)
        if key not in self._fqns:
            self._fqns[key] = table_fqn(table)
        return self._fqns[key]

    def _enter(self, scope: Scope) -> None:
        """Strict: a scope is read as written only if its sources are (no column lists, TVFs...)."""
        if self.strict and id(scope) not in self._entered:
            if not plain_sources(scope):
                raise Unresolved
            self._entered.add(id(scope))

    def _names_of(self, scope: Scope) -> list[str]:
        got = self._names.get(id(scope))
        if got is None:
            got = self._names[id(scope)] = [n.lower() for n in output_names(scope.expression)]
        return got

    def output(self, scope: Scope, index: int) -> frozenset[ColumnRef]:
        key = (id(scope), index)
        if key in self.memo:
            return self.memo[key]
        self._enter(scope)
        self.memo[key] = frozenset()  # recursive CTEs: a cycle contributes nothing new
        expr = scope.expression
        result: set[ColumnRef] = set()
        if isinstance(expr, exp.SetOperation):
            for branch in scope.set_operation_scopes:
                result |= self.output(branch, index)
        elif isinstance(expr, exp.Select) and index < len(expr.selects):
            result = self.expression(expr.selects[index], scope)
        self.memo[key] = frozenset(result)
        return self.memo[key]

    def expression(self, node: exp.Expression, scope: Scope) -> set[ColumnRef]:
        out: set[ColumnRef] = set()
        if not self.strict:
            for col in node.find_all(exp.Column):
                out |= self.column(col, self.scope_of(col, scope))
            return out
        # `a` or `x AS a`: the usual projection, without a walk
        own = node.alias.lower() if isinstance(node, exp.Alias) else None
        inner = node.this if own is not None else node
        if isinstance(inner, exp.Column):
            return set(self.column(inner, scope, own))
        cols, nested = [], False
        for found in node.find_all(exp.Column, exp.Star, exp.Subquery):
            if isinstance(found, exp.Column):
                cols.append(found)
            elif isinstance(found, exp.Subquery):
                nested = True
            elif isinstance(found.parent, exp.Select):
                raise Unresolved  # a star in a scalar subquery: expanded from the catalog
        # `sum(amount) AS amount` names its own output: only another projection's alias
        # can be a lateral reference
        for col in cols:
            out |= self.column(col, self.scope_of(col, scope) if nested else scope, own)
        return out

    def column(self, col: exp.Column, scope: Scope, own: str | None = None) -> set[ColumnRef]:
        if self.strict:
            self._check_as_written(col, scope, own)
        if isinstance(col.this, exp.Star):
            return set()
        qualifier = col.table.lower() if col.table else ""
        current: Scope | None = scope
        while current is not None:  # correlated references resolve in an outer scope
            sources = self.sources(current)
            if qualifier:
                source = sources.get(qualifier)
            else:  # unqualified: only unambiguous with a single source in FROM / JOIN
                source = self.single(current)
            if source is not None:
                return self.from_source(source, col.name)
            current = current.parent
        if self.strict:
            raise Unresolved  # a qualifier that names no source: a struct field
        return set()

    def _check_as_written(self, col: exp.Column, scope: Scope, own: str | None) -> None:
        self._enter(scope)
        if isinstance(col.this, exp.Star) or col.args.get("db") or col.args.get("catalog"):
            raise Unresolved
        if col.table:
            return
        name = col.name.lower()
        if (
            scope.can_be_correlated  # may name a column of an outer query
            or self._lateral_aliases(scope).get(name, 0) > (name == own)
            or self.single(scope) is None
            or name.upper() in self.pseudo
            or name in self.sources(scope)  # `SELECT t FROM t` selects a row
        ):
            raise Unresolved

    def _lateral_aliases(self, scope: Scope) -> dict[str, int]:
        """How many projections of the scope carry each alias (a plain dict: ``Counter()``
        costs more than the lookups it serves)."""
        got = self._aliases.get(id(scope))
        if got is None:
            got = self._aliases[id(scope)] = {}
            expr = scope.expression
            for sel in expr.selects if isinstance(expr, exp.Select) else []:
                if isinstance(sel, exp.Alias):
                    name = sel.alias.lower()
                    got[name] = got.get(name, 0) + 1
        return got

    def from_source(self, source: exp.Expression | Scope, name: str) -> set[ColumnRef]:
        """The physical columns behind ``name`` read from a table or a scope's output."""
        if isinstance(source, exp.Table):
            fqn = self.fqn(source)
            return {(fqn, name.lower())} if fqn else set()
        if isinstance(source, Scope):
            names = self._names_of(source)
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
                picked = source_list(scope)
            elif isinstance(sel, exp.Column) and isinstance(sel.this, exp.Star):
                picked = [sources[sel.table.lower()]] if sel.table.lower() in sources else []
            else:
                continue
            if self.strict:
                raise Unresolved  # stars are expanded from the catalog
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
        stars = [s for s in expr.selects if is_star(s)]
        if stars and self.strict:
            raise Unresolved
        candidates = []
        for star in stars:
            if isinstance(star, exp.Star):
                candidates.extend(source_list(scope))
            elif star.table.lower() in self.sources(scope):
                candidates.append(self.sources(scope)[star.table.lower()])
        if len(candidates) != 1:
            return set()
        return self.from_source(candidates[0], name)
