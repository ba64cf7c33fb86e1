"""Data-science questions (Q8-Q11): proofs of concept, bought AI, identified projects, analysts.

Q8 and Q11 come from the rubric's levels (ML artefact tables; human analysts in the query
log), capped in confidence because they are indirect. Q9 is survey-only. Q10 counts the
projects of the portfolio file.
"""

from __future__ import annotations

from scoring.questions.context import EvidenceContext
from scoring.questions.engine import EvidenceAnswer
from scoring.questions.portfolio_counts import portfolio_count

QUESTIONS = ("Q8", "Q9", "Q10", "Q11")


def answer(question_id: str, context: EvidenceContext) -> EvidenceAnswer | None:
    """Evidence answer of one data-science question, or None when evidence cannot tell."""
    question = context.rubric.questions[question_id]
    if question.evidence is not None and question.evidence.portfolio is not None:
        return portfolio_count(question_id, context)
    return context.from_levels(question_id)
