"""AI-project portfolio: value (T.L.D.), feasibility, quadrant, rank and advice (phases 2-4).

Value is the mean of the three T.L.D. dimensions (time to resolve, recurrence of logic,
data). The data dimension is *measured* whenever the project names warehouse tables: each
table is scored on volume, history depth, freshness, quality pass rate and known upstream
lineage from ``table_facts``, a missing table scoring 0; the declared level is kept beside
the measured one so a reader sees where they differ.

Feasibility weighs three questions of phase 3 (weights in the rubric): is the data
available (``internal``, ``to_acquire`` when a named source is external or nothing in the
warehouse is named, ``missing`` when a named table is absent or empty — the closest existing names
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

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from scoring.evidence import Signal, TableFact
from scoring.inputs import Portfolio, Project
from scoring.portfolio_data import DataContext, TableMeasure, measure_table, resolve_need, suggest_tables
from scoring.portfolio_deploy import Complexity, Footprint, deployment_complexity, mlops_footprint
from scoring.rubric import PortfolioSettings
from scoring.use_cases import UseCaseMatch, match_use_case

__all__ = [
    "COMPLEXITY",
    "QUADRANT_ORDER",
    "DataContext",
    "ProjectScore",
    "TableMeasure",
    "measure_table",
    "resolve_need",
    "score_portfolio",
    "score_project",
    "suggest_tables",
]

QUADRANT_ORDER = ("priority", "invest", "opportunistic", "later")
COMPLEXITY = {"batch": "low", "microservice": "medium", "streaming": "high"}

_T = {
    "fr": {
        "priority": "Feuille de route à court terme : rédiger l'étendue des travaux.",
        "ok": "Réalisable ; à planifier selon la valeur.",
        "wait": "Données insuffisantes : différer le projet et collecter d'abord les données ({why}).",
        "restore": "Données bloquées : rétablir l'alimentation puis laisser s'accumuler des données fraîches "
        "avant de lancer le projet ({why}).",
        "typo": "Vérifier le nom des tables : {s}.",
        "acquire": "Identifier ou acquérir les données nécessaires avant de lancer le projet.",
        "rnd": "Aucun cas d'usage documenté : mener le projet en mode R&D.",
        "weak_uc": "Cas d'usage peu documenté : commencer par une preuve de concept de type R&D.",
        "reduced": "Déploiement {d} de complexité {c} : commencer à échelle réduite ou en simulation.",
        "unmeasured": "Entrepôt non analysé : la disponibilité des données n'a pas pu être mesurée.",
    },
    "en": {
        "priority": "Short-term roadmap: draft the scope of work.",
        "ok": "Feasible; schedule it according to its value.",
        "wait": "Not enough data: postpone the project and collect the data first ({why}).",
        "restore": "Data blocked: restore the feed, then let fresh data accumulate before starting ({why}).",
        "typo": "Check the table names: {s}.",
        "acquire": "Identify or acquire the data needed before starting.",
        "rnd": "No documented use case: run the project as R&D.",
        "weak_uc": "Thinly documented use case: start with an R&D proof of concept.",
        "reduced": "{d} deployment of {c} complexity: start at reduced scale or in simulation.",
        "unmeasured": "Warehouse not scanned: data availability could not be measured.",
    },
}


def _words(lang: str) -> dict[str, str]:
    return _T.get(lang, _T["en"])


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
    readiness: float | None = None
    blockers: tuple[str, ...] = ()
    complexity: Complexity | None = None
    advice_kinds: tuple[str, ...] = ()

    @property
    def quadrant(self) -> str:
        """priority | invest | opportunistic | later."""
        if self.value_high:
            return "priority" if self.feasibility_high else "invest"
        return "opportunistic" if self.feasibility_high else "later"

    @property
    def issues(self) -> tuple[str, ...]:
        """Every blocker and issue of the needed tables, blockers first, without repeats."""
        found = [b for t in self.tables for b in t.blockers] + [i for t in self.tables for i in t.issues]
        return tuple(dict.fromkeys(found))

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        p = self.project
        uc = self.use_case
        complexity = self.complexity or Complexity(COMPLEXITY[p.deployment], COMPLEXITY[p.deployment], "")
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
            "data_readiness": None if self.readiness is None else round(self.readiness, 3),
            "data_blockers": list(self.blockers),
            "data_issues": list(self.issues),
            "tld": {"time": p.tld.time, "logic": p.tld.logic, "data": self.data_level_used},
            "tld_declared": {"time": p.tld.time, "logic": p.tld.logic, "data": p.tld.data},
            "measured_data": None
            if self.data_level_measured is None
            else {
                "level": self.data_level_measured,
                "score": self.data_score,
                "declared": p.tld.data,
                "differs": self.data_level_measured != p.tld.data,
            },
            "tables": [t.to_dict() for t in self.tables],
            "use_case": None
            if uc is None
            else {
                "id": uc.use_case.id,
                "name": uc.use_case.name(self.lang),
                "matched": list(uc.matched),
                "strength": uc.strength,
                "explanation": uc.explanation(self.lang),
                "typical_data": uc.use_case.data_needs(self.lang),
                "typical_deployment": uc.use_case.typical_deployment,
            },
            "deployment": p.deployment,
            "deployment_complexity": complexity.level,
            "deployment_complexity_declared": complexity.declared,
            "deployment_complexity_why": complexity.why,
            "feasibility_components": {k: round(v, 3) for k, v in self.components.items()},
            "advice": " ".join(self.advice),
            "advice_kinds": list(self.advice_kinds),
        }


def _availability(tables: Sequence[TableMeasure], project: Project, scanned: bool) -> str | None:
    """internal | to_acquire | missing (an absent or empty table) | None (nothing measured)."""
    internal = [t for t in tables if not t.external]
    if not scanned and not any(t.external for t in tables):
        return None if project.data else "to_acquire"
    if any((not t.exists or t.empty) and not t.external for t in tables):
        return "missing"
    if not internal or any(t.external for t in tables):
        return "to_acquire"
    return "internal"


def _advice(
    score: ProjectScore, settings: PortfolioSettings, lang: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The advice that fits why a project is (in)feasible, and its kinds (for the roadmap)."""
    words = _words(lang)
    advice: list[tuple[str, str]] = []
    if score.availability is None:
        advice.append(("unmeasured", words["unmeasured"]))
    if score.feasibility_high:
        advice.append(
            ("priority" if score.value_high else "schedule", words["priority" if score.value_high else "ok"])
        )
        return tuple(a for _, a in advice), tuple(k for k, _ in advice)
    gone = [t for t in score.tables if not t.external and (not t.exists or t.empty)]
    broken = [b for t in score.tables if t.exists and not t.empty for b in t.blockers]
    if gone or (score.availability == "internal" and (score.readiness or 0) < 0.5 and not broken):
        why = "; ".join(b for t in gone for b in t.blockers) or "; ".join(score.issues) or "-"
        advice.append(("wait_collect", words["wait"].format(why=why)))
        typos = [f"{t.table} -> {t.suggestions[0]}" for t in gone if t.suggestions]
        if typos:
            advice.append(("check_names", words["typo"].format(s=", ".join(typos))))
    if broken:
        advice.append(("restore_feed", words["restore"].format(why="; ".join(broken))))
    if score.availability == "to_acquire":
        advice.append(("acquire", words["acquire"]))
    if score.use_case is None:
        advice.append(("rnd", words["rnd"]))
    elif score.use_case.strength == "weak":
        advice.append(("rnd", words["weak_uc"]))
    complexity = score.complexity
    if complexity is not None and complexity.level != "low":
        level = {"fr": {"medium": "moyenne", "high": "élevée"}}.get(lang, {}).get(
            complexity.level, complexity.level
        )
        advice.append(("reduced_scale", words["reduced"].format(d=score.project.deployment, c=level)))
    return tuple(a for _, a in advice), tuple(k for k, _ in advice)


def score_project(
    project: Project,
    facts: dict[str, TableFact] | DataContext,
    settings: PortfolioSettings,
    lang: str = "fr",
    footprint: Footprint | None = None,
) -> ProjectScore:
    """Value, feasibility and advice of one project (rank is set by :func:`score_portfolio`).

    Value: mean of the T.L.D. levels, the data level measured when tables are named.
    Feasibility: weighted data readiness, use-case match and deployment complexity; a
    project with a data blocker (missing, empty or broken table) cannot be highly
    feasible until it is removed.

    >>> from scoring.inputs import parse_portfolio
    >>> from scoring.rubric import PortfolioSettings
    >>> p = parse_portfolio({"projects": [{"name": "Reviews", "technique": "text classification",
    ...     "tld": {"time": "high", "logic": "high", "data": "high"}, "data": ["marts.reviews"]}]}).projects[0]
    >>> s = score_project(p, {"marts.reviews": TableFact("marts.reviews", row_count=0)}, PortfolioSettings(), "en")
    >>> s.availability, s.quadrant, s.advice_kinds
    ('missing', 'invest', ('wait_collect', 'rnd'))
    """
    ctx = facts if isinstance(facts, DataContext) else DataContext(facts=facts)
    footprint = footprint or Footprint({})
    tables: list[TableMeasure] = []
    for need in project.data:
        if need.external or ctx.scanned:
            tables.extend(resolve_need(need, ctx, settings, lang))
    internal = [t for t in tables if not t.external]
    data_score: float | None = None
    measured: str | None = None
    readiness: float | None = None
    if internal:
        scores = [t.score for t in internal]
        data_score = round(sum(scores) / len(scores), 4)
        measured = _level(data_score, settings.data.high_at_least, settings.data.medium_at_least)
        # A project needs all its tables: the weakest one weighs as much as the average.
        readiness = round(0.5 * data_score + 0.5 * min(scores), 4)
    data_used = measured or project.tld.data
    levels = settings.level_values
    value = (levels[project.tld.time] + levels[project.tld.logic] + levels[data_used]) / 3

    availability = _availability(tables, project, ctx.scanned)
    blockers = tuple(dict.fromkeys(b for t in internal for b in t.blockers))
    if availability == "internal":
        data_component = readiness if readiness is not None else 0.5
    elif availability == "to_acquire":
        data_component = 0.4 if not internal else min(0.4, readiness or 0.0) + 0.1
    elif availability == "missing":
        data_component = 0.1
    else:
        data_component = levels[project.tld.data]
    if blockers:
        data_component = min(data_component, 0.25)
    use_case = match_use_case(project.name, project.description, project.technique)
    use_case_component = 0.3 if use_case is None else 1.0 if use_case.strength == "strong" else 0.6
    fs = settings.feasibility
    complexity = deployment_complexity(project.deployment, footprint, lang)
    by_level = {level: fs.deployment[kind] for kind, level in COMPLEXITY.items()}
    deployment_component = by_level[complexity.level]
    components = {"data": data_component, "use_case": use_case_component, "deployment": deployment_component}
    feasibility = (
        fs.weight_data * data_component
        + fs.weight_use_case * use_case_component
        + fs.weight_deployment * deployment_component
    )
    scored = ProjectScore(
        project=project,
        value=value,
        feasibility=feasibility,
        value_high=value >= settings.value_high_at_least,
        feasibility_high=feasibility >= fs.high_at_least and not blockers,
        data_level_used=data_used,
        data_level_measured=measured,
        data_score=data_score,
        availability=availability,
        tables=tuple(tables),
        use_case=use_case,
        components=components,
        advice=(),
        lang=lang,
        readiness=readiness,
        blockers=blockers,
        complexity=complexity,
    )
    advice, kinds = _advice(scored, settings, lang)
    return replace(scored, advice=advice, advice_kinds=kinds)


def score_portfolio(
    portfolio: Portfolio | None,
    table_facts: Sequence[TableFact],
    settings: PortfolioSettings,
    lang: str = "fr",
    *,
    context: DataContext | None = None,
    signals: Mapping[str, Mapping[str, Signal]] | None = None,
) -> list[ProjectScore]:
    """Score and rank every project: quadrant order first, then value x feasibility, then name.

    ``context`` carries the catalog columns, lineage and source freshness when the caller
    has them; without it only ``table_facts`` are used. ``signals`` (by question, then
    name) show the orchestrator that lowers deployment complexity.
    """
    if portfolio is None:
        return []
    ctx = context or DataContext.build(table_facts)
    footprint = mlops_footprint(ctx, signals or {})
    scored = [score_project(p, ctx, settings, lang, footprint) for p in portfolio.projects]
    scored.sort(key=lambda s: (QUADRANT_ORDER.index(s.quadrant), -s.value * s.feasibility, s.project.name))
    return [replace(s, rank=i + 1) for i, s in enumerate(scored)]
