"""When a query's output columns resolve as written, so sqlglot's ``qualify`` can be skipped.

``qualify`` costs about twice the parse of the statement it runs on (it re-normalises every
identifier, resolves every column of every clause against the catalog and annotates
types), yet column lineage only follows the columns of the projections. Most logged
writes (dbt models, INSERT ... SELECT, CTAS) qualify their columns with an alias or read a
single table per scope, and then the tracer places each column without help.

The rules are conservative, applied by the strict tracer (``tracer``) to what it visits:
anything ``qualify`` would change in a way the tracer sees sends the query down the
qualifying path: stars (expanded from the catalog), an unqualified column under several
sources or in a subquery that may be correlated, a reference to an alias of the same
SELECT, a qualifier that is not a source (a struct field), CTE or derived-table column
lists, table functions, pivots, pseudocolumns, and a CTE referenced with another case
than its definition (``qualify`` normalises both).
"""

from __future__ import annotations

from functools import lru_cache

from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.scope import Scope

from connectors.sql_lineage.dialects import dialect_of


@lru_cache(maxsize=64)
def pseudocolumns(dialect: str) -> frozenset[str]:
    """Names the dialect reads as values, not columns (Oracle's ROWNUM, LEVEL)."""
    return frozenset(p.upper() for p in dialect_of(dialect).PSEUDOCOLUMNS)


def single_source(scope: Scope) -> exp.Table | Scope | None:
    """The one table, CTE or subquery a scope selects from (CTEs merely in view do not count)."""
    select = scope.expression
    if isinstance(select, exp.Select) and not select.args.get("joins") and not select.args.get("laterals"):
        from_ = select.args.get("from_")  # a single FROM: no need for sqlglot's walk of the scope
        if from_ is not None and isinstance(from_.this, (exp.Table, exp.Subquery)):
            found = scope.sources.get(from_.this.alias_or_name)
            if found is not None:
                return found
    try:
        selected = scope.selected_sources
    except OptimizeError:  # an alias used twice
        return None
    if len(selected) != 1:
        return None
    return next(iter(selected.values()))[1]


def source_list(scope: Scope) -> list[exp.Table | Scope]:
    """What a scope's ``SELECT *`` reads: its FROM and JOIN sources (all sources if unsure)."""
    try:
        return [source for _, source in scope.selected_sources.values()]
    except OptimizeError:
        return list(scope.sources.values())


def plain_sources(scope: Scope) -> bool:
    """Sources the tracer reads as they are: named tables, CTEs, subqueries, no column lists."""
    if scope.is_udtf:
        return False
    select = scope.expression
    if isinstance(select, exp.Select):  # unaliased derived tables share the empty name
        from_ = select.args.get("from_")
        joined = [from_.this] if from_ else []
        joined += [j.this for j in select.args.get("joins") or []]
        names = [j.alias_or_name.lower() for j in joined]
        if not all(names) or len(set(names)) != len(names):
            return False
    for source in scope.sources.values():
        node = source.expression if isinstance(source, Scope) else source
        if isinstance(source, Scope) and source.is_udtf:
            return False
        if isinstance(node, exp.Table) and not isinstance(node.this, exp.Identifier):
            return False  # a table function
        if node.args.get("pivots"):
            return False
        holder = node.parent if isinstance(source, Scope) else node  # the CTE or the derived table
        alias = holder.args.get("alias") if isinstance(holder, exp.Expression) else None
        if isinstance(alias, exp.TableAlias) and alias.columns:
            return False
    return True


def cte_case_mismatch(root: Scope) -> bool:
    """A table named like a CTE but spelled with another case: only ``qualify`` ties them."""
    scopes = list(root.traverse())
    ctes = {s.expression.parent.alias for s in scopes if s.is_cte}
    if not ctes:
        return False
    lowered = {n.lower() for n in ctes}
    # a reference that matched its CTE became a scope: the tables left in FROM/JOIN are the others
    return any(
        isinstance(t, exp.Table) and t.name not in ctes and t.name.lower() in lowered
        for s in scopes
        for t in s.sources.values()
    )
