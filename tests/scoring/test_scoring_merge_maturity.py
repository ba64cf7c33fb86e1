"""Merge policies, contradictions, the score range, bands, categories, stage and level."""

from __future__ import annotations

import pytest

from scoring.maturity import level, score, stage
from scoring.merge import FinalAnswer, merge_all, merge_answer, score_range
from scoring.questions.engine import EvidenceAnswer
from scoring.rubric import Rubric


def ev(qid: str, value: str | int, points: int, confidence: str = "high") -> EvidenceAnswer:
    return EvidenceAnswer(qid, value, points, confidence, "because")


@pytest.mark.parametrize(
    ("policy", "value", "points", "source"),
    [
        ("evidence_first", "partial", 1, "evidence"),
        ("survey_first", "yes", 2, "survey"),
        ("lowest", "partial", 1, "evidence"),
    ],
)
def test_policies_on_a_contradiction(
    rubric: Rubric, policy: str, value: str, points: int, source: str
) -> None:
    final = merge_answer("Q1", rubric.questions["Q1"], ev("Q1", "partial", 1), "yes", policy, "en")
    assert (final.value, final.points, final.source, final.confidence) == (value, points, source, "low")
    assert final.contradiction is not None
    assert final.contradiction.to_dict() == {
        "evidence_value": "partial",
        "evidence_points": 1,
        "survey_value": "yes",
        "survey_points": 2,
        "message": "The evidence says 'Partly' (1 pt) but the survey answers 'Yes' (2 pt).",
    }


def test_lowest_picks_the_survey_when_it_is_lower(rubric: Rubric) -> None:
    final = merge_answer("Q7", rubric.questions["Q7"], ev("Q7", "yes", 2), "no", "lowest")
    assert (final.value, final.points, final.source) == ("no", 0, "survey")


def test_agreement_is_both_and_high(rubric: Rubric) -> None:
    final = merge_answer("Q2", rubric.questions["Q2"], ev("Q2", "present", 1, "medium"), "present", "lowest")
    assert (final.source, final.confidence, final.contradiction) == ("both", "high", None)


def test_french_contradiction_message(rubric: Rubric) -> None:
    final = merge_answer(
        "Q4", rubric.questions["Q4"], ev("Q4", "database", 1), "layered", "evidence_first", "fr"
    )
    assert final.contradiction.message == (
        "Les traces indiquent « Une base utilisée pour l'analyse » (1 pt) mais le questionnaire "
        "répond « Entrepôt en couches » (2 pt)."
    )


def test_survey_alone(rubric: Rubric) -> None:
    q9 = merge_answer("Q9", rubric.questions["Q9"], None, "evaluating", "evidence_first")
    q1 = merge_answer("Q1", rubric.questions["Q1"], None, "yes", "evidence_first")
    assert (q9.points, q9.source, q9.confidence) == (1, "survey", "high")
    assert (q1.points, q1.source, q1.confidence) == (2, "survey", "medium")  # evidence was expected


def test_question_policy_overrides_the_rubric(rubric_data: dict) -> None:
    from scoring.inputs import parse_rubric, parse_survey

    rubric_data["questions"]["Q1"]["merge_policy"] = "survey_first"
    tuned = parse_rubric(rubric_data)
    answers = merge_all(
        tuned.questions,
        {"Q1": ev("Q1", "no", 0)},
        parse_survey({"answers": {"Q1": "yes"}}),
        tuned.merge_policy,
    )
    assert answers[0].points == 2


def test_unanswered_widens_the_range(rubric: Rubric) -> None:
    answers = merge_all(
        rubric.questions, {"Q1": ev("Q1", "yes", 2), "Q4": ev("Q4", "database", 1)}, None, "evidence_first"
    )
    result = score_range(answers)
    assert (result.total, result.minimum, result.maximum) == (3, 3, 3 + 2 * 13)
    assert len(result.unanswered) == 13
    assert all(a.points is None and a.source == "none" for a in answers if a.question_id in result.unanswered)


def answers_with_total(rubric: Rubric, total: int) -> list[FinalAnswer]:
    """Fifteen answered questions summing to ``total`` (2 points first, then the rest)."""
    out = []
    for qid in rubric.questions:
        points = min(2, total)
        total -= points
        out.append(FinalAnswer(qid, None, points, "survey", "high", None, None, None))
    return out


@pytest.mark.parametrize(
    ("total", "band", "percent"),
    [(14, "early", 25), (15, "developing", 50), (25, "developing", 50), (26, "advanced", 75)],
)
def test_band_boundaries_in_the_score(rubric: Rubric, total: int, band: str, percent: int) -> None:
    result = score(answers_with_total(rubric, total), rubric)
    assert (result.total, result.band, result.percent, result.ratio) == (
        total,
        band,
        percent,
        round(total / 30, 4),
    )
    assert result.bands_in_range == (band,)


def test_categories_and_bands_in_range(rubric: Rubric) -> None:
    answers = answers_with_total(rubric, 14)
    answers[14] = FinalAnswer("Q15", None, None, "none", None, None, None, None)
    result = score(answers, rubric).to_dict()
    assert (result["total"], result["min"], result["max"]) == (14, 14, 16)
    assert result["bands_in_range"] == ["early", "developing"]
    assert result["categories"]["data"] == {
        "points": 14,
        "min": 14,
        "max": 14,
        "max_points": 14,
        "answered": 7,
        "questions": 7,
    }
    assert result["categories"]["business_culture"]["max"] == 2
    assert result["categories"]["business_culture"]["answered"] == 3


def at(points: dict[str, int]) -> dict[str, FinalAnswer]:
    return {q: FinalAnswer(q, None, p, "survey", "high", None, None, None) for q, p in points.items()}


@pytest.mark.parametrize(
    ("points", "expected"),
    [
        ({}, 0),
        ({"Q3": 1}, 1),
        ({"Q4": 1, "Q3": 1}, 1),
        ({"Q4": 1, "Q3": 1, "Q11": 1}, 2),
        ({"Q4": 1, "Q3": 1, "Q11": 1, "Q8": 1}, 3),
        ({"Q4": 2, "Q3": 1, "Q11": 1, "Q6": 1, "Q2": 2, "Q1": 0}, 3),
        ({"Q4": 2, "Q3": 1, "Q11": 1, "Q6": 1, "Q2": 2, "Q1": 1}, 4),
    ],
)
def test_stage_rule(points: dict[str, int], expected: int) -> None:
    assert stage(at(points)) == expected


@pytest.mark.parametrize(
    ("stage_value", "band", "q12", "expected"),
    [
        (0, "early", 0, "data_aware"),
        (1, "early", 2, "data_aware"),
        (2, "developing", 2, "data_proficient"),
        (3, "advanced", 2, "data_savvy"),
        (4, "advanced", 1, "data_savvy"),
        (4, "advanced", 2, "data_driven"),
        (4, "developing", 2, "data_savvy"),
    ],
)
def test_level_reading(stage_value: int, band: str, q12: int, expected: str) -> None:
    assert level(stage_value, band, at({"Q12": q12})) == expected
