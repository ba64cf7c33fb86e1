"""The rubric: every tunable number and sentence of the scorecard, as data.

A consultant tunes ``scoring/rubric.yaml`` (thresholds, points, merge policy, band limits,
band and recommendation texts in French and English) without touching code. This module
validates a parsed rubric into a frozen model; it never reads the file.

Where the rubric comes from is the caller's business, with this precedence:

1. an explicit path given by the user (e.g. ``--rubric``);
2. the ``SCANNER_RUBRIC`` environment variable;
3. the packaged default, :data:`DEFAULT_RUBRIC_FILE`.

Evidence rules are written as ordered *levels*: the first level whose conditions hold gives
the evidence answer. A condition is a short string ``<signal> <op> <number>`` such as
``lineage_coverage >= 0.8``, where ``<signal>`` is one of the question's signals in
:data:`scoring.signals.SIGNALS`; ``all`` needs every condition, ``any`` at least one.
``otherwise`` is the answer when no level holds (absent: evidence cannot tell, e.g. the
absence of a warehouse in the scan does not prove the client has none).
"""

from __future__ import annotations

import math
import re
import string
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from scoring.signals import SIGNALS
from scoring.validation import InputError, did_you_mean, validate

DEFAULT_RUBRIC_FILE = Path(__file__).with_name("rubric.yaml")
RUBRIC_ENV_VAR = "SCANNER_RUBRIC"

Lang = Literal["fr", "en"]
Category = Literal["data", "data_science", "business_culture"]
MergePolicy = Literal["evidence_first", "survey_first", "lowest"]
Confidence = Literal["high", "medium", "low"]
NonEmpty = Annotated[str, Field(min_length=1)]
Points = Annotated[int, Field(ge=0, le=2)]
Share = Annotated[float, Field(ge=0, le=1)]

#: Signal units (from the catalogue) and the range a threshold on them must fall in.
UNIT_RANGES: dict[str, tuple[float, float]] = {
    "share": (0.0, 1.0),
    "days": (0.0, math.inf),
    "count": (0.0, math.inf),
    "flag": (0.0, 1.0),
}
SIGNAL_UNITS: dict[tuple[str, str], str] = {(s.question_id, s.name): s.unit for s in SIGNALS}
ADVICE_PLACEHOLDERS = frozenset({"refs", "count", "value"})

_CONDITION = re.compile(r"^\s*([a-z0-9_]+)\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Text(_Strict):
    """A sentence in both report languages."""

    fr: NonEmpty
    en: NonEmpty

    def get(self, lang: str) -> str:
        """The text in ``lang`` (French for anything but ``en``)."""
        return self.en if lang == "en" else self.fr


class TextList(_Strict):
    """A list of sentences in both languages."""

    fr: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]
    en: Annotated[tuple[NonEmpty, ...], Field(min_length=1)]

    def get(self, lang: str) -> tuple[str, ...]:
        """The list in ``lang``."""
        return self.en if lang == "en" else self.fr


class Choice(_Strict):
    """One word of a question's answer vocabulary and what it is worth."""

    value: NonEmpty
    points: Points
    label: Text


class ScaleStep(_Strict):
    """From ``at_least`` upwards (until the next step) an integer answer is worth ``points``."""

    at_least: Annotated[int, Field(ge=0)]
    points: Points


class Level(_Strict):
    """One level of an evidence rule; see the module docstring."""

    value: NonEmpty
    all_: tuple[str, ...] = Field(default=(), alias="all")
    any_: tuple[str, ...] = Field(default=(), alias="any")
    confidence_cap: Literal["medium", "low"] | None = None


class EvidenceRule(_Strict):
    """How evidence answers a question: signal levels, or a count from the portfolio file."""

    levels: tuple[Level, ...] = ()
    otherwise: str | None = None
    portfolio: Literal["projects", "departments"] | None = None


class Question(_Strict):
    """A scorecard question: wording, vocabulary and points, evidence rule, advice."""

    category: Category
    text: Text
    primary_source: Literal["evidence", "survey", "both"]
    choices: tuple[Choice, ...] = ()
    scale: tuple[ScaleStep, ...] = ()
    evidence: EvidenceRule | None = None
    context_signals: tuple[str, ...] = ()
    merge_policy: MergePolicy | None = None
    advice: Text
    signal_advice: dict[str, Text] = Field(default_factory=dict)
    #: what gaining one point on this question usually takes, 1 (days of work) to 5 (a year
    #: or more, or a change of culture): the planner's cost of a step
    effort: Annotated[int, Field(ge=1, le=5)] = 3

    def points_for(self, value: str | int) -> int:
        """Points of an answer in this question's vocabulary.

        Raises:
            KeyError: when ``value`` is not in the vocabulary.
        """
        if self.scale:
            if not isinstance(value, int):
                raise KeyError(value)
            points = 0
            for step in self.scale:
                if value >= step.at_least:
                    points = step.points
            return points
        for choice in self.choices:
            if choice.value == value:
                return choice.points
        raise KeyError(value)

    def label_for(self, value: str | int, lang: str) -> str:
        """The answer as a reader sees it (numbers as they are)."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label.get(lang)
        return str(value)


class Band(_Strict):
    """A result band: from ``min_total`` points until the next band."""

    id: Literal["early", "developing", "advanced"]
    min_total: Annotated[int, Field(ge=0, le=30)]
    percent: Annotated[int, Field(ge=0, le=100)]
    label: Text
    summary: Text
    advice: TextList


class CategorySpec(_Strict):
    """A question category and its display name."""

    label: Text


class PortfolioData(_Strict):
    """What 'enough data' means when measuring a project's tables."""

    min_rows: Annotated[int, Field(ge=0)] = 1000
    min_history_days: Annotated[float, Field(ge=0)] = 365
    max_days_since_update: Annotated[float, Field(ge=0)] = 7
    min_quality_pass_rate: Share = 0.95
    high_at_least: Share = 0.75
    medium_at_least: Share = 0.4


class PortfolioFeasibility(_Strict):
    """Weights of the three feasibility questions (phase 3) and the 'high' threshold."""

    weight_data: Share = 0.5
    weight_use_case: Share = 0.25
    weight_deployment: Share = 0.25
    deployment: dict[Literal["batch", "microservice", "streaming"], Share] = Field(
        default_factory=lambda: {"batch": 1.0, "microservice": 0.6, "streaming": 0.3}
    )
    high_at_least: Share = 0.6


class PortfolioSettings(_Strict):
    """Portfolio thresholds: T.L.D. level values, value threshold, data and feasibility rules."""

    level_values: dict[Literal["high", "medium", "low"], Share] = Field(
        default_factory=lambda: {"high": 1.0, "medium": 0.5, "low": 0.0}
    )
    value_high_at_least: Share = 0.6
    data: PortfolioData = Field(default_factory=PortfolioData)
    feasibility: PortfolioFeasibility = Field(default_factory=PortfolioFeasibility)


class Rubric(_Strict):
    """The whole validated rubric."""

    version: Annotated[int, Field(ge=1)]
    merge_policy: MergePolicy
    borderline: dict[Literal["share", "days", "count", "flag"], Annotated[float, Field(ge=0)]]
    categories: dict[Category, CategorySpec]
    questions: dict[str, Question]
    bands: tuple[Band, ...]
    portfolio: PortfolioSettings = Field(default_factory=PortfolioSettings)

    def band_for(self, total: int) -> Band:
        """The band of a total: the last band whose ``min_total`` it reaches."""
        chosen = self.bands[0]
        for band in self.bands:
            if total >= band.min_total:
                chosen = band
        return chosen

    def band_for_id(self, band_id: str) -> Band:
        """The band with this id.

        Raises:
            KeyError: for an unknown id.
        """
        for band in self.bands:
            if band.id == band_id:
                return band
        raise KeyError(band_id)

    def policy_for(self, question_id: str) -> MergePolicy:
        """The merge policy of a question (its own, else the rubric's)."""
        return self.questions[question_id].merge_policy or self.merge_policy


class Condition:
    """A parsed ``<signal> <op> <number>`` condition."""

    __slots__ = ("op", "signal", "threshold")

    def __init__(self, signal: str, op: str, threshold: float) -> None:
        self.signal = signal
        self.op = op
        self.threshold = threshold

    def holds(self, value: float | None) -> bool | None:
        """True/False, or None when the signal was not measured.

        >>> parse_condition("lineage_coverage >= 0.8").holds(0.8)
        True
        >>> parse_condition("lineage_coverage >= 0.8").holds(None) is None
        True
        """
        if value is None:
            return None
        ops = {
            ">=": value >= self.threshold,
            "<=": value <= self.threshold,
            ">": value > self.threshold,
            "<": value < self.threshold,
            "==": value == self.threshold,
        }
        return ops[self.op]

    def __str__(self) -> str:
        return f"{self.signal} {self.op} {self.threshold:g}"


@lru_cache(maxsize=512)
def parse_condition(text: str) -> Condition:
    """Parse a condition string.

    Raises:
        ValueError: when the text is not ``<signal> <op> <number>``.

    >>> str(parse_condition("dbt_days_since_success<=7"))
    'dbt_days_since_success <= 7'
    """
    match = _CONDITION.match(text)
    if not match:
        raise ValueError(text)
    return Condition(match.group(1), match.group(2), float(match.group(3)))


def _check_condition(qid: str, text: str, path: str) -> list[str]:
    try:
        condition = parse_condition(text)
    except ValueError:
        expected = "a condition '<signal> <op> <number>' with op one of >=, <=, >, <, =="
        return [f"{path}: {expected} (got {text!r})"]
    unit = SIGNAL_UNITS.get((qid, condition.signal))
    if unit is None:
        names = sorted(name for q, name in SIGNAL_UNITS if q == qid)
        hint = did_you_mean(condition.signal, names)
        among = ", ".join(names) or "none"
        return [f"{path}: a signal of {qid} among {among}{hint} (got {condition.signal!r})"]
    low, high = UNIT_RANGES[unit]
    if not low <= condition.threshold <= high:
        bound = f"between {low:g} and {high:g}" if math.isfinite(high) else f">= {low:g}"
        what = f"a threshold {bound} for the {unit} signal {condition.signal}"
        return [f"{path}: {what} (got {condition.threshold:g})"]
    return []


def _check_template(template: Text, path: str) -> list[str]:
    problems = []
    for lang in ("fr", "en"):
        try:
            names = {f for _, f, _, _ in string.Formatter().parse(template.get(lang)) if f is not None}
        except ValueError as error:
            problems.append(f"{path}.{lang}: a valid template ({error})")
            continue
        unknown = sorted(names - ADVICE_PLACEHOLDERS)
        if unknown:
            allowed = ", ".join("{" + p + "}" for p in sorted(ADVICE_PLACEHOLDERS))
            problems.append(f"{path}.{lang}: placeholders among {allowed} (got {', '.join(unknown)})")
    return problems


def _check_question(qid: str, question: Question) -> list[str]:
    # Imported here: inputs imports this module for parse_rubric's re-export.
    from scoring.inputs import CHOICES, INTEGER_QUESTIONS

    path = f"questions.{qid}"
    problems: list[str] = []
    if qid in INTEGER_QUESTIONS:
        if question.choices or not question.scale:
            problems.append(f"{path}.scale: a scale and no choices for integer question {qid} (got choices)")
        steps = [s.at_least for s in question.scale]
        if steps and (steps[0] != 0 or steps != sorted(set(steps))):
            problems.append(f"{path}.scale: steps starting at_least 0, strictly increasing (got {steps})")
        vocabulary: tuple[str, ...] = ()
    else:
        vocabulary = CHOICES.get(qid, ())
        values = tuple(c.value for c in question.choices)
        if question.scale or sorted(values) != sorted(vocabulary):
            expected = ", ".join(vocabulary)
            problems.append(f"{path}.choices: exactly the survey vocabulary {expected} (got {values})")
    rule = question.evidence
    if question.primary_source == "survey" and rule is not None:
        problems.append(f"{path}.evidence: none for a survey-only question (got a rule)")
    if question.primary_source != "survey" and rule is None:
        source = question.primary_source
        problems.append(f"{path}.evidence: a rule when primary_source is {source} (got none)")
    if rule is not None:
        if rule.portfolio is not None and (rule.levels or rule.otherwise is not None):
            problems.append(f"{path}.evidence: either portfolio or levels, not both (got both)")
        if rule.portfolio is not None and qid not in INTEGER_QUESTIONS:
            problems.append(f"{path}.evidence.portfolio: only on an integer question (got {qid})")
        if rule.portfolio is None and not rule.levels:
            problems.append(f"{path}.evidence.levels: at least one level (got none)")
        for i, level in enumerate(rule.levels):
            lpath = f"{path}.evidence.levels[{i}]"
            if level.value not in vocabulary:
                problems.append(f"{lpath}.value: one of {', '.join(vocabulary)} (got {level.value!r})")
            if not level.all_ and not level.any_:
                problems.append(f"{lpath}: 'all' or 'any' conditions (got neither)")
            for key, conditions in (("all", level.all_), ("any", level.any_)):
                for j, text in enumerate(conditions):
                    problems += _check_condition(qid, text, f"{lpath}.{key}[{j}]")
        if rule.otherwise is not None and rule.otherwise not in vocabulary:
            expected = ", ".join(vocabulary)
            problems.append(f"{path}.evidence.otherwise: one of {expected} (got {rule.otherwise!r})")
    own = {name for q, name in SIGNAL_UNITS if q == qid}
    named = (
        ("context_signals", tuple(question.context_signals)),
        ("signal_advice", tuple(question.signal_advice)),
    )
    for key, names in named:
        for name in names:
            if name not in own:
                hint = did_you_mean(name, own)
                among = ", ".join(sorted(own))
                problems.append(f"{path}.{key}: signals of {qid} among {among}{hint} (got {name!r})")
    problems += _check_template(question.advice, f"{path}.advice")
    for name, template in question.signal_advice.items():
        problems += _check_template(template, f"{path}.signal_advice.{name}")
    return problems


def _semantic_problems(rubric: Rubric) -> list[str]:
    from scoring.inputs import QUESTION_IDS

    problems: list[str] = []
    missing = [q for q in QUESTION_IDS if q not in rubric.questions]
    if missing:
        problems.append(f"questions: all of Q1..Q15 (missing {', '.join(missing)})")
    for qid, question in rubric.questions.items():
        if qid not in QUESTION_IDS:
            hint = did_you_mean(qid, QUESTION_IDS)
            problems.append(f"questions.{qid}: a question id Q1..Q15{hint} (got {qid!r})")
            continue
        problems += _check_question(qid, question)
    ids = [b.id for b in rubric.bands]
    if ids != ["early", "developing", "advanced"]:
        problems.append(f"bands: early, developing, advanced in this order (got {', '.join(ids)})")
    mins = [b.min_total for b in rubric.bands]
    if mins and (mins[0] != 0 or mins != sorted(set(mins))):
        problems.append(f"bands: min_total starting at 0 and strictly increasing (got {mins})")
    missing_categories = {"data", "data_science", "business_culture"} - set(rubric.categories)
    if missing_categories:
        problems.append(f"categories: labels for {', '.join(sorted(missing_categories))} (got none)")
    feasibility = rubric.portfolio.feasibility
    weights = feasibility.weight_data + feasibility.weight_use_case + feasibility.weight_deployment
    if abs(weights - 1.0) > 1e-6:
        problems.append(f"portfolio.feasibility: weights summing to 1 (got {weights:g})")
    if set(feasibility.deployment) != {"batch", "microservice", "streaming"}:
        got = sorted(feasibility.deployment)
        problems.append(f"portfolio.feasibility.deployment: batch, microservice and streaming (got {got})")
    if set(rubric.portfolio.level_values) != {"high", "medium", "low"}:
        got = sorted(rubric.portfolio.level_values)
        problems.append(f"portfolio.level_values: high, medium and low (got {got})")
    data = rubric.portfolio.data
    if data.medium_at_least > data.high_at_least:
        got_medium = data.medium_at_least
        problems.append(f"portfolio.data.medium_at_least: at most high_at_least (got {got_medium:g})")
    return problems


def parse_rubric(data: object) -> Rubric:
    """Validate a parsed rubric file (structure first, then meaning).

    Raises:
        InputError: with one ``key.path: expected (got X)`` line per problem, e.g. an unknown
            signal name, a threshold out of its unit's range, a missing language.
    """
    if data is None:
        raise InputError("rubric", ["(top level): a mapping (got an empty file)"])
    rubric: Rubric = validate(Rubric, data, "rubric")
    problems = _semantic_problems(rubric)
    if problems:
        raise InputError("rubric", problems)
    return rubric
