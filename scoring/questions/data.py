"""Data questions (Q1-Q7): lineage, transformation, BI, warehouse, BI success, AI age, governance.

All but Q3 and Q5 are the rubric's levels as they stand. Q5 (how successful BI is) is a
judgement only the survey can give; its signals are shown as context. Q3 asks for BI tools
*and dedicated people*: the query log can show the tools but not whether someone's job is
to run them, so the evidence "yes" needs the survey's ``Q3_dedicated_people``.
"""

from __future__ import annotations

from dataclasses import replace

from scoring.questions.context import EvidenceContext
from scoring.questions.engine import EvidenceAnswer, weakest

QUESTIONS = ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "Q7")

_Q3_NOTE = {
    "fr": {
        "unknown": "Les personnes dédiées ne se voient pas dans les traces : confiance réduite.",
        "none": "Sans personne dédiée (questionnaire), la pratique n'est que partielle.",
    },
    "en": {
        "unknown": "Dedicated people do not show in the logs: confidence reduced.",
        "none": "Without dedicated people (survey), the practice is only partial.",
    },
}


def adjust_q3(answer: EvidenceAnswer, dedicated_people: bool | None, lang: str) -> EvidenceAnswer:
    """Apply Q3's "dedicated people" sub-answer to an evidence "yes".

    >>> yes = EvidenceAnswer("Q3", "yes", 2, "high", "BI tools seen.")
    >>> adjust_q3(yes, False, "en").value, adjust_q3(yes, None, "en").confidence
    ('partial', 'medium')
    >>> adjust_q3(yes, True, "en") == yes
    True
    """
    if answer.value != "yes" or dedicated_people is True:
        return answer
    notes = _Q3_NOTE.get(lang, _Q3_NOTE["en"])
    if dedicated_people is False:
        return replace(answer, value="partial", points=1, rationale=f"{answer.rationale} {notes['none']}")
    rationale = f"{answer.rationale} {notes['unknown']}"
    return replace(answer, confidence=weakest(answer.confidence, "medium"), rationale=rationale)


def answer(question_id: str, context: EvidenceContext) -> EvidenceAnswer | None:
    """Evidence answer of one data question, or None when evidence cannot tell."""
    result = context.from_levels(question_id)
    if result is not None and question_id == "Q3":
        dedicated = context.survey.answers.Q3_dedicated_people if context.survey else None
        result = adjust_q3(result, dedicated, context.lang)
    return result
