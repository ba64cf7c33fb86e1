"""The planner: target band and points needed at every band boundary, cheapest steps first,
steps of one question in order, measurable steps before unmeasurable ones, actions naming
the evidence."""

from __future__ import annotations

import pytest

from scoring.evidence import EvidenceItem, Signal, TableFact
from scoring.merge import FinalAnswer
from scoring.planner import plan
from scoring.rubric import Rubric


def answer(qid: str, value, points: int | None, survey=None) -> FinalAnswer:
    return FinalAnswer(
        qid, value, points, "evidence" if survey is None else "survey", "high", survey, None, None
    )


def all_answers(points: int | None = 2, **overrides) -> list[FinalAnswer]:
    """Every question at ``points`` (value left None), some overridden."""
    answers = []
    for i in range(1, 16):
        qid = f"Q{i}"
        answers.append(overrides.get(qid, answer(qid, None, points)))
    return answers


@pytest.mark.parametrize(
    ("total", "current", "target", "needed"),
    [
        (14, "early", "developing", 1),
        (15, "developing", "advanced", 11),
        (25, "developing", "advanced", 1),
        (26, "advanced", None, 0),
        (0, "early", "developing", 15),
    ],
)
def test_target_band_and_points_needed_at_every_boundary(
    rubric: Rubric, total: int, current: str, target: str | None, needed: int
) -> None:
    answers = all_answers(1)
    result = plan(answers, rubric, total, {}, lang="en")
    assert (result.current_band, result.target_band, result.points_needed) == (current, target, needed)
    if target is None:
        assert result.steps == () and result.reachable
    else:
        assert len(result.steps) == min(needed, 15)


def test_cheapest_first_and_steps_of_one_question_in_order(rubric: Rubric) -> None:
    answers = all_answers(
        2,
        Q1=answer("Q1", "no", 0),  # effort 2, two steps
        Q10=answer("Q10", 0, 0),  # effort 1, two steps (0 -> 1 -> 3 projects)
        Q12=answer("Q12", "partly", 1, survey="partly"),  # effort 5
    )
    result = plan(answers, rubric, 25, {}, lang="en")
    assert result.points_needed == 1
    assert [(s.question, s.from_value, s.to_value) for s in result.steps] == [("Q10", 0, 1)]
    everything = plan(answers, rubric, 0, {}, lang="en")
    assert [(s.question, s.from_value, s.to_value) for s in everything.steps] == [
        ("Q10", 0, 1),
        ("Q10", 1, 3),
        ("Q1", "no", "partial"),
        ("Q1", "partial", "yes"),
        ("Q12", "partly", "yes"),
    ]
    assert not everything.reachable and everything.to_dict()["points_planned"] == 5


def test_unanswered_questions_are_listed_not_planned(rubric: Rubric) -> None:
    answers = all_answers(2, Q14=answer("Q14", None, None))
    result = plan(answers, rubric, 14, {}, lang="en")
    assert result.unanswered == ("Q14",) and result.steps == () and not result.reachable


def test_a_step_the_evidence_cannot_measure_comes_after_a_measurable_one(rubric: Rubric) -> None:
    signals = {
        "Q7": {
            "roles_with_grants": Signal("Q7", "roles_with_grants", None),
            "owner_coverage": Signal("Q7", "owner_coverage", 0.5),
        },
        "Q1": {
            "lineage_coverage": Signal("Q1", "lineage_coverage", 0.5),
            "lineage_days_since_activity": Signal("Q1", "lineage_days_since_activity", 1.0),
        },
    }
    answers = all_answers(2, Q1=answer("Q1", "partial", 1), Q7=answer("Q7", "partial", 1))
    result = plan(answers, rubric, 24, signals, lang="en")
    assert [s.question for s in result.steps] == ["Q1", "Q7"]
    assert result.steps[1].actions[0] == "roles_with_grants: not measured -> >= 2"


def test_actions_count_the_tables_and_cite_the_evidence(rubric: Rubric) -> None:
    missing = tuple(EvidenceItem("table", f"marts.t{i}") for i in range(7, 10))
    signals = {
        "Q1": {
            "lineage_coverage": Signal("Q1", "lineage_coverage", 0.7, evidence=missing),
            "lineage_days_since_activity": Signal("Q1", "lineage_days_since_activity", 1.0),
        },
    }
    facts = [TableFact(f"marts.t{i}", is_modelled=True, has_upstream=i < 7) for i in range(10)]
    answers = all_answers(2, Q1=answer("Q1", "partial", 1))
    [step] = plan(answers, rubric, 25, signals, facts, lang="en").steps
    assert step.actions == (
        "lineage_coverage: 0.7 -> >= 0.8 (at least 1 more of the 3 tables without lineage)",
        "Document lineage for marts.t7, marts.t8, marts.t9: no known upstream dependency.",
    )
    assert step.evidence == missing and (step.from_label, step.to_label) == ("Partly", "Yes")


def test_survey_only_steps_give_the_advice_and_cite_the_answer(rubric: Rubric) -> None:
    answers = all_answers(2, Q13=answer("Q13", "partly", 1, survey="partly"))
    [step] = plan(answers, rubric, 25, {}, lang="en").steps
    assert step.actions == (rubric.questions["Q13"].advice.en,)
    assert step.evidence == (EvidenceItem("survey", "survey Q13", "survey answer: Partly"),)
    [fr_step] = plan(answers, rubric, 25, {}, lang="fr").steps
    assert fr_step.evidence[0].detail == "réponse au questionnaire : En partie"
