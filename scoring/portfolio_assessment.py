"""The whole portfolio assessment of a scan: scored projects, roadmap, scope of work, team.

One entry point (:func:`assess_portfolio`) so that the scorecard and the Dagster
``portfolio`` asset compute the same thing from the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from scoring.evidence import Signal, TableFact
from scoring.inputs import Portfolio
from scoring.portfolio import QUADRANT_ORDER, ProjectScore, score_portfolio
from scoring.portfolio_data import ColumnIndex, DataContext
from scoring.portfolio_deploy import Footprint, mlops_footprint
from scoring.portfolio_roadmap import build_roadmap
from scoring.rubric import PortfolioSettings
from scoring.scope_of_work import draft_scopes
from scoring.team import build_team


@dataclass(frozen=True)
class PortfolioAssessment:
    """Phases 2-6 for one scan; :meth:`to_dict` gives the ``roadmap``, ``team``,
    ``scope_of_work`` and ``mlops_footprint`` keys of the result JSON (``portfolio`` is
    the scorecard's)."""

    scores: tuple[ProjectScore, ...]
    roadmap: tuple[dict[str, object], ...]
    team: tuple[dict[str, object], ...]
    scope_of_work: tuple[dict[str, object], ...]
    footprint: Footprint = field(default_factory=lambda: Footprint({}))
    lang: str = "fr"

    def quadrant_counts(self) -> dict[str, int]:
        """Projects per quadrant, every quadrant present."""
        return {q: sum(1 for s in self.scores if s.quadrant == q) for q in QUADRANT_ORDER}

    def to_dict(self) -> dict[str, Any]:
        """The result-JSON keys this assessment adds beside ``portfolio``."""
        return {
            "roadmap": list(self.roadmap),
            "team": list(self.team),
            "scope_of_work": list(self.scope_of_work),
            "mlops_footprint": self.footprint.to_dict(self.lang),
        }


def assess_portfolio(
    portfolio: Portfolio | None,
    table_facts: Sequence[TableFact],
    settings: PortfolioSettings,
    lang: str = "fr",
    *,
    columns: Sequence[Mapping[str, Any]] | ColumnIndex = (),
    lineage_edges: Sequence[Mapping[str, Any]] = (),
    source_freshness: Mapping[str, str] | None = None,
    signals: Mapping[str, Mapping[str, Signal]] | None = None,
    points: Mapping[str, int | None] | None = None,
) -> PortfolioAssessment:
    """Score, rank and plan the portfolio of one scan.

    Args:
        portfolio: the validated portfolio file, None when the client has none.
        table_facts: the scan's ``table_facts``.
        settings: the rubric's portfolio settings.
        lang: ``fr`` or ``en``.
        columns: ``raw.warehouse_columns`` rows of the scan, or a ``ColumnIndex`` of them.
        lineage_edges: ``lineage_edges`` rows of the scan.
        source_freshness: dbt source freshness status by ``schema.table``.
        signals: the scan's signals by question then name (orchestrator activity).
        points: final points per question (weak answers call for roles).
    """
    ctx = DataContext.build(table_facts, columns, lineage_edges, source_freshness)
    footprint = mlops_footprint(ctx, signals or {})
    scores = tuple(score_portfolio(portfolio, table_facts, settings, lang, context=ctx, signals=signals))
    team = build_team(scores, points or {}, lang, footprint.missing())
    footprint_dict = footprint.to_dict(lang)
    return PortfolioAssessment(
        scores=scores,
        roadmap=tuple(build_roadmap(scores, lang)) if scores else (),
        team=tuple(team),
        scope_of_work=tuple(draft_scopes(scores, team, footprint_dict, lang)),
        footprint=footprint,
        lang=lang,
    )
