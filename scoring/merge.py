"""Merge the evidence answer and the survey answer of each question (SPEC 2.2).

Rules, per question:

- only evidence or only the survey: that answer is used (source ``evidence`` / ``survey``);
  a survey answer alone is ``high`` confidence on a survey-only question (people are the
  source) and ``medium`` where evidence was expected but could not be measured;
- both, same points: source ``both``, confidence ``high`` (they corroborate each other);
- both, points differ by one or more: a **contradiction** is recorded and the merge policy
  (the question's own, else the rubric's) picks the answer: ``evidence_first``,
  ``survey_first`` or ``lowest`` (the fewer points, the prudent reading); confidence ``low``;
- neither: points None. The question does not count as 0: it widens the score range by
  the 2 points it could have been worth.
"""

from __future__ import annotations

from dataclasses import dataclass

from scoring.inputs import SurveyAnswers
from scoring.questions.engine import EvidenceAnswer
from scoring.rubric import MergePolicy, Question

_MESSAGE = {
    "fr": "Les traces indiquent « {ev} » ({evp} pt) mais le questionnaire répond « {sv} » ({svp} pt).",
    "en": "The evidence says '{ev}' ({evp} pt) but the survey answers '{sv}' ({svp} pt).",
}


@dataclass(frozen=True)
class Contradiction:
    """Evidence and survey disagree by at least one point."""

    evidence_value: str | int
    evidence_points: int
    survey_value: str | int
    survey_points: int
    message: str

    def to_dict(self) -> dict[str, object]:
        """The ``contradiction`` object of the result JSON."""
        return {
            "evidence_value": self.evidence_value,
            "evidence_points": self.evidence_points,
            "survey_value": self.survey_value,
            "survey_points": self.survey_points,
            "message": self.message,
        }


@dataclass(frozen=True)
class FinalAnswer:
    """The merged answer of one question."""

    question_id: str
    value: str | int | None
    points: int | None
    source: str  # evidence | survey | both | none
    confidence: str | None
    survey_value: str | int | None
    evidence: EvidenceAnswer | None
    contradiction: Contradiction | None

    @property
    def answered(self) -> bool:
        """False when neither evidence nor the survey answered."""
        return self.points is not None


def merge_answer(
    question_id: str,
    question: Question,
    evidence: EvidenceAnswer | None,
    survey_value: str | int | None,
    policy: MergePolicy,
    lang: str = "fr",
) -> FinalAnswer:
    """Merge one question's evidence and survey answers.

    Args:
        question_id: e.g. ``Q5``.
        question: the rubric entry (vocabulary, points, primary source).
        evidence: the evidence answer, or None.
        survey_value: the survey answer, or None when unanswered.
        policy: which answer wins on a contradiction.
        lang: language of the contradiction message.

    >>> from scoring.rubric import ScaleStep, Text
    >>> t = Text(fr="x", en="x")
    >>> q5 = Question(category="data", text=t, primary_source="survey", advice=t,
    ...               scale=(ScaleStep(at_least=0, points=0), ScaleStep(at_least=4, points=1),
    ...                      ScaleStep(at_least=8, points=2)))
    >>> merge_answer("Q5", q5, None, 7, "evidence_first").points  # a Q5 of 7 scores 1 point
    1
    >>> ev = EvidenceAnswer("Q5", 9, 2, "high", "")
    >>> final = merge_answer("Q5", q5, ev, 3, "lowest", "en")
    >>> final.points, final.source, final.contradiction.survey_points
    (0, 'survey', 0)
    >>> merge_answer("Q5", q5, None, None, "lowest").points is None
    True
    """
    survey_points = None if survey_value is None else question.points_for(survey_value)
    if evidence is None and survey_value is None:
        return FinalAnswer(question_id, None, None, "none", None, None, None, None)
    if evidence is None:
        assert survey_points is not None
        confidence = "high" if question.primary_source == "survey" else "medium"
        return FinalAnswer(
            question_id, survey_value, survey_points, "survey", confidence, survey_value, None, None
        )
    if survey_value is None or survey_points is None:
        return FinalAnswer(
            question_id,
            evidence.value,
            evidence.points,
            "evidence",
            evidence.confidence,
            None,
            evidence,
            None,
        )
    if survey_points == evidence.points:
        return FinalAnswer(
            question_id, evidence.value, evidence.points, "both", "high", survey_value, evidence, None
        )
    message = _MESSAGE.get(lang, _MESSAGE["en"]).format(
        ev=question.label_for(evidence.value, lang),
        evp=evidence.points,
        sv=question.label_for(survey_value, lang),
        svp=survey_points,
    )
    contradiction = Contradiction(evidence.value, evidence.points, survey_value, survey_points, message)
    use_evidence = policy == "evidence_first" or (policy == "lowest" and evidence.points < survey_points)
    if use_evidence:
        value, points, source = evidence.value, evidence.points, "evidence"
    else:
        value, points, source = survey_value, survey_points, "survey"
    return FinalAnswer(question_id, value, points, source, "low", survey_value, evidence, contradiction)


@dataclass(frozen=True)
class ScoreRange:
    """Total of the answered questions and the range the unanswered ones leave open."""

    total: int
    minimum: int
    maximum: int
    unanswered: tuple[str, ...]


def score_range(answers: list[FinalAnswer], max_points: int = 2) -> ScoreRange:
    """Total, min and max over the unanswered questions.

    >>> a = FinalAnswer("Q1", "yes", 2, "evidence", "high", None, None, None)
    >>> b = FinalAnswer("Q2", None, None, "none", None, None, None, None)
    >>> score_range([a, b])
    ScoreRange(total=2, minimum=2, maximum=4, unanswered=('Q2',))
    """
    total = sum(a.points for a in answers if a.points is not None)
    unanswered = tuple(a.question_id for a in answers if a.points is None)
    return ScoreRange(total, total, total + max_points * len(unanswered), unanswered)


def merge_all(
    questions: dict[str, Question],
    evidence: dict[str, EvidenceAnswer],
    survey: SurveyAnswers | None,
    default_policy: MergePolicy,
    lang: str = "fr",
) -> list[FinalAnswer]:
    """Merge every question of the rubric, in rubric order."""
    return [
        merge_answer(
            qid,
            question,
            evidence.get(qid),
            survey.value(qid) if survey is not None else None,
            question.merge_policy or default_policy,
            lang,
        )
        for qid, question in questions.items()
    ]
