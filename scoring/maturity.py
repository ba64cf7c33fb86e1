"""Maturity views of the merged answers: score, band, categories, stage 0-4, four-level reading.

The stage and level readings come from the data-roles seed. They are derived from the
answers so that they always agree with the scorecard; the rule, in order (an unanswered
question counts as not met):

- stage 0, spreadsheets on a drive: none of what follows;
- stage 1, a first database and a visualisation tool: a warehouse or database (Q4 >= 1)
  or a BI practice (Q3 >= 1);
- stage 2, teams use SQL and dashboards: Q4 >= 1 and Q3 >= 1 and people query the data
  themselves (Q11 >= 1);
- stage 3, Python/ML problems appear: stage 2 and an AI practice or proofs of concept
  (Q6 >= 1 or Q8 >= 1);
- stage 4, newer, more capable tooling: stage 3 with scheduled transformations (Q2 = 2), a
  layered warehouse (Q4 = 2) and lineage (Q1 >= 1).

Levels: stage 0-1 Data Aware, stage 2 Data Proficient, stage 3-4 Data Savvy, and Data Driven
when stage 4 comes with the advanced band and a company that calls itself data-driven (Q12 = 2).

Governance pillars (each 0..1 or None when not measurable) are the evidence model's
``gov_*`` signals (:mod:`scoring.maturity_views`, with the data-lab and MLOps views); for a
store built before those signals existed they are derived from the Q7 signals and the
table facts: contracts (models with access modifiers or enforced contracts, as a flag),
KPIs (declared dbt exposures, as a flag), catalog (share of modelled tables with a
description), security (roles with grants and no PUBLIC grant on modelled data),
compliance (personal-data columns tagged, as a flag).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.evidence import Signal, TableFact
from scoring.maturity_views import data_lab, governance_from_signals, has_pillar_signals, mlops_readiness
from scoring.merge import FinalAnswer, score_range
from scoring.rubric import Rubric

CATEGORY_ORDER = ("data", "data_science", "business_culture")

STAGE_LABELS = {
    "fr": {
        0: "Tableurs partagés sur un espace de fichiers",
        1: "Une première base de données et un outil de visualisation",
        2: "Les équipes utilisent SQL et des tableaux de bord",
        3: "Des problèmes Python et apprentissage automatique apparaissent",
        4: "Un outillage plus récent et plus performant",
    },
    "en": {
        0: "Spreadsheets on a shared drive",
        1: "A first database and a visualisation tool",
        2: "Teams use SQL and dashboards",
        3: "Python and machine-learning problems appear",
        4: "Newer, more capable tooling",
    },
}


def _pts(answers: Mapping[str, FinalAnswer], qid: str) -> int:
    answer = answers.get(qid)
    return answer.points if answer is not None and answer.points is not None else 0


def stage(answers: Mapping[str, FinalAnswer]) -> int:
    """Maturity stage 0-4 from the merged answers (rule in the module docstring).

    >>> def a(q, p):
    ...     return FinalAnswer(q, None, p, "survey", "high", None, None, None)
    >>> stage({q: a(q, 1) for q in ("Q3", "Q4", "Q11")})
    2
    >>> stage({})
    0
    """
    s = 0
    if _pts(answers, "Q4") >= 1 or _pts(answers, "Q3") >= 1:
        s = 1
    if s == 1 and _pts(answers, "Q4") >= 1 and _pts(answers, "Q3") >= 1 and _pts(answers, "Q11") >= 1:
        s = 2
    if s == 2 and (_pts(answers, "Q6") >= 1 or _pts(answers, "Q8") >= 1):
        s = 3
    if s == 3 and _pts(answers, "Q2") == 2 and _pts(answers, "Q4") == 2 and _pts(answers, "Q1") >= 1:
        s = 4
    return s


def level(stage_value: int, band: str, answers: Mapping[str, FinalAnswer]) -> str:
    """The four-level reading (ids as the reports know them).

    >>> level(4, "advanced", {"Q12": FinalAnswer("Q12", "yes", 2, "survey", "high", "yes", None, None)})
    'data_driven'
    >>> level(4, "developing", {})
    'data_savvy'
    """
    if stage_value >= 4 and band == "advanced" and _pts(answers, "Q12") == 2:
        return "data_driven"
    if stage_value >= 3:
        return "data_savvy"
    if stage_value == 2:
        return "data_proficient"
    return "data_aware"


@dataclass(frozen=True)
class Score:
    """The ``score`` object of the result JSON."""

    total: int
    minimum: int
    maximum: int
    band: str
    percent: int
    ratio: float
    categories: dict[str, dict[str, object]]
    unanswered: tuple[str, ...]
    bands_in_range: tuple[str, ...]

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        return {
            "total": self.total,
            "min": self.minimum,
            "max": self.maximum,
            "band": self.band,
            "percent": self.percent,
            "ratio": self.ratio,
            "categories": self.categories,
            "unanswered": list(self.unanswered),
            "bands_in_range": list(self.bands_in_range),
        }


def score(answers: Sequence[FinalAnswer], rubric: Rubric) -> Score:
    """Total, range, band, percent, ratio (total / 30) and per-category sub-scores.

    The band is the band of the total of answered questions; ``bands_in_range`` lists every
    band the range reaches, so a reader sees when unanswered questions could change it.
    """
    overall = score_range(list(answers))
    band = rubric.band_for(overall.total)
    categories: dict[str, dict[str, object]] = {}
    for category in CATEGORY_ORDER:
        members = [a for a in answers if rubric.questions[a.question_id].category == category]
        part = score_range(members)
        categories[category] = {
            "points": part.total,
            "min": part.minimum,
            "max": part.maximum,
            "max_points": 2 * len(members),
            "answered": len(members) - len(part.unanswered),
            "questions": len(members),
        }
    max_points = 2 * len(answers)
    in_range = tuple(
        dict.fromkeys(rubric.band_for(t).id for t in range(overall.minimum, overall.maximum + 1))
    )
    return Score(
        total=overall.total,
        minimum=overall.minimum,
        maximum=overall.maximum,
        band=band.id,
        percent=band.percent,
        ratio=round(overall.total / max_points, 4) if max_points else 0.0,
        categories=categories,
        unanswered=overall.unanswered,
        bands_in_range=in_range,
    )


def governance_pillars(
    signals: Mapping[str, Signal], table_facts: Sequence[TableFact], q3_signals: Mapping[str, Signal]
) -> dict[str, float | None]:
    """The five governance pillars of the seed, each 0..1 or None when not measurable.

    >>> governance_pillars({"roles_with_grants": Signal("Q7", "roles_with_grants", 3),
    ...                     "public_grants_on_modelled": Signal("Q7", "public_grants_on_modelled", 0)},
    ...                    [], {})["security"]
    1.0
    """

    def value(name: str, source: Mapping[str, Signal] = signals) -> float | None:
        signal = source.get(name)
        return None if signal is None else signal.value

    def flag(v: float | None) -> float | None:
        return None if v is None else (1.0 if v > 0 else 0.0)

    modelled = [t for t in table_facts if t.is_modelled and t.has_description is not None]
    catalog = round(sum(1 for t in modelled if t.has_description) / len(modelled), 4) if modelled else None
    roles, public = value("roles_with_grants"), value("public_grants_on_modelled")
    security: float | None = None
    if roles is not None:
        security = (0.5 if roles >= 2 else 0.0) + (0.5 if public is not None and public <= 0 else 0.0)
    return {
        "contracts": flag(value("access_or_contracts")),
        "kpis": flag(value("dbt_exposures", q3_signals)),
        "catalog": catalog,
        "security": security,
        "compliance": flag(value("pii_tagged_columns")),
    }


def maturity_view(
    answers: Sequence[FinalAnswer],
    band: str,
    lang: str,
    signals: Mapping[str, Mapping[str, Signal]],
    table_facts: Sequence[TableFact],
) -> dict[str, object]:
    """The ``maturity`` object of the result JSON: stage, level, governance pillars, data lab
    and MLOps readiness (:mod:`scoring.maturity_views`)."""
    by_id = {a.question_id: a for a in answers}
    stage_value = stage(by_id)
    if has_pillar_signals(signals):
        governance = governance_from_signals(signals)
    else:
        governance = governance_pillars(signals.get("Q7", {}), table_facts, signals.get("Q3", {}))
    return {
        "stage": stage_value,
        "stage_label": STAGE_LABELS.get(lang, STAGE_LABELS["en"])[stage_value],
        "level": level(stage_value, band, by_id),
        "governance": governance,
        "data_lab": data_lab(signals),
        "mlops": mlops_readiness(signals),
    }
