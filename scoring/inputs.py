"""The user files scoring reads: the survey (SPEC 5.3) and the AI-project portfolio (SPEC 5.4).

The caller reads the YAML and passes the parsed object; these functions validate it and
return frozen models. Every question of the survey is optional (an absent question is
unanswered, which widens the score range rather than counting as 0).

YAML 1.1 reads ``yes`` and ``no`` as booleans, so ``Q2: yes`` arrives as ``True``: the
survey accepts booleans for the questions whose vocabulary has ``yes`` / ``no`` and maps
them back, because writing ``Q2: "yes"`` with quotes is not something a respondent should
have to know.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictInt, field_validator, model_validator

from scoring.rubric import Rubric, parse_rubric
from scoring.validation import InputError, validate

__all__ = [
    "CHOICES",
    "INTEGER_QUESTIONS",
    "QUESTION_IDS",
    "DataNeed",
    "InputError",
    "Portfolio",
    "Project",
    "Rubric",
    "SurveyAnswers",
    "parse_portfolio",
    "parse_rubric",
    "parse_survey",
]

QUESTION_IDS: tuple[str, ...] = tuple(f"Q{i}" for i in range(1, 16))

#: The answer vocabulary of each choice question, best answer first (SPEC 5.3).
CHOICES: dict[str, tuple[str, ...]] = {
    "Q1": ("yes", "partial", "no"),
    "Q2": ("yes", "present", "no"),
    "Q3": ("yes", "partial", "no"),
    "Q4": ("layered", "database", "no"),
    "Q6": ("ge_1y", "lt_1y", "none"),
    "Q7": ("yes", "partial", "no"),
    "Q8": ("yes", "in_progress", "no"),
    "Q9": ("yes", "evaluating", "no"),
    "Q11": ("dedicated", "shared", "no"),
    "Q12": ("yes", "partly", "no"),
    "Q13": ("yes", "partly", "no"),
    "Q14": ("yes", "partly", "no"),
}

#: Integer questions and their inclusive bounds (None = no upper bound).
INTEGER_QUESTIONS: dict[str, tuple[int, int | None]] = {"Q5": (0, 10), "Q10": (0, None), "Q15": (0, None)}

YesPartialNo = Literal["yes", "partial", "no"]
YesPartlyNo = Literal["yes", "partly", "no"]
Level = Literal["high", "medium", "low"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Answers(_Strict):
    """The ``answers`` mapping of a survey file; None means unanswered."""

    Q1: YesPartialNo | None = None
    Q2: Literal["yes", "present", "no"] | None = None
    Q3: YesPartialNo | None = None
    Q3_dedicated_people: StrictBool | None = None
    Q4: Literal["layered", "database", "no"] | None = None
    Q5: Annotated[StrictInt, Field(ge=0, le=10)] | None = None
    Q6: Literal["none", "lt_1y", "ge_1y"] | None = None
    Q7: YesPartialNo | None = None
    Q8: Literal["yes", "in_progress", "no"] | None = None
    Q9: Literal["yes", "evaluating", "no"] | None = None
    Q10: Annotated[StrictInt, Field(ge=0)] | None = None
    Q11: Literal["dedicated", "shared", "no"] | None = None
    Q12: YesPartlyNo | None = None
    Q13: YesPartlyNo | None = None
    Q14: YesPartlyNo | None = None
    Q15: Annotated[StrictInt, Field(ge=0)] | None = None

    @model_validator(mode="before")
    @classmethod
    def _yaml_booleans(cls, data: Any) -> Any:
        """Map YAML's ``yes``/``no`` booleans back to words where the vocabulary has them."""
        if not isinstance(data, dict):
            return data
        fixed = dict(data)
        for key, value in data.items():
            vocabulary = CHOICES.get(str(key), ())
            if isinstance(value, bool) and "yes" in vocabulary:
                fixed[key] = "yes" if value else "no"
        return fixed


class SurveyAnswers(_Strict):
    """A validated survey file.

    ``respondent``, ``answered_at`` and ``comments`` (free text per question) are optional
    extensions of SPEC 5.3; only ``answers`` is scored.
    """

    answers: Answers = Field(default_factory=Answers)
    respondent: str | None = None
    answered_at: datetime | date | None = None
    comments: dict[str, str] = Field(default_factory=dict)

    @field_validator("answers", mode="before")
    @classmethod
    def _null_answers(cls, value: Any) -> Any:
        return {} if value is None else value

    @field_validator("comments")
    @classmethod
    def _comment_keys(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [k for k in value if k not in QUESTION_IDS]
        if unknown:
            raise ValueError(f"keys must be question ids Q1..Q15, unknown: {', '.join(unknown)}")
        return value

    def value(self, question_id: str) -> str | int | None:
        """The answer to one question, or None when unanswered.

        >>> parse_survey({"answers": {"Q5": 7}}).value("Q5")
        7
        """
        result: str | int | None = getattr(self.answers, question_id)
        return result

    @property
    def answered(self) -> list[str]:
        """Ids of the answered questions, in order."""
        return [q for q in QUESTION_IDS if self.value(q) is not None]


class DataNeed(_Strict):
    """A warehouse table (qualified as in the warehouse, or a ``*`` pattern) a project needs."""

    table: Annotated[str, Field(min_length=1)]
    columns: tuple[str, ...] = ()
    external: bool = False

    @field_validator("table")
    @classmethod
    def _lower(cls, value: str) -> str:
        return value.strip().lower()

    @model_validator(mode="before")
    @classmethod
    def _bare_name(cls, data: Any) -> Any:
        """Accept ``- marts.orders`` as shorthand for ``- table: marts.orders``."""
        return {"table": data} if isinstance(data, str) else data


class TLD(_Strict):
    """Declared value dimensions (phase 2): Time to resolve, recurrence of Logic, Data."""

    time: Level
    logic: Level
    data: Level


class Project(_Strict):
    """One candidate AI project of the portfolio."""

    name: Annotated[str, Field(min_length=1)]
    department: str | None = None
    description: str = ""
    technique: str = ""
    deployment: Literal["batch", "microservice", "streaming"] = "batch"
    tld: TLD
    data: tuple[DataNeed, ...] = ()

    @field_validator("data", mode="before")
    @classmethod
    def _null_data(cls, value: Any) -> Any:
        return () if value is None else value


class Portfolio(_Strict):
    """A validated portfolio file; project names are unique (they key the report)."""

    projects: tuple[Project, ...] = ()

    @field_validator("projects", mode="before")
    @classmethod
    def _null_projects(cls, value: Any) -> Any:
        return () if value is None else value

    @field_validator("projects")
    @classmethod
    def _unique_names(cls, value: tuple[Project, ...]) -> tuple[Project, ...]:
        seen: set[str] = set()
        for project in value:
            key = project.name.strip().lower()
            if key in seen:
                raise ValueError(f"project names must be unique, '{project.name}' appears twice")
            seen.add(key)
        return value

    @property
    def departments(self) -> list[str]:
        """Distinct sponsoring departments, case-insensitively, in first-seen order."""
        seen: dict[str, str] = {}
        for project in self.projects:
            if project.department and project.department.strip():
                seen.setdefault(project.department.strip().lower(), project.department.strip())
        return list(seen.values())


def parse_survey(data: object) -> SurveyAnswers:
    """Validate a parsed survey file.

    Raises:
        InputError: with one ``path: expected (got X)`` line per problem.

    >>> parse_survey({"answers": {"Q1": "partial", "Q2": True}}).value("Q2")
    'yes'
    >>> try:
    ...     parse_survey({"answers": {"Q55": 3}})
    ... except InputError as error:
    ...     print(error.problems[0].split("; ")[1])
    did you mean 'Q5'? (got 3)
    """
    if data is None:
        raise InputError("survey", ["(top level): a mapping with an 'answers' key (got an empty file)"])
    result: SurveyAnswers = validate(SurveyAnswers, data, "survey")
    return result


def parse_portfolio(data: object) -> Portfolio:
    """Validate a parsed portfolio file.

    Raises:
        InputError: with one ``path: expected (got X)`` line per problem.

    >>> p = parse_portfolio({"projects": [{"name": "Churn", "department": "Marketing",
    ...     "tld": {"time": "high", "logic": "high", "data": "medium"}, "data": ["Marts.Customers"]}]})
    >>> p.projects[0].data[0].table
    'marts.customers'
    """
    if data is None:
        raise InputError("portfolio", ["(top level): a mapping with a 'projects' list (got an empty file)"])
    result: Portfolio = validate(Portfolio, data, "portfolio")
    return result
