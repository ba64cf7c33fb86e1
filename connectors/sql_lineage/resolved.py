"""Whether a query's output columns resolve as written, so sqlglot's ``qualify`` can be skipped.

``qualify`` costs about twice the parse of the statement it runs on (it re-normalises every
identifier, resolves every column of every clause against the catalog and annotates
types), yet column lineage only follows the columns of the projections. Most logged
writes (dbt models, INSERT ... SELECT, CTAS) qualify their columns with an alias or read a
single table per scope, and then the tracer places each column without help.

The check is conservative: anything ``qualify`` would change in a way the tracer sees
sends the query down the qualifying path: stars (expanded from the catalog), an
unqualified column under several sources or in a subquery that may be correlated, a
reference to an alias of the same SELECT, a qualifier that is not a source (a struct
field), CTE or derived-table column lists, table functions, pivots, pseudocolumns, and a
CTE referenced with another case than its definition (``qualify`` normalises both).
"""

from __future__ import annotations

from collections import Counter

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.scope import Scope


def _source_names(scope: Scope) -> set[str]:
    return {name.lower() for name in scope.sources}


def _known_qualifier(scope: Scope | None, qualifier: str) -> bool:
    while scope is not None:  # a correlated reference names a source of an outer scope
        if qualifier in _source_names(scope):
            return True
        scope = scope.parent
    return False


def _plain_sources(scope: Scope) -> bool:
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


def _cte_case_mismatch(root: Scope) -> bool:
    """A table named like a CTE but spelled with another case: only ``qualify`` ties them."""
    ctes = {c.alias_or_name for w in root.expression.find_all(exp.With) for c in w.expressions}
    if not ctes:
        return False
    lowered = {n.lower() for n in ctes}
    for table in root.expression.find_all(exp.Table):
        name = table.name
        if name not in ctes and name.lower() in lowered:
            return True
    return False


def single_source(scope: Scope) -> exp.Table | Scope | None:
    """The one table, CTE or subquery a scope selects from (CTEs merely in view do not count)."""
    try:
        selected = scope.selected_sources
    except OptimizeError:  # an alias used twice
        return None
    if len(selected) != 1:
        return None
    return next(iter(selected.values()))[1]


def _column_resolves(
    col: exp.Column, scope: Scope, aliases: Counter[str], own: str | None, pseudo: set[str]
) -> bool:
    if isinstance(col.this, exp.Star) or col.args.get("db") or col.args.get("catalog"):
        return False
    if col.table:
        return _known_qualifier(scope, col.table.lower())
    name = col.name.lower()
    if scope.can_be_correlated or aliases[name] > (name == own) or single_source(scope) is None:
        return False
    return name.upper() not in pseudo and name not in _source_names(scope)  # `SELECT t FROM t`: a row


def _lineage_scopes(root: Scope) -> list[Scope] | None:
    """The scopes column lineage walks: the root, set-operation branches and what they select
    from. Subqueries of WHERE or HAVING feed no output column and are left out."""
    out, stack, seen = [], [root], set()
    while stack:
        scope = stack.pop()
        if id(scope) in seen:
            continue
        seen.add(id(scope))
        out.append(scope)
        stack.extend(scope.set_operation_scopes)
        try:
            stack.extend(src for _, src in scope.selected_sources.values() if isinstance(src, Scope))
        except OptimizeError:  # an alias used twice
            return None
    return out


def resolves_without_qualify(root: Scope, dialect: str) -> bool:
    """True when every column in every projection already names its source unambiguously."""
    scopes = _lineage_scopes(root)
    if scopes is None:
        return False
    pseudo = {p.upper() for p in Dialect.get_or_raise(dialect).PSEUDOCOLUMNS}
    by_expr = {id(s.expression): s for s in root.traverse()}
    for scope in scopes:
        if not _plain_sources(scope):
            return False
        expr = scope.expression
        if not isinstance(expr, exp.Select):
            continue
        aliases = Counter(s.alias.lower() for s in expr.selects if isinstance(s, exp.Alias))
        for projection in expr.selects:
            # a star, here or in a scalar subquery of the projection, is expanded from the catalog
            if any(isinstance(star.parent, exp.Select) for star in projection.find_all(exp.Star)):
                return False
            # `sum(amount) AS amount` names its own output: only another projection's alias
            # can be a lateral reference
            own = projection.alias.lower() if isinstance(projection, exp.Alias) else None
            for col in projection.find_all(exp.Column):
                inner = _scope_of(col, by_expr, scope)
                if inner is not scope and not _plain_sources(inner):
                    return False
                if not _column_resolves(col, inner, aliases, own, pseudo):
                    return False
    return not _cte_case_mismatch(root)


def _scope_of(node: exp.Expression, by_expr: dict[int, Scope], default: Scope) -> Scope:
    cur = node.parent
    while cur is not None:
        found = by_expr.get(id(cur))
        if found is not None:
            return found
        cur = cur.parent
    return default
