"""What the survey has to ask, given what the latest scan's evidence already answered.

SPEC 2.2: a person is asked only what evidence cannot know. This module holds the pure
decisions behind ``maturity survey`` so they can be tested without a terminal:

- :func:`evidence_view` reads one question of a stored result JSON (docs/CONTRACTS.md
  section 4) into what the evidence said (value, points, confidence, items);
- :func:`mode` tells whether a question is asked outright (survey-only, or evidence that
  could not measure it) or only offered for confirmation of the evidence answer;
- :func:`q3_evidence` recomputes Q3 from its signals with a new "dedicated people"
  sub-answer, because the stored Q3 evidence answer already folded in the *previous*
  survey's sub-answer and would otherwise report a contradiction that a re-scan would not;
- :func:`parse_choice`, :func:`parse_integer` and :func:`parse_flag` turn what someone
  typed (canonical value, French or English label, menu number, unambiguous prefix) into
  the canonical value written to the survey file;
- :func:`contradicts` applies the merge's "one point or more" rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from scoring.evidence import Signal
from scoring.questions.data import adjust_q3
from scoring.questions.engine import evaluate_levels
from scoring.rubric import Question

Mode = Literal["ask", "confirm"]


@dataclass(frozen=True)
class EvidenceView:
    """What the evidence of a scan said about one question (all None when it could not tell)."""

    value: str | int | None = None
    points: int | None = None
    confidence: str | None = None
    rationale: str | None = None
    items: tuple[Mapping[str, Any], ...] = ()
    signals: tuple[Mapping[str, Any], ...] = ()

    @property
    def answered(self) -> bool:
        """True when the evidence gave an answer in the survey's vocabulary."""
        return self.value is not None and self.points is not None


def evidence_view(question: Mapping[str, Any] | None) -> EvidenceView:
    """The evidence part of a result-JSON question; an empty view when there is no scan.

    >>> v = evidence_view({"evidence_value": "partial", "evidence_points": 1, "confidence": "high",
    ...                    "evidence": [{"kind": "table", "ref": "marts.kpi", "detail": ""}]})
    >>> v.answered, v.points, v.items[0]["ref"]
    (True, 1, 'marts.kpi')
    >>> evidence_view(None).answered
    False
    """
    if not question:
        return EvidenceView()
    value = question.get("evidence_value")
    points = question.get("evidence_points")
    answered = value is not None and points is not None
    return EvidenceView(
        value=value if answered else None,
        points=int(points) if answered else None,
        # The stored confidence is the merged one: it is the evidence's own only when no
        # survey answer took part in the merge.
        confidence=question.get("confidence") if answered and question.get("survey_value") is None else None,
        rationale=question.get("rationale") if answered else None,
        items=tuple(question.get("evidence") or ()),
        signals=tuple(question.get("signals") or ()),
    )


def mode(question: Question, view: EvidenceView) -> Mode:
    """``ask`` for survey-only questions and unmeasured evidence, else ``confirm``.

    >>> from scoring.rubric import Text
    >>> t = Text(fr="x", en="x")
    >>> q = Question(category="data", text=t, primary_source="both", advice=t)
    >>> mode(q, EvidenceView()), mode(q, EvidenceView(value="yes", points=2))
    ('ask', 'confirm')
    """
    if question.primary_source == "survey" or not view.answered:
        return "ask"
    return "confirm"


def q3_evidence(
    view: EvidenceView,
    question: Question,
    borderline: Mapping[str, float],
    dedicated_people: bool | None,
    lang: str,
) -> EvidenceView:
    """Q3's evidence answer with this survey's "dedicated people" sub-answer applied.

    Re-evaluates the rubric levels (``question`` is the rubric's Q3) from the stored signal
    values; keeps the stored view when the signals are not in the result.

    >>> from scoring.rubric import Choice, EvidenceRule, Level, Text
    >>> t = Text(fr="x", en="x")
    >>> q3 = Question(category="data", text=t, primary_source="both", advice=t,
    ...     choices=(Choice(value="yes", points=2, label=t), Choice(value="partial", points=1, label=t),
    ...              Choice(value="no", points=0, label=t)),
    ...     evidence=EvidenceRule(otherwise="no", levels=(
    ...         Level(value="yes", all=("bi_tools_seen >= 1",)),)))
    >>> stored = EvidenceView(value="partial", points=1, signals=({"name": "bi_tools_seen", "value": 2},))
    >>> q3_evidence(stored, q3, {}, True, "en").value      # the previous survey had said False
    'yes'
    >>> q3_evidence(stored, q3, {}, False, "en").points
    1
    >>> q3_evidence(EvidenceView(value="yes", points=2), q3, {}, False, "en").value  # no signals
    'yes'
    """
    signals = {
        str(s["name"]): Signal("Q3", str(s["name"]), _number(s.get("value")))
        for s in view.signals
        if s.get("name")
    }
    raw = evaluate_levels("Q3", question, signals, borderline, lang) if signals else None
    if raw is None:
        return view
    adjusted = adjust_q3(raw, dedicated_people, lang)
    return replace(
        view,
        value=adjusted.value,
        points=adjusted.points,
        confidence=adjusted.confidence,
        rationale=adjusted.rationale,
    )


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return 1.0 if value else 0.0
    if isinstance(value, int | float):
        return float(value)
    return None


def contradicts(question: Question, answer: str | int, view: EvidenceView) -> bool:
    """True when the answer and the evidence differ by one point or more (SPEC 2.2).

    >>> from scoring.rubric import ScaleStep, Text
    >>> t = Text(fr="x", en="x")
    >>> q10 = Question(category="data_science", text=t, primary_source="both", advice=t,
    ...                scale=(ScaleStep(at_least=0, points=0), ScaleStep(at_least=1, points=1),
    ...                       ScaleStep(at_least=3, points=2)))
    >>> ev = EvidenceView(value=2, points=1)
    >>> contradicts(q10, 1, ev), contradicts(q10, 5, ev), contradicts(q10, 0, EvidenceView())
    (False, True, False)
    """
    if view.points is None:
        return False
    return abs(question.points_for(answer) - view.points) >= 1


# --- reading what someone typed --------------------------------------------------------


def normalise(text: str) -> str:
    """Lower case, no accents, punctuation and underscores as single spaces.

    >>> normalise("  Présent, non planifié ")
    'present non planifie'
    >>> normalise("in_progress")
    'in progress'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


@dataclass(frozen=True)
class Parsed:
    """The outcome of reading one typed answer.

    ``status`` is ``ok`` (``value`` holds the canonical answer), ``unknown`` (nothing
    matches), ``ambiguous`` (``candidates`` lists the canonical values it could be) or
    ``out_of_range`` (an integer outside the question's bounds).
    """

    status: Literal["ok", "unknown", "ambiguous", "out_of_range"]
    value: str | int | bool | None = None
    candidates: tuple[str, ...] = ()


def choice_aliases(question: Question) -> dict[str, tuple[str, ...]]:
    """Every accepted spelling of each choice: canonical value, menu number, both labels.

    >>> from scoring.rubric import Choice, Text
    >>> q = Question(category="data", text=Text(fr="x", en="x"), primary_source="survey",
    ...     advice=Text(fr="x", en="x"), choices=(
    ...         Choice(value="yes", points=2, label=Text(fr="Oui", en="Yes")),
    ...         Choice(value="no", points=0, label=Text(fr="Non", en="No"))))
    >>> choice_aliases(q)["no"]
    ('no', '2', 'non')
    """
    aliases: dict[str, tuple[str, ...]] = {}
    for number, choice in enumerate(question.choices, start=1):
        words = [normalise(choice.value), str(number), normalise(choice.label.fr), normalise(choice.label.en)]
        aliases[choice.value] = tuple(dict.fromkeys(w for w in words if w))
    return aliases


def parse_choice(question: Question, text: str) -> Parsed:
    """Read a choice answer: an exact spelling wins, else a prefix of exactly one choice.

    >>> from scoring.rubric import Choice, Text
    >>> def c(v, fr, en, p):
    ...     return Choice(value=v, points=p, label=Text(fr=fr, en=en))
    >>> q8 = Question(category="data_science", text=Text(fr="x", en="x"), primary_source="both",
    ...     advice=Text(fr="x", en="x"), choices=(c("yes", "Oui", "Yes", 2),
    ...     c("in_progress", "En cours", "In progress", 1), c("no", "Non", "No", 0)))
    >>> [parse_choice(q8, t).value for t in ("in progress", "en cours", "IN_PROGRESS", "2", "oui")]
    ['in_progress', 'in_progress', 'in_progress', 'in_progress', 'yes']
    >>> parse_choice(q8, "n").value, parse_choice(q8, "maybe").status
    ('no', 'unknown')
    >>> q = Question(category="data", text=Text(fr="x", en="x"), primary_source="survey",
    ...     advice=Text(fr="x", en="x"), choices=(c("yes", "Oui", "Yes", 2), c("yearly", "Annuel", "Yearly", 1)))
    >>> parse_choice(q, "ye").status, parse_choice(q, "ye").candidates
    ('ambiguous', ('yes', 'yearly'))
    """
    typed = normalise(text)
    if not typed:
        return Parsed("unknown")
    aliases = choice_aliases(question)
    exact = [value for value, words in aliases.items() if typed in words]
    if len(exact) == 1:
        return Parsed("ok", exact[0])
    prefixed = [value for value, words in aliases.items() if any(w.startswith(typed) for w in words)]
    if len(prefixed) == 1:
        return Parsed("ok", prefixed[0])
    if prefixed:
        ordered = sorted(prefixed, key=lambda v: 0 if aliases[v][0].startswith(typed) else 1)
        return Parsed("ambiguous", candidates=tuple(ordered))
    return Parsed("unknown")


def parse_integer(text: str, low: int, high: int | None) -> Parsed:
    """Read an integer answer within ``low..high`` (``high`` None: no upper bound).

    >>> parse_integer(" 7 ", 0, 10).value, parse_integer("11", 0, 10).status
    (7, 'out_of_range')
    >>> parse_integer("-1", 0, None).status, parse_integer("3.5", 0, None).status
    ('out_of_range', 'unknown')
    """
    typed = text.strip()
    if not re.fullmatch(r"[+-]?\d{1,9}", typed):
        return Parsed("unknown")
    number = int(typed)
    if number < low or (high is not None and number > high):
        return Parsed("out_of_range")
    return Parsed("ok", number)


_TRUE = frozenset({"y", "yes", "o", "oui", "true", "vrai"})
_FALSE = frozenset({"n", "no", "non", "false", "faux"})


def parse_flag(text: str) -> Parsed:
    """Read a yes/no answer in French or English.

    >>> parse_flag("Oui").value, parse_flag("n").value, parse_flag("peut-être").status
    (True, False, 'unknown')
    """
    typed = normalise(text)
    if typed in _TRUE:
        return Parsed("ok", True)
    if typed in _FALSE:
        return Parsed("ok", False)
    return Parsed("unknown")
