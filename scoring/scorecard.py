"""The whole scoring of one scan: evidence answers, merge, maturity, recommendations, portfolio."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from scoring.detail_texts import localized
from scoring.evidence import Signal, TableFact
from scoring.inputs import Portfolio, SurveyAnswers, parse_portfolio, parse_rubric, parse_survey
from scoring.maturity import Score, maturity_view, score
from scoring.merge import FinalAnswer, merge_all
from scoring.planner import Plan, plan
from scoring.portfolio import ProjectScore
from scoring.portfolio_assessment import PortfolioAssessment, assess_portfolio
from scoring.portfolio_data import ColumnIndex
from scoring.questions import EvidenceContext, evidence_answers
from scoring.recommendations import Recommendation, recommend
from scoring.rubric import Rubric


@dataclass(frozen=True)
class Scorecard:
    """Everything scoring produced for one scan; :meth:`to_dict` is its result-JSON form."""

    lang: str
    rubric: Rubric
    answers: tuple[FinalAnswer, ...]
    score: Score
    maturity: dict[str, object]
    recommendations: tuple[Recommendation, ...]
    portfolio: tuple[ProjectScore, ...]
    signals: dict[str, dict[str, Signal]]
    assessment: PortfolioAssessment | None = None
    planner: Plan | None = None

    def _question(self, answer: FinalAnswer) -> dict[str, object]:
        question = self.rubric.questions[answer.question_id]
        signals = self.signals.get(answer.question_id, {})
        evidence = answer.evidence
        items = [item for s in signals.values() for item in s.evidence]
        items += [item for item in (evidence.evidence if evidence else ()) if item not in items]
        return {
            "id": answer.question_id,
            "category": question.category,
            "question": question.text.get(self.lang),
            "primary_source": question.primary_source,
            "value": answer.value,
            "value_label": None if answer.value is None else question.label_for(answer.value, self.lang),
            "points": answer.points,
            "source": answer.source,
            "confidence": answer.confidence,
            "contradiction": answer.contradiction.to_dict() if answer.contradiction else None,
            "survey_value": answer.survey_value,
            "evidence_value": evidence.value if evidence else None,
            "evidence_points": evidence.points if evidence else None,
            "evidence": [item.to_dict() for item in items],
            "signals": [s.to_dict() for s in signals.values()],
            "rationale": evidence.rationale if evidence else None,
        }

    def to_dict(self) -> dict[str, Any]:
        """The ``score``, ``questions``, ``recommendations``, ``maturity``, ``portfolio`` (and
        assessment) and ``planner`` keys."""
        return {
            "score": self.score.to_dict(),
            "questions": [self._question(a) for a in self.answers],
            "recommendations": [r.to_dict() for r in self.recommendations],
            "maturity": self.maturity,
            "portfolio": [p.to_dict() for p in self.portfolio],
            **(self.assessment.to_dict() if self.assessment else {}),
            "planner": self.planner.to_dict() if self.planner else None,
        }


def score_scan(
    *,
    signals: Sequence[Signal],
    survey: SurveyAnswers | Mapping[str, Any] | None,
    portfolio: Portfolio | Mapping[str, Any] | None,
    table_facts: Sequence[TableFact | Mapping[str, Any]],
    rubric: Rubric | Mapping[str, Any],
    lang: str = "fr",
    columns: Sequence[Mapping[str, Any]] | ColumnIndex = (),
    lineage_edges: Sequence[Mapping[str, Any]] = (),
    source_freshness: Mapping[str, str] | None = None,
) -> Scorecard:
    """Score one scan.

    Args:
        signals: the scan's ``question_signals`` with their evidence items; their details are
            said in ``lang`` from their keys (scoring/detail_texts.py), the evidence model's
            English when a key cannot be said.
        survey: the validated survey (or its parsed YAML), None when there is none.
        portfolio: the validated portfolio (or its parsed YAML), None when there is none.
        table_facts: the scan's ``table_facts`` rows (TableFact or dict rows).
        rubric: the validated rubric (or its parsed YAML).
        lang: ``fr`` or ``en``, for every text of the result.
        columns: the scan's ``raw.warehouse_columns`` rows (schema_name, table_name,
            column_name, data_type...), or a ``ColumnIndex`` of them by table (what a large
            warehouse should pass): the real columns of the scope-of-work drafts.
        lineage_edges: the scan's ``lineage_edges`` rows: upstream health of needed tables.
        source_freshness: dbt source freshness status (pass/warn/error) by ``schema.table``.

    Raises:
        InputError: when a survey, portfolio or rubric given as a mapping is invalid.
    """
    lang = "en" if lang == "en" else "fr"
    if not isinstance(rubric, Rubric):
        rubric = parse_rubric(rubric)
    if survey is not None and not isinstance(survey, SurveyAnswers):
        survey = parse_survey(survey)
    if portfolio is not None and not isinstance(portfolio, Portfolio):
        portfolio = parse_portfolio(portfolio)
    facts = [f if isinstance(f, TableFact) else TableFact.from_row(f) for f in table_facts]
    context = EvidenceContext.build(rubric, localized(signals, lang), survey, portfolio, lang)
    answers = merge_all(rubric.questions, evidence_answers(context), survey, rubric.merge_policy, lang)
    overall = score(answers, rubric)
    assessment = assess_portfolio(
        portfolio,
        facts,
        rubric.portfolio,
        lang,
        columns=columns,
        lineage_edges=lineage_edges,
        source_freshness=source_freshness,
        signals=context.signals,
        points={a.question_id: a.points for a in answers},
    )
    return Scorecard(
        lang=lang,
        rubric=rubric,
        answers=tuple(answers),
        score=overall,
        maturity=maturity_view(answers, overall.band, lang, context.signals, facts),
        recommendations=tuple(recommend(answers, rubric, overall.band, context.signals, lang)),
        portfolio=assessment.scores,
        signals=context.signals,
        assessment=assessment,
        planner=plan(answers, rubric, overall.total, context.signals, facts, lang),
    )
