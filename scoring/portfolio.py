"""AI-project portfolio: value (T.L.D.), feasibility, quadrant, rank and advice (phases 2-4).

Value is the mean of the three T.L.D. dimensions (time to resolve, recurrence of logic,
data). The data dimension is *measured* whenever the project names warehouse tables: each
table is scored on volume, history depth, freshness, quality pass rate and known upstream
lineage from ``table_facts``, a missing table scoring 0; the declared level is kept beside
the measured one so a reader sees where they differ.

Feasibility weighs three questions of phase 3 (weights in the rubric): is the data
available (``internal``, ``to_acquire`` when a named source is external or nothing in the
warehouse is named, ``missing`` when a named table is absent — the closest existing names
are suggested), does a documented use case exist (the shipped catalogue), and how hard is
deployment (batch < microservice < streaming). When no warehouse was scanned at all,
availability is None (not measured) and the declared data level stands in.

Quadrants: ``priority`` (high value, high feasibility: the short-term roadmap), ``invest``
(high value, low feasibility), ``opportunistic`` (low value, high feasibility), ``later``.
Ranks follow that order, then value x feasibility. Infeasible projects get the seed's
advice for their weakest point: wait and collect data, run as R&D, or start at reduced
scale / in simulation.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, replace

from scoring.evidence import TableFact
from scoring.inputs import DataNeed, Portfolio, Project
from scoring.rubric import PortfolioSettings
from scoring.use_cases import UseCaseMatch, match_use_case

QUADRANT_ORDER = ("priority", "invest", "opportunistic", "later")
COMPLEXITY = {"batch": "low", "microservice": "medium", "streaming": "high"}

_T = {
    "fr": {
        "missing": "{t} est introuvable dans l'entrepôt",
        "suggest": "tables proches : {s}",
        "empty": "{t} est vide",
        "thin": "{t} n'a que {n} lignes",
        "short": "{t} ne couvre que {d} jours d'historique",
        "stale": "{t} n'a pas été mise à jour depuis {d} jours",
        "failing": "{t} : {p} % de tests réussis",
        "no_lineage": "{t} n'a pas de lignage amont connu",
        "external": "{t} doit être acquise à l'extérieur",
        "priority": "Feuille de route à court terme : rédiger l'étendue des travaux.",
        "ok": "Réalisable ; à planifier selon la valeur.",
        "wait": "Données insuffisantes : différer le projet et collecter d'abord les données ({why}).",
        "acquire": "Identifier ou acquérir les données nécessaires avant de lancer le projet.",
        "rnd": "Aucun cas d'usage documenté : mener le projet en mode R&D.",
        "reduced": "Déploiement {d} exigeant : commencer à échelle réduite ou en simulation.",
        "unmeasured": "Entrepôt non analysé : la disponibilité des données n'a pas pu être mesurée.",
    },
    "en": {
        "missing": "{t} was not found in the warehouse",
        "suggest": "closest tables: {s}",
        "empty": "{t} is empty",
        "thin": "{t} has only {n} rows",
        "short": "{t} covers only {d} days of history",
        "stale": "{t} has not been updated for {d} days",
        "failing": "{t}: {p} % of tests pass",
        "no_lineage": "{t} has no known upstream lineage",
        "external": "{t} must be acquired externally",
        "priority": "Short-term roadmap: draft the scope of work.",
        "ok": "Feasible; schedule it according to its value.",
        "wait": "Not enough data: postpone the project and collect the data first ({why}).",
        "acquire": "Identify or acquire the data needed before starting.",
        "rnd": "No documented use case: run the project as R&D.",
        "reduced": "Demanding {d} deployment: start at reduced scale or in simulation.",
        "unmeasured": "Warehouse not scanned: data availability could not be measured.",
    },
}


def _words(lang: str) -> dict[str, str]:
    return _T.get(lang, _T["en"])


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
    suggestions: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        fact = self.fact
        return {
            "table": self.table,
            "exists": self.exists,
            "external": self.external,
            "score": round(self.score, 3),
            "columns": list(self.columns),
            "row_count": fact.row_count if fact else None,
            "history_days": round(fact.history_days, 1) if fact and fact.history_days is not None else None,
            "days_since_update": fact.days_since_update if fact else None,
            "quality_pass_rate": fact.quality_pass_rate if fact else None,
            "has_upstream": fact.has_upstream if fact else None,
            "issues": list(self.issues),
            "suggestions": list(self.suggestions),
        }


def measure_table(
    fact: TableFact, settings: PortfolioSettings, lang: str, columns: tuple[str, ...] = ()
) -> TableMeasure:
    """Score one existing table 0..1 on volume, history, freshness, quality and lineage.

    Each measured criterion scores 1 when met and less when not; an unmeasured one scores
    0.5 (unknown is neither good nor bad). An empty table scores 0: there is nothing to learn.

    >>> from scoring.rubric import PortfolioSettings
    >>> ok = TableFact("marts.orders", row_count=50000, days_since_update=1, quality_pass_rate=1.0,
    ...                has_upstream=True, is_modelled=True)
    >>> measure_table(ok, PortfolioSettings(), "en").score  # history unknown
    0.9
    >>> measure_table(TableFact("marts.orders", row_count=0), PortfolioSettings(), "en").issues
    ('marts.orders is empty',)
    """
    rules, words, t = settings.data, _words(lang), fact.table_fqn
    if fact.row_count == 0:
        return TableMeasure(t, True, 0.0, columns, fact, issues=(words["empty"].format(t=t),))
    issues: list[str] = []
    parts: list[float] = []
    if fact.row_count is None:
        parts.append(0.5)
    elif fact.row_count < rules.min_rows:
        parts.append(0.5)
        issues.append(words["thin"].format(t=t, n=fact.row_count))
    else:
        parts.append(1.0)
    history = fact.history_days
    if history is None:
        parts.append(0.5)
    elif history < rules.min_history_days:
        parts.append(0.5)
        issues.append(words["short"].format(t=t, d=round(history)))
    else:
        parts.append(1.0)
    if fact.days_since_update is None:
        parts.append(0.5)
    elif fact.days_since_update > rules.max_days_since_update:
        parts.append(0.5)
        issues.append(words["stale"].format(t=t, d=round(fact.days_since_update)))
    else:
        parts.append(1.0)
    if fact.quality_pass_rate is None:
        parts.append(0.5)
    elif fact.quality_pass_rate < rules.min_quality_pass_rate:
        parts.append(0.25)
        issues.append(words["failing"].format(t=t, p=round(100 * fact.quality_pass_rate)))
    else:
        parts.append(1.0)
    if fact.is_modelled and fact.has_upstream is not None:
        parts.append(1.0 if fact.has_upstream else 0.5)
        if not fact.has_upstream:
            issues.append(words["no_lineage"].format(t=t))
    return TableMeasure(t, True, round(sum(parts) / len(parts), 4), columns, fact, issues=tuple(issues))


def suggest_tables(name: str, known: Sequence[str], n: int = 3) -> tuple[str, ...]:
    """Closest existing table names, on the full name and on the table part alone.

    >>> suggest_tables("marts.customer", ["marts.customers", "marts.orders", "staging.stg_customers"])
    ('marts.customers', 'staging.stg_customers')
    """
    close = difflib.get_close_matches(name, list(known), n=n, cutoff=0.8)
    short = name.rpartition(".")[2]
    by_short: dict[str, list[str]] = {}
    for fqn in known:
        by_short.setdefault(fqn.rpartition(".")[2], []).append(fqn)
    for match in difflib.get_close_matches(short, list(by_short), n=n, cutoff=0.75):
        close.extend(by_short[match])
    return tuple(dict.fromkeys(close))[:n]


def resolve_need(
    need: DataNeed, facts: dict[str, TableFact], settings: PortfolioSettings, lang: str
) -> list[TableMeasure]:
    """Measure the table(s) a data need names; a ``*`` pattern can match several."""
    words = _words(lang)
    if need.external:
        return [
            TableMeasure(
                need.table,
                False,
                0.0,
                need.columns,
                external=True,
                issues=(words["external"].format(t=need.table),),
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
        return [measure_table(facts[name], settings, lang, need.columns) for name in names]
    suggestions = suggest_tables(need.table, sorted(facts))
    issue = words["missing"].format(t=need.table)
    if suggestions:
        issue += "; " + words["suggest"].format(s=", ".join(suggestions))
    return [TableMeasure(need.table, False, 0.0, need.columns, issues=(issue,), suggestions=suggestions)]


def _level(score: float, high: float, medium: float) -> str:
    return "high" if score >= high else "medium" if score >= medium else "low"


@dataclass(frozen=True)
class ProjectScore:
    """A scored project; ``to_dict`` gives its entry of the result's ``portfolio`` list."""

    project: Project
    value: float
    feasibility: float
    value_high: bool
    feasibility_high: bool
    data_level_used: str
    data_level_measured: str | None
    data_score: float | None
    availability: str | None
    tables: tuple[TableMeasure, ...]
    use_case: UseCaseMatch | None
    components: dict[str, float]
    advice: tuple[str, ...]
    rank: int = 0
    lang: str = "fr"

    @property
    def quadrant(self) -> str:
        """priority | invest | opportunistic | later."""
        if self.value_high:
            return "priority" if self.feasibility_high else "invest"
        return "opportunistic" if self.feasibility_high else "later"

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        p = self.project
        uc = self.use_case
        return {
            "name": p.name,
            "department": p.department,
            "description": p.description,
            "technique": p.technique,
            "value": round(self.value, 3),
            "feasibility": round(self.feasibility, 3),
            "value_level": "high" if self.value_high else "low",
            "feasibility_level": "high" if self.feasibility_high else "low",
            "quadrant": self.quadrant,
            "rank": self.rank,
            "data_availability": self.availability,
            "tld": {"time": p.tld.time, "logic": p.tld.logic, "data": self.data_level_used},
            "tld_declared": {"time": p.tld.time, "logic": p.tld.logic, "data": p.tld.data},
            "measured_data": None
            if self.data_level_measured is None
            else {"level": self.data_level_measured, "score": self.data_score},
            "tables": [t.to_dict() for t in self.tables],
            "use_case": None
            if uc is None
            else {
                "id": uc.use_case.id,
                "name": uc.use_case.name(self.lang),
                "matched": list(uc.matched),
                "strength": uc.strength,
                "typical_data": uc.use_case.data_needs(self.lang),
            },
            "deployment": p.deployment,
            "deployment_complexity": COMPLEXITY[p.deployment],
            "feasibility_components": {k: round(v, 3) for k, v in self.components.items()},
            "advice": " ".join(self.advice),
        }


def score_project(
    project: Project, facts: dict[str, TableFact], settings: PortfolioSettings, lang: str = "fr"
) -> ProjectScore:
    """Value, feasibility and advice of one project (rank is set by :func:`score_portfolio`)."""
    words = _words(lang)
    scanned = bool(facts)
    tables: list[TableMeasure] = []
    for need in project.data:
        if need.external or scanned:
            tables.extend(resolve_need(need, facts, settings, lang))
    internal = [t for t in tables if not t.external]
    data_score: float | None = None
    measured: str | None = None
    if internal:
        data_score = round(sum(t.score for t in internal) / len(internal), 4)
        measured = _level(data_score, settings.data.high_at_least, settings.data.medium_at_least)
    data_used = measured or project.tld.data
    levels = settings.level_values
    value = (levels[project.tld.time] + levels[project.tld.logic] + levels[data_used]) / 3

    availability: str | None
    if not scanned and not any(t.external for t in tables):
        availability = None if project.data else "to_acquire"
    elif any(not t.exists and not t.external for t in tables):
        availability = "missing"
    elif not internal or any(t.external for t in tables):
        availability = "to_acquire"
    else:
        availability = "internal"
    if availability == "internal":
        data_component = data_score if data_score is not None else 0.5
    elif availability == "to_acquire":
        data_component = 0.4 if not internal else min(0.4, data_score or 0.0) + 0.1
    elif availability == "missing":
        data_component = 0.1
    else:
        data_component = levels[project.tld.data]
    use_case = match_use_case(project.name, project.description, project.technique)
    use_case_component = 0.3 if use_case is None else 1.0 if use_case.strength == "strong" else 0.6
    feasibility_settings = settings.feasibility
    deployment_component = feasibility_settings.deployment[project.deployment]
    components = {"data": data_component, "use_case": use_case_component, "deployment": deployment_component}
    feasibility = (
        feasibility_settings.weight_data * data_component
        + feasibility_settings.weight_use_case * use_case_component
        + feasibility_settings.weight_deployment * deployment_component
    )
    value_high = value >= settings.value_high_at_least
    feasibility_high = feasibility >= feasibility_settings.high_at_least

    advice: list[str] = []
    if availability is None:
        advice.append(words["unmeasured"])
    if feasibility_high:
        advice.append(words["priority"] if value_high else words["ok"])
    else:
        if availability == "missing" or (availability == "internal" and data_component < 0.5):
            why = "; ".join(issue for t in tables for issue in t.issues) or "-"
            advice.append(words["wait"].format(why=why))
        elif availability == "to_acquire":
            advice.append(words["acquire"])
        if use_case is None:
            advice.append(words["rnd"])
        if deployment_component < 1.0:
            advice.append(words["reduced"].format(d=project.deployment))
    return ProjectScore(
        project=project,
        value=value,
        feasibility=feasibility,
        value_high=value_high,
        feasibility_high=feasibility_high,
        data_level_used=data_used,
        data_level_measured=measured,
        data_score=data_score,
        availability=availability,
        tables=tuple(tables),
        use_case=use_case,
        components=components,
        advice=tuple(advice),
        lang=lang,
    )


def score_portfolio(
    portfolio: Portfolio | None,
    table_facts: Sequence[TableFact],
    settings: PortfolioSettings,
    lang: str = "fr",
) -> list[ProjectScore]:
    """Score and rank every project: quadrant order first, then value x feasibility, then name."""
    if portfolio is None:
        return []
    facts = {fact.table_fqn: fact for fact in table_facts}
    scored = [score_project(p, facts, settings, lang) for p in portfolio.projects]
    scored.sort(key=lambda s: (QUADRANT_ORDER.index(s.quadrant), -s.value * s.feasibility, s.project.name))
    return [replace(s, rank=i + 1) for i, s in enumerate(scored)]
