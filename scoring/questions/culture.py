"""Business and culture questions (Q12-Q15).

Whether the company sees itself as data-driven, and whether management and IT back the
effort, are opinions only people can give: Q12-Q14 are survey-only. Q15 counts the
distinct departments sponsoring projects in the portfolio file.
"""

from __future__ import annotations

from scoring.questions.context import EvidenceContext
from scoring.questions.engine import EvidenceAnswer
from scoring.questions.portfolio_counts import portfolio_count

QUESTIONS = ("Q12", "Q13", "Q14", "Q15")


def answer(question_id: str, context: EvidenceContext) -> EvidenceAnswer | None:
    """Evidence answer of one culture question, or None when evidence cannot tell."""
    question = context.rubric.questions[question_id]
    if question.evidence is not None and question.evidence.portfolio is not None:
        return portfolio_count(question_id, context)
    return context.from_levels(question_id)
