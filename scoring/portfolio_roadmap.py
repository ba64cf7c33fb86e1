"""The roadmap (phase 4): scored projects placed on short, medium and long term.

The high-value, high-feasibility quadrant is the short term. The medium term holds what
can be unblocked by work the team controls: a broken feed to restore, a table name to fix,
a quick win of lower value, or a high-value project whose complexity calls for a reduced-
scale start. The long term holds what waits on data that does not exist yet, on data to
acquire, or on research (no documented use case).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scoring.portfolio import ProjectScore

TERMS = ("short", "medium", "long")
#: Indicative horizons in months, shown beside each term.
HORIZON_MONTHS = {"short": "0-3", "medium": "3-9", "long": "9-18"}
#: Advice kinds that push a project to the long term: nothing the team can fix quickly.
_LONG = {"wait_collect", "acquire", "rnd", "unmeasured"}

_T = {
    "fr": {
        "short": "Court terme",
        "medium": "Moyen terme",
        "long": "Long terme",
        "why_priority": "valeur et faisabilité élevées",
        "why_restore": "valeur élevée ; débloquer d'abord les données",
        "why_opportunistic": "faisable mais de valeur plus faible : à mener quand l'équipe a de la capacité",
        "why_invest": "valeur élevée mais faisabilité faible : démarrer à échelle réduite",
        "why_long": "attend des données ou de la recherche",
    },
    "en": {
        "short": "Short term",
        "medium": "Medium term",
        "long": "Long term",
        "why_priority": "high value and high feasibility",
        "why_restore": "high value; unblock the data first",
        "why_opportunistic": "feasible but of lower value: run it when the team has capacity",
        "why_invest": "high value but low feasibility: start at reduced scale",
        "why_long": "waits on data or research",
    },
}


@dataclass(frozen=True)
class RoadmapItem:
    """One project on the roadmap."""

    project: str
    rank: int
    quadrant: str
    term: str
    why: str
    prerequisites: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        return {
            "project": self.project,
            "rank": self.rank,
            "quadrant": self.quadrant,
            "term": self.term,
            "why": self.why,
            "prerequisites": list(self.prerequisites),
        }


def term_of(score: ProjectScore) -> tuple[str, str]:
    """(term, reason key) of one scored project."""
    kinds = set(score.advice_kinds)
    if score.quadrant == "priority":
        return "short", "why_priority"
    if kinds & _LONG:
        return "long", "why_long"
    if score.quadrant == "invest" and "restore_feed" in kinds:
        return "medium", "why_restore"
    if score.quadrant == "opportunistic":
        return "medium", "why_opportunistic"
    if score.quadrant == "invest":
        return "medium", "why_invest"
    return "long", "why_long"


def build_roadmap(scores: Sequence[ProjectScore], lang: str = "fr") -> list[dict[str, object]]:
    """The roadmap as result-JSON terms: ``[{term, label, horizon_months, items: [...]}]``.

    Every project appears once, in rank order within its term; a term without projects is
    kept (empty) so a reader sees the whole horizon.
    """
    w = _T.get(lang, _T["en"])
    items: dict[str, list[RoadmapItem]] = {term: [] for term in TERMS}
    for score in sorted(scores, key=lambda s: s.rank):
        term, why = term_of(score)
        prerequisites = score.blockers if term != "short" else ()
        items[term].append(
            RoadmapItem(score.project.name, score.rank, score.quadrant, term, w[why], prerequisites)
        )
    return [
        {
            "term": term,
            "label": w[term],
            "horizon_months": HORIZON_MONTHS[term],
            "items": [item.to_dict() for item in items[term]],
        }
        for term in TERMS
    ]
