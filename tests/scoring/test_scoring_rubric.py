"""The rubric file: the packaged one validates, and every kind of mistake is named by key path."""

from __future__ import annotations

from typing import Any

import pytest

from scoring.inputs import InputError, parse_rubric
from scoring.rubric import Rubric


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_rubric(data)
    return info.value.problems


def test_packaged_rubric_is_valid(rubric: Rubric) -> None:
    assert list(rubric.questions) == [f"Q{i}" for i in range(1, 16)]
    assert rubric.merge_policy == "evidence_first"
    assert [(b.id, b.min_total, b.percent) for b in rubric.bands] == [
        ("early", 0, 25),
        ("developing", 15, 50),
        ("advanced", 26, 75),
    ]


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, "early"), (14, "early"), (15, "developing"), (25, "developing"), (26, "advanced"), (30, "advanced")],
)
def test_band_boundaries(rubric: Rubric, total: int, band: str) -> None:
    assert rubric.band_for(total).id == band


@pytest.mark.parametrize(("value", "points"), [(0, 0), (3, 0), (4, 1), (7, 1), (8, 2), (10, 2)])
def test_q5_scale(rubric: Rubric, value: int, points: int) -> None:
    assert rubric.questions["Q5"].points_for(value) == points


@pytest.mark.parametrize(("value", "points"), [(0, 0), (1, 1), (2, 1), (3, 2), (12, 2)])
def test_q10_scale(rubric: Rubric, value: int, points: int) -> None:
    assert rubric.questions["Q10"].points_for(value) == points


@pytest.mark.parametrize(("value", "points"), [(0, 0), (1, 1), (2, 2), (5, 2)])
def test_q15_scale(rubric: Rubric, value: int, points: int) -> None:
    assert rubric.questions["Q15"].points_for(value) == points


def test_choice_points_follow_spec_table(rubric: Rubric) -> None:
    table = {qid: {c.value: c.points for c in q.choices} for qid, q in rubric.questions.items() if q.choices}
    assert table["Q2"] == {"yes": 2, "present": 1, "no": 0}
    assert table["Q4"] == {"layered": 2, "database": 1, "no": 0}
    assert table["Q6"] == {"ge_1y": 2, "lt_1y": 1, "none": 0}
    assert table["Q11"] == {"dedicated": 2, "shared": 1, "no": 0}


def test_unknown_signal_is_named_with_suggestion(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q1"]["evidence"]["levels"][0]["all"][0] = "lineage_coverag >= 0.8"
    [problem] = problems(rubric_data)
    assert problem.startswith(
        "questions.Q1.evidence.levels[0].all[0]: a signal of Q1 among lineage_coverage,"
    )
    assert problem.endswith("did you mean 'lineage_coverage'? (got 'lineage_coverag')")


def test_signal_of_another_question_is_rejected(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q1"]["evidence"]["levels"][1]["all"] = ["dbt_models >= 1"]
    [problem] = problems(rubric_data)
    assert problem.startswith("questions.Q1.evidence.levels[1].all[0]: a signal of Q1")


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        (
            "lineage_coverage >= 1.5",
            "a threshold between 0 and 1 for the share signal lineage_coverage (got 1.5)",
        ),
        (
            "lineage_days_since_activity <= -3",
            "a threshold >= 0 for the days signal lineage_days_since_activity (got -3)",
        ),
        ("lineage_coverage => 0.5", "a condition '<signal> <op> <number>'"),
    ],
)
def test_threshold_out_of_range(rubric_data: dict[str, Any], condition: str, message: str) -> None:
    rubric_data["questions"]["Q1"]["evidence"]["levels"][0]["all"][0] = condition
    [problem] = problems(rubric_data)
    assert problem.startswith("questions.Q1.evidence.levels[0].all[0]: ")
    assert message in problem


def test_missing_language(rubric_data: dict[str, Any]) -> None:
    del rubric_data["questions"]["Q3"]["text"]["en"]
    del rubric_data["bands"][1]["advice"]["fr"]
    assert sorted(problems(rubric_data)) == [
        "bands[1].advice.fr: a value is required (got nothing)",
        "questions.Q3.text.en: a value is required (got nothing)",
    ]


def test_vocabulary_must_match_the_survey(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q2"]["choices"][1]["value"] = "installed"
    found = problems(rubric_data)
    expected = "questions.Q2.choices: exactly the survey vocabulary yes, present, no"
    assert found[0] == expected + " (got ('yes', 'installed', 'no'))"
    assert "questions.Q2.evidence.levels[1].value: one of yes, present, no (got 'present')" not in found


def test_level_value_outside_vocabulary(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q4"]["evidence"]["levels"][0]["value"] = "lakehouse"
    assert problems(rubric_data) == [
        "questions.Q4.evidence.levels[0].value: one of layered, database, no (got 'lakehouse')"
    ]


def test_points_out_of_range(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q1"]["choices"][0]["points"] = 3
    [problem] = problems(rubric_data)
    assert problem == "questions.Q1.choices[0].points: input should be less than or equal to 2 (got 3)"


def test_bands_must_be_ordered(rubric_data: dict[str, Any]) -> None:
    rubric_data["bands"][2]["min_total"] = 10
    assert problems(rubric_data) == [
        "bands: min_total starting at 0 and strictly increasing (got [0, 15, 10])"
    ]


def test_unknown_merge_policy(rubric_data: dict[str, Any]) -> None:
    rubric_data["merge_policy"] = "survey_only"
    [problem] = problems(rubric_data)
    assert problem.startswith("merge_policy: one of 'evidence_first', 'survey_first' or 'lowest'")


def test_feasibility_weights_sum_to_one(rubric_data: dict[str, Any]) -> None:
    rubric_data["portfolio"]["feasibility"]["weight_data"] = 0.9
    assert problems(rubric_data) == ["portfolio.feasibility: weights summing to 1 (got 1.4)"]


def test_unknown_placeholder_in_advice(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q1"]["signal_advice"]["lineage_coverage"]["en"] = "Document {tables}."
    [problem] = problems(rubric_data)
    assert problem.startswith("questions.Q1.signal_advice.lineage_coverage.en: placeholders among")


def test_missing_question(rubric_data: dict[str, Any]) -> None:
    del rubric_data["questions"]["Q9"]
    assert problems(rubric_data) == ["questions: all of Q1..Q15 (missing Q9)"]


def test_survey_only_question_cannot_have_evidence(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q5"]["primary_source"] = "evidence"
    assert problems(rubric_data) == [
        "questions.Q5.evidence: a rule when primary_source is evidence (got none)"
    ]


def test_thresholds_are_tunable(rubric_data: dict[str, Any]) -> None:
    rubric_data["questions"]["Q1"]["evidence"]["levels"][0]["all"][0] = "lineage_coverage >= 0.9"
    tuned = parse_rubric(rubric_data)
    assert tuned.questions["Q1"].evidence.levels[0].all_[0] == "lineage_coverage >= 0.9"
