"""Survey and portfolio validation (SPEC 5.3, 5.4): accepted shapes and the exact messages.

Messages are part of the interface: a consultant fixes a file from them, so each names
the key path, what was expected and what was found.
"""

from __future__ import annotations

import pytest
import yaml

from scoring.inputs import InputError, parse_portfolio, parse_survey

FULL_SURVEY = """
answers:
  Q1: partial
  Q2: yes
  Q3: yes
  Q3_dedicated_people: true
  Q4: layered
  Q5: 7
  Q6: lt_1y
  Q7: partial
  Q8: in_progress
  Q9: evaluating
  Q10: 3
  Q11: dedicated
  Q12: partly
  Q13: yes
  Q14: no
  Q15: 2
"""


def problems(parse, data) -> list[str]:
    with pytest.raises(InputError) as info:
        parse(data)
    return info.value.problems


def test_spec_example_survey_parses_with_yaml_booleans() -> None:
    survey = parse_survey(yaml.safe_load(FULL_SURVEY))
    assert survey.value("Q2") == "yes"  # YAML 1.1 read it as True
    assert survey.value("Q14") == "no"
    assert survey.value("Q5") == 7
    assert survey.answers.Q3_dedicated_people is True
    assert len(survey.answered) == 15


def test_every_question_is_optional() -> None:
    assert parse_survey({"answers": {}}).answered == []
    assert parse_survey({"answers": None}).answered == []
    assert parse_survey({}).answered == []


def test_unknown_question_gets_did_you_mean() -> None:
    [problem] = problems(parse_survey, {"answers": {"Q55": 3}})
    assert problem.startswith("answers.Q55: unknown key, expected one of Q1, Q2,")
    assert problem.endswith("; did you mean 'Q5'? (got 3)")


def test_unknown_top_level_key() -> None:
    [problem] = problems(parse_survey, {"answer": {"Q1": "yes"}})
    assert problem.startswith("answer: unknown key")
    assert "did you mean 'answers'?" in problem


def test_value_outside_vocabulary_names_the_choices() -> None:
    [problem] = problems(parse_survey, {"answers": {"Q1": "partiel"}})
    assert problem == "answers.Q1: one of 'yes', 'partial' or 'no'; did you mean 'partial'? (got 'partiel')"


def test_boolean_is_not_accepted_where_yes_is_not_a_word() -> None:
    [problem] = problems(parse_survey, {"answers": {"Q4": True}})
    assert problem.startswith("answers.Q4: one of 'layered', 'database' or 'no'")


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        ("Q5", 11, "less than or equal to 10"),
        ("Q5", -1, "greater than or equal to 0"),
        ("Q5", 7.5, "valid integer"),
        ("Q5", True, "valid integer"),
        ("Q10", -2, "greater than or equal to 0"),
        ("Q15", "two", "valid integer"),
    ],
)
def test_integer_questions(question: str, value: object, expected: str) -> None:
    [problem] = problems(parse_survey, {"answers": {question: value}})
    assert problem.startswith(f"answers.{question}: ")
    assert expected in problem
    assert problem.endswith(f"(got {value!r})")


@pytest.mark.parametrize("value", [0, 10])
def test_q5_bounds_are_inclusive(value: int) -> None:
    assert parse_survey({"answers": {"Q5": value}}).value("Q5") == value


def test_dedicated_people_must_be_boolean() -> None:
    [problem] = problems(parse_survey, {"answers": {"Q3_dedicated_people": "maybe"}})
    assert problem.startswith("answers.Q3_dedicated_people: input should be a valid boolean")


def test_empty_survey_file() -> None:
    assert problems(parse_survey, None) == [
        "(top level): a mapping with an 'answers' key (got an empty file)"
    ]


def test_all_problems_reported_at_once() -> None:
    found = problems(parse_survey, {"answers": {"Q1": "maybe", "Q5": 12, "Q6": "2y"}})
    assert [p.split(":")[0] for p in found] == ["answers.Q1", "answers.Q5", "answers.Q6"]


PORTFOLIO = """
projects:
  - name: Churn prediction
    department: Marketing
    description: Predict which customers will leave in the next 90 days
    technique: classification
    deployment: batch
    tld: {time: high, logic: high, data: medium}
    data:
      - table: marts.customers
      - table: Marts.Orders
        columns: [customer_id, ordered_at, amount]
"""


def test_spec_example_portfolio_parses() -> None:
    portfolio = parse_portfolio(yaml.safe_load(PORTFOLIO))
    project = portfolio.projects[0]
    assert project.deployment == "batch"
    assert [d.table for d in project.data] == ["marts.customers", "marts.orders"]
    assert project.data[1].columns == ("customer_id", "ordered_at", "amount")
    assert portfolio.departments == ["Marketing"]


def test_portfolio_problems_name_the_path() -> None:
    data = yaml.safe_load(PORTFOLIO)
    data["projects"][0]["deployment"] = "lambda"
    data["projects"][0]["tld"]["time"] = "huge"
    data["projects"][0]["data"][1]["colums"] = ["x"]
    found = problems(parse_portfolio, data)
    assert "projects[0].deployment: one of 'batch', 'microservice' or 'streaming' (got 'lambda')" in found
    assert (
        "projects[0].tld.time: one of 'high', 'medium' or 'low'; did you mean 'high'? (got 'huge')" in found
    )
    assert any(
        p.startswith("projects[0].data[1].colums: unknown key") and "did you mean 'columns'?" in p
        for p in found
    )


def test_portfolio_requires_name_and_tld() -> None:
    found = problems(parse_portfolio, {"projects": [{"department": "Sales"}]})
    assert found == [
        "projects[0].name: a value is required (got nothing)",
        "projects[0].tld: a value is required (got nothing)",
    ]


def test_duplicate_project_names_are_rejected() -> None:
    project = {"name": "A", "tld": {"time": "high", "logic": "high", "data": "low"}}
    [problem] = problems(parse_portfolio, {"projects": [project, {**project, "name": "a"}]})
    assert problem.startswith("projects: project names must be unique")


def test_departments_are_distinct_case_insensitively() -> None:
    tld = {"time": "high", "logic": "high", "data": "low"}
    portfolio = parse_portfolio(
        {
            "projects": [
                {"name": "A", "department": "Sales", "tld": tld},
                {"name": "B", "department": "sales ", "tld": tld},
                {"name": "C", "department": "Ops", "tld": tld},
                {"name": "D", "tld": tld},
            ]
        }
    )
    assert portfolio.departments == ["Sales", "Ops"]
