"""Evidence answers per question, one module per question family.

Each family module (:mod:`.data` for Q1-Q7, :mod:`.data_science` for Q8-Q11,
:mod:`.culture` for Q12-Q15) exposes ``answer(question_id, context)``: what the evidence
alone says, in the survey's vocabulary, or None when evidence cannot tell. Most questions
are answered by the rubric's levels (:mod:`.engine`); the family modules hold what a level
cannot say, such as Q3's "dedicated people" sub-answer or the portfolio counts of Q10/Q15.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from scoring.questions import culture, data, data_science
from scoring.questions.context import EvidenceContext
from scoring.questions.engine import EvidenceAnswer

__all__ = ["EvidenceAnswer", "EvidenceContext", "evidence_answers"]

_FAMILIES: Mapping[str, Callable[[str, EvidenceContext], EvidenceAnswer | None]] = {
    **{q: data.answer for q in data.QUESTIONS},
    **{q: data_science.answer for q in data_science.QUESTIONS},
    **{q: culture.answer for q in culture.QUESTIONS},
}


def evidence_answers(context: EvidenceContext) -> dict[str, EvidenceAnswer]:
    """Evidence answers of every question evidence can answer in this scan."""
    answers = {}
    for question_id in context.rubric.questions:
        answer = _FAMILIES[question_id](question_id, context)
        if answer is not None:
            answers[question_id] = answer
    return answers
