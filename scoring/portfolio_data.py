"""Measure the data an AI project needs: existence, volume, history, freshness, quality, lineage.

A project is only as ready as the weakest table it needs, so each table gets a score 0..1
and, separately, *blockers*: facts that stop the project until someone acts (the table is
missing or empty, or its own load is broken: a dbt source freshness ``error``). Degrading
facts (thin data, short history, a stale or failing *upstream* source, failing tests)
lower the score and are listed as issues, but do not block.

Freshness has three witnesses, in order of authority: the dbt source freshness status of
the table (``pass`` / ``warn`` / ``error``); for a modelled table, the freshness of its
upstream sources in the lineage graph (a product dimension whose newest date is old is not
stale when it is rebuilt from a source that passes its freshness check); last, the newest
date in the table itself.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from scoring.evidence import TableFact
from scoring.inputs import DataNeed
from scoring.rubric import PortfolioSettings

#: A blocked table scores at most this much: it cannot carry a project until it is fixed.
BLOCKED_SCORE_CAP = 0.25
#: How far up the lineage graph upstream health is looked for.
MAX_UPSTREAM_DEPTH = 8
#: Columns listed for a table when the project names none (scope of work, required data).
MAX_COLUMNS_LISTED = 25

_T = {
    "fr": {
        "missing": "{t} est introuvable dans l'entrepôt",
        "suggest": "tables proches : {s}",
        "empty": "{t} est vide",
        "thin": "{t} n'a que {n} lignes",
        "short": "{t} ne couvre que {d} jours d'historique",
        "stale": "{t} n'a pas été mise à jour depuis {d} jours",
        "fresh_error": "{t} : le contrôle de fraîcheur dbt échoue (source en erreur)",
        "fresh_warn": "{t} : le contrôle de fraîcheur dbt avertit",
        "failing": "{t} : {p} % de tests réussis",
        "no_lineage": "{t} n'a pas de lignage amont connu",
        "up_stale": "{t} dépend de {u}, source en retard ({why})",
        "up_failing": "{t} dépend de {u}, dont {p} % des contrôles qualité réussissent",
        "up_empty": "{t} dépend de {u}, qui est vide",
        "external": "{t} doit être acquise à l'extérieur",
        "unknown_columns": "{t} : colonnes absentes du catalogue : {c}",
        "why_error": "fraîcheur en erreur",
        "why_warn": "fraîcheur en avertissement",
        "why_days": "{d} jours",
    },
    "en": {
        "missing": "{t} was not found in the warehouse",
        "suggest": "closest tables: {s}",
        "empty": "{t} is empty",
        "thin": "{t} has only {n} rows",
        "short": "{t} covers only {d} days of history",
        "stale": "{t} has not been updated for {d} days",
        "fresh_error": "{t}: its dbt source freshness check errors",
        "fresh_warn": "{t}: its dbt source freshness check warns",
        "failing": "{t}: {p} % of tests pass",
        "no_lineage": "{t} has no known upstream lineage",
        "up_stale": "{t} depends on {u}, a stale source ({why})",
        "up_failing": "{t} depends on {u}, whose quality checks pass at {p} %",
        "up_empty": "{t} depends on {u}, which is empty",
        "external": "{t} must be acquired externally",
        "unknown_columns": "{t}: columns not in the catalog: {c}",
        "why_error": "freshness error",
        "why_warn": "freshness warning",
        "why_days": "{d} days",
    },
}


def words(lang: str) -> dict[str, str]:
    """The texts of this module in ``lang`` (English for anything but ``fr``)."""
    return _T.get(lang, _T["en"])


@dataclass(frozen=True)
class Column:
    """A warehouse column as the catalog lists it."""

    name: str
    data_type: str
    is_primary_key: bool = False

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        return {"name": self.name, "type": self.data_type, "primary_key": self.is_primary_key}


@dataclass(frozen=True)
class Upstream:
    """An upstream table of a needed one and its health.

    ``ok``, ``unchecked`` (a source dbt does not check for freshness while it checks
    others), ``degraded`` (stale, failing quality checks) or ``blocked`` (freshness error,
    empty). Upstream problems degrade a table; only its own problems block it.
    """

    table: str
    depth: int
    is_source: bool
    health: str
    why: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        return {
            "table": self.table,
            "depth": self.depth,
            "is_source": self.is_source,
            "health": self.health,
            "why": self.why,
        }


class ColumnIndex(Mapping[str, tuple[Column, ...]]):
    """Catalog columns by ``schema.table``, turned into ``Column`` tuples only when looked up.

    A large warehouse has hundreds of thousands of columns and a portfolio reads a few
    dozen tables: the index keeps the per-table lists as the store returns them (names,
    types, primary-key flags, in ordinal order) instead of building an object per column.

    >>> idx = ColumnIndex({"m.t": (["id", "x"], ["INTEGER", "VARCHAR"], [True, None])})
    >>> idx["m.t"][0], len(idx), "m.u" in idx
    (Column(name='id', data_type='INTEGER', is_primary_key=True), 1, False)
    """

    def __init__(
        self, lists: Mapping[str, tuple[Sequence[object], Sequence[object], Sequence[object]]]
    ) -> None:
        self._lists = dict(lists)
        self._built: dict[str, tuple[Column, ...]] = {}

    def __getitem__(self, table: str) -> tuple[Column, ...]:
        built = self._built.get(table)
        if built is None:
            names, types, keys = self._lists[table]
            built = tuple(
                Column(str(n or ""), str(t or ""), bool(k))
                for n, t, k in zip(names, types, keys, strict=True)
            )
            self._built[table] = built
        return built

    def __iter__(self) -> Iterator[str]:
        return iter(self._lists)

    def __len__(self) -> int:
        return len(self._lists)

    def __contains__(self, table: object) -> bool:
        return table in self._lists


@dataclass(frozen=True)
class DataContext:
    """Everything measured about the warehouse that the portfolio reads, indexed for lookups.

    Attributes:
        facts: ``table_facts`` rows by ``schema.table``.
        columns: catalog columns by ``schema.table``, in ordinal order.
        upstream: lineage edges as target -> sources (``schema.table``, lower case).
        freshness: dbt source freshness status (pass / warn / error) by ``schema.table``.
    """

    facts: Mapping[str, TableFact] = field(default_factory=dict)
    columns: Mapping[str, tuple[Column, ...]] = field(default_factory=dict)
    upstream: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    freshness: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        table_facts: Iterable[TableFact],
        columns: Iterable[Mapping[str, object]] | ColumnIndex = (),
        lineage_edges: Iterable[Mapping[str, object]] = (),
        source_freshness: Mapping[str, str] | None = None,
    ) -> DataContext:
        """Index the scan's facts, ``raw.warehouse_columns`` rows and ``lineage_edges`` rows.

        Column rows need ``schema_name, table_name, column_name, data_type`` (``ordinal`` and
        ``is_primary_key`` optional), or come already indexed as a ``ColumnIndex`` keyed by
        lower-case ``schema.table``; edge rows ``source_table, target_table``. dbt's
        ``__dbt_tmp`` relations are folded into their model.

        >>> ctx = DataContext.build([], [{"schema_name": "M", "table_name": "T", "column_name": "id",
        ...     "data_type": "INTEGER", "ordinal": 1}], [{"source_table": "raw.t",
        ...     "target_table": "m.t__dbt_tmp"}])
        >>> ctx.columns["m.t"][0].data_type, ctx.upstream["m.t"]
        ('INTEGER', ('raw.t',))
        """
        by_table: dict[str, list[tuple[int, Column]]] = {}
        for row in () if isinstance(columns, ColumnIndex) else columns:
            fqn = f"{row.get('schema_name') or ''}.{row.get('table_name') or ''}".lower()
            col = Column(
                str(row.get("column_name") or ""),
                str(row.get("data_type") or ""),
                bool(row.get("is_primary_key")),
            )
            ordinal = row.get("ordinal")
            by_table.setdefault(fqn, []).append((int(ordinal) if isinstance(ordinal, int) else 10**6, col))
        edges: dict[str, set[str]] = {}
        for edge in lineage_edges:
            source, target = (
                _fold(str(edge.get("source_table") or "")),
                _fold(str(edge.get("target_table") or "")),
            )
            if source and target and source != target:
                edges.setdefault(target, set()).add(source)
        return cls(
            facts={f.table_fqn: f for f in table_facts},
            columns=columns
            if isinstance(columns, ColumnIndex)
            else {t: tuple(c for _, c in sorted(cols, key=lambda p: p[0])) for t, cols in by_table.items()},
            upstream={t: tuple(sorted(s)) for t, s in edges.items()},
            freshness={k.lower(): v.lower() for k, v in (source_freshness or {}).items()},
        )

    @property
    def scanned(self) -> bool:
        """True when a warehouse was crawled (there is something to measure against)."""
        return bool(self.facts)

    def upstream_tables(self, table: str) -> list[tuple[str, int]]:
        """Every table upstream of ``table`` with its distance, nearest first (cycle-safe)."""
        seen: dict[str, int] = {}
        frontier = [table]
        for depth in range(1, MAX_UPSTREAM_DEPTH + 1):
            nxt = []
            for node in frontier:
                for source in self.upstream.get(node, ()):
                    if source not in seen and source != table:
                        seen[source] = depth
                        nxt.append(source)
            frontier = nxt
        return sorted(seen.items(), key=lambda item: (item[1], item[0]))


def _fold(name: str) -> str:
    name = name.strip().lower()
    return name.removesuffix("__dbt_tmp")


@dataclass(frozen=True)
class TableMeasure:
    """What the warehouse says about one table a project needs."""

    table: str
    exists: bool
    score: float
    columns: tuple[str, ...] = ()
    fact: TableFact | None = None
    external: bool = False
    issues: tuple[str, ...] = ()
    blockers: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    catalog_columns: tuple[Column, ...] = ()
    upstream: tuple[Upstream, ...] = ()
    freshness_status: str | None = None

    @property
    def empty(self) -> bool:
        """True when the table exists and holds no row."""
        return self.fact is not None and self.fact.row_count == 0

    def required_columns(self) -> tuple[Column, ...]:
        """The columns the project named (with their catalog type), else the table's first ones."""
        if not self.columns:
            return self.catalog_columns[:MAX_COLUMNS_LISTED]
        known = {c.name.lower(): c for c in self.catalog_columns}
        return tuple(known.get(name.lower(), Column(name, "")) for name in self.columns)

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        fact = self.fact
        return {
            "table": self.table,
            "exists": self.exists,
            "external": self.external,
            "empty": self.empty,
            "score": round(self.score, 3),
            "columns": list(self.columns),
            "column_types": [c.to_dict() for c in self.required_columns()],
            "row_count": fact.row_count if fact else None,
            "history_days": round(fact.history_days, 1) if fact and fact.history_days is not None else None,
            "days_since_update": fact.days_since_update if fact else None,
            "freshness_status": self.freshness_status,
            "quality_pass_rate": fact.quality_pass_rate if fact else None,
            "has_upstream": fact.has_upstream if fact else None,
            "upstream": [u.to_dict() for u in self.upstream],
            "issues": list(self.blockers + self.issues),
            "blockers": list(self.blockers),
            "suggestions": list(self.suggestions),
        }


def _upstream_health(
    table: str, ctx: DataContext, settings: PortfolioSettings, lang: str
) -> tuple[tuple[Upstream, ...], list[str]]:
    """Health of every upstream table; issues for the sick ones (stale, failing or empty sources)."""
    rules, w = settings.data, words(lang)
    found: list[Upstream] = []
    issues: list[str] = []
    for name, depth in ctx.upstream_tables(table):
        fact = ctx.facts.get(name)
        status = ctx.freshness.get(name)
        is_source = bool(fact and fact.is_source) or status is not None or name not in ctx.upstream
        health, why = "ok", ""
        if fact is not None and fact.row_count == 0:
            health, why = "blocked", w["up_empty"].format(t=table, u=name)
        elif status in ("error", "warn"):
            health = "blocked" if status == "error" else "degraded"
            why = w["up_stale"].format(t=table, u=name, why=w["why_" + status])
        elif status is None and ctx.freshness and is_source:
            health = "unchecked"  # dbt checks freshness, but not here: the newest date says nothing of loads
        elif (
            status is None
            and fact is not None
            and fact.is_source
            and fact.days_since_update is not None
            and fact.days_since_update > rules.max_days_since_update
        ):
            health = "degraded"
            why = w["up_stale"].format(
                t=table, u=name, why=w["why_days"].format(d=round(fact.days_since_update))
            )
        elif (
            fact is not None
            and fact.quality_pass_rate is not None
            and (fact.quality_pass_rate < rules.min_quality_pass_rate)
        ):
            health = "degraded"
            why = w["up_failing"].format(t=table, u=name, p=round(100 * fact.quality_pass_rate))
        found.append(Upstream(name, depth, is_source, health, why))
        if why:
            issues.append(why)
    return tuple(found), issues


def _freshness_part(
    fact: TableFact, ctx: DataContext, upstream: tuple[Upstream, ...], settings: PortfolioSettings, lang: str
) -> tuple[float, str | None, list[str], list[str]]:
    """(score, dbt status, issues, blockers) for the freshness of one table."""
    w, t = words(lang), fact.table_fqn
    status = ctx.freshness.get(t)
    if status == "error":
        return 0.0, status, [], [w["fresh_error"].format(t=t)]
    if status == "warn":
        return 0.5, status, [w["fresh_warn"].format(t=t)], []
    if status == "pass":
        return 1.0, status, [], []
    sources = [u for u in upstream if u.is_source]
    if fact.is_modelled and sources and ctx.freshness:
        # Rebuilt from its sources: as fresh as they are (their staleness is the upstream part).
        passed = any(ctx.freshness.get(u.table) == "pass" for u in sources)
        return (1.0 if passed else 0.5), None, [], []
    if fact.days_since_update is None:
        return 0.5, None, [], []
    if fact.days_since_update > settings.data.max_days_since_update:
        return 0.5, None, [w["stale"].format(t=t, d=round(fact.days_since_update))], []
    return 1.0, None, [], []


def measure_table(
    fact: TableFact,
    settings: PortfolioSettings,
    lang: str,
    columns: tuple[str, ...] = (),
    ctx: DataContext | None = None,
) -> TableMeasure:
    """Score one existing table 0..1 on volume, history, freshness, quality, lineage and upstream health.

    Each measured criterion scores 1 when met and less when not; an unmeasured one scores
    0.5 (unknown is neither good nor bad). An empty table scores 0 and blocks; a table whose
    own source freshness check errors is capped at ``BLOCKED_SCORE_CAP`` and blocks.

    >>> from scoring.rubric import PortfolioSettings
    >>> ok = TableFact("marts.orders", row_count=50000, days_since_update=1, quality_pass_rate=1.0,
    ...                has_upstream=True, is_modelled=True)
    >>> measure_table(ok, PortfolioSettings(), "en").score  # history unknown
    0.9
    >>> measure_table(TableFact("marts.orders", row_count=0), PortfolioSettings(), "en").blockers
    ('marts.orders is empty',)
    """
    ctx = ctx or DataContext(facts={fact.table_fqn: fact})
    rules, w, t = settings.data, words(lang), fact.table_fqn
    catalog = tuple(ctx.columns.get(t, ()))
    upstream, upstream_issues = _upstream_health(t, ctx, settings, lang)
    column_issues: list[str] = []
    if catalog and columns:
        unknown = [c for c in columns if c.lower() not in {k.name.lower() for k in catalog}]
        if unknown:
            column_issues.append(w["unknown_columns"].format(t=t, c=", ".join(unknown)))
    if fact.row_count == 0:
        return TableMeasure(
            t, True, 0.0, columns, fact, issues=tuple(column_issues), blockers=(w["empty"].format(t=t),),
            catalog_columns=catalog, upstream=upstream, freshness_status=ctx.freshness.get(t),
        )  # fmt: skip
    issues: list[str] = []
    parts: list[float] = []
    if fact.row_count is None:
        parts.append(0.5)
    elif fact.row_count < rules.min_rows:
        parts.append(0.5)
        issues.append(w["thin"].format(t=t, n=fact.row_count))
    else:
        parts.append(1.0)
    history = fact.history_days
    if history is None:
        parts.append(0.5)
    elif history < rules.min_history_days:
        parts.append(0.5)
        issues.append(w["short"].format(t=t, d=round(history)))
    else:
        parts.append(1.0)
    fresh, status, fresh_issues, blockers = _freshness_part(fact, ctx, upstream, settings, lang)
    parts.append(fresh)
    issues += fresh_issues
    if fact.quality_pass_rate is None:
        parts.append(0.5)
    elif fact.quality_pass_rate < rules.min_quality_pass_rate:
        parts.append(0.25)
        issues.append(w["failing"].format(t=t, p=round(100 * fact.quality_pass_rate)))
    else:
        parts.append(1.0)
    if fact.is_modelled and fact.has_upstream is not None:
        parts.append(1.0 if fact.has_upstream else 0.5)
        if not fact.has_upstream:
            issues.append(w["no_lineage"].format(t=t))
    if upstream:
        weights = {"ok": 1.0, "unchecked": 1.0, "degraded": 0.5, "blocked": 0.25}
        worst = min((weights[u.health] for u in upstream), default=1.0)
        parts.append(worst)
        issues += upstream_issues
    score = round(sum(parts) / len(parts), 4)
    if blockers:
        score = min(score, BLOCKED_SCORE_CAP)
    return TableMeasure(
        t, True, score, columns, fact, issues=tuple(issues + column_issues), blockers=tuple(blockers),
        catalog_columns=catalog, upstream=upstream, freshness_status=status,
    )  # fmt: skip


def suggest_tables(name: str, known: Sequence[str], n: int = 3) -> tuple[str, ...]:
    """Closest existing table names, on the full name and on the table part alone.

    A table named in another database (``other_db.marts.orders``) is matched on its last
    two parts too, so the suggestion points at the table in the scanned warehouse.

    >>> suggest_tables("marts.customer", ["marts.customers", "marts.orders", "staging.stg_customers"])
    ('marts.customers', 'staging.stg_customers')
    >>> suggest_tables("crm.marts.orders", ["marts.orders"])
    ('marts.orders',)
    """
    parts = name.split(".")
    close = [k for k in known if len(parts) > 2 and k == ".".join(parts[-2:])]
    close += difflib.get_close_matches(name, list(known), n=n, cutoff=0.8)
    short = parts[-1]
    by_short: dict[str, list[str]] = {}
    for fqn in known:
        by_short.setdefault(fqn.rpartition(".")[2], []).append(fqn)
    for match in difflib.get_close_matches(short, list(by_short), n=n, cutoff=0.75):
        close.extend(by_short[match])
    return tuple(dict.fromkeys(close))[:n]


def resolve_need(
    need: DataNeed, ctx: DataContext, settings: PortfolioSettings, lang: str
) -> list[TableMeasure]:
    """Measure the table(s) a data need names; a ``*`` pattern can match several."""
    w, facts = words(lang), ctx.facts
    if need.external:
        return [
            TableMeasure(
                need.table,
                False,
                0.0,
                need.columns,
                external=True,
                issues=(w["external"].format(t=need.table),),
            )
        ]
    if any(ch in need.table for ch in "*?["):
        names = sorted(fnmatch.filter(list(facts), need.table))
    elif need.table in facts:
        names = [need.table]
    else:
        # An unqualified name matches a unique table of that name in any schema.
        names = [f for f in facts if "." not in need.table and f.rpartition(".")[2] == need.table][:1]
    if names:
        return [measure_table(facts[name], settings, lang, need.columns, ctx) for name in names]
    suggestions = suggest_tables(need.table, sorted(facts))
    issue = w["missing"].format(t=need.table)
    if suggestions:
        issue += "; " + w["suggest"].format(s=", ".join(suggestions))
    return [TableMeasure(need.table, False, 0.0, need.columns, blockers=(issue,), suggestions=suggestions)]
