"""Evaluate a question's evidence rule (rubric levels) against the measured signals.

Conditions are three-valued: a condition on an unmeasured signal is *unknown*, not false,
because "we could not see it" is not "it is not there". A level holds when all its ``all``
conditions hold and (if it has any) at least one of its ``any`` conditions holds; it fails
when one of those is certainly false; otherwise it is unknown. The first level that holds
gives the answer.

Confidence follows from how the answer was reached:

- ``high``: the deciding signals were measured and no value is near a threshold;
- ``medium``: a higher level could not be ruled out (one of its signals was not measured),
  or a measured value is within the rubric's ``borderline`` margin of a threshold of the
  deciding level or of the level just above it (a small change would flip the answer);
- ``low``: the answer is the rubric's ``otherwise`` default although a higher level was
  unknown, or the level is marked as weak evidence (``confidence_cap``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.evidence import EvidenceItem, Signal
from scoring.rubric import SIGNAL_UNITS, Condition, Level, Question, parse_condition

CONFIDENCE_ORDER = ("low", "medium", "high")


def weakest(*levels: str) -> str:
    """The lowest of several confidence levels.

    >>> weakest("high", "medium")
    'medium'
    """
    return min(levels, key=CONFIDENCE_ORDER.index)


@dataclass(frozen=True)
class EvidenceAnswer:
    """What the evidence alone says about one question, in the survey's vocabulary."""

    question_id: str
    value: str | int
    points: int
    confidence: str
    rationale: str
    evidence: tuple[EvidenceItem, ...] = ()


_WORDS = {
    "fr": {"not_measured": "non mesuré", "holds": "retenu", "not": "non retenu", "needs": "requis"},
    "en": {"not_measured": "not measured", "holds": "holds", "not": "not reached", "needs": "needs"},
}


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def _conditions(level: Level) -> list[Condition]:
    return [parse_condition(text) for text in (*level.all_, *level.any_)]


def level_state(level: Level, values: Mapping[str, float | None]) -> bool | None:
    """Three-valued truth of a level.

    >>> lvl = Level(value="yes", all=("lineage_coverage >= 0.8", "lineage_days_since_activity <= 30"))
    >>> level_state(lvl, {"lineage_coverage": 0.9, "lineage_days_since_activity": 3})
    True
    >>> level_state(lvl, {"lineage_coverage": 0.5}) is False
    True
    >>> level_state(lvl, {"lineage_coverage": 0.9}) is None
    True
    """
    all_states = [parse_condition(t).holds(values.get(parse_condition(t).signal)) for t in level.all_]
    any_states = [parse_condition(t).holds(values.get(parse_condition(t).signal)) for t in level.any_]
    if False in all_states:
        return False
    if any_states and all(s is False for s in any_states):
        return False
    all_ok = all(s is True for s in all_states)
    any_ok = not any_states or True in any_states
    return True if all_ok and any_ok else None


def _near(condition: Condition, value: float | None, unit_margin: float) -> bool:
    return value is not None and abs(value - condition.threshold) < unit_margin


def _describe(level: Level, values: Mapping[str, float | None], lang: str) -> str:
    words = _WORDS.get(lang, _WORDS["en"])
    parts = []
    for condition in _conditions(level):
        value = values.get(condition.signal)
        shown = words["not_measured"] if value is None else _fmt(value)
        needs = f"{words['needs']} {condition.op} {_fmt(condition.threshold)}"
        parts.append(f"{condition.signal} = {shown} ({needs})")
    return "; ".join(parts)


def evaluate_levels(
    question_id: str,
    question: Question,
    signals: Mapping[str, Signal],
    borderline: Mapping[str, float],
    lang: str,
) -> EvidenceAnswer | None:
    """The evidence answer of a question from its rubric levels, or None if evidence cannot tell.

    Args:
        question_id: e.g. ``Q1``.
        question: its rubric entry (must have ``evidence.levels``).
        signals: this question's signals by name.
        borderline: the rubric's margins per signal unit (share, days, count, flag).
        lang: language of the rationale.

    Returns:
        None when none of the signals the rule uses was measured, or when no level holds and
        the rule has no ``otherwise``.

    >>> from scoring.rubric import Choice, EvidenceRule, Text
    >>> t = Text(fr="x", en="x")
    >>> q1 = Question(category="data", text=t, primary_source="evidence", advice=t,
    ...     choices=(Choice(value="yes", points=2, label=t), Choice(value="partial", points=1, label=t),
    ...              Choice(value="no", points=0, label=t)),
    ...     evidence=EvidenceRule(otherwise="no", levels=(
    ...         Level(value="yes", all=("lineage_coverage >= 0.8", "lineage_days_since_activity <= 30")),
    ...         Level(value="partial", all=("lineage_coverage >= 0.3",)))))
    >>> def signals(**values):
    ...     return {k: Signal("Q1", k, v) for k, v in values.items()}
    >>> margins = {"share": 0.05, "days": 2}
    >>> measured = signals(lineage_coverage=0.5, lineage_days_since_activity=2)
    >>> a = evaluate_levels("Q1", q1, measured, margins, "en")
    >>> (a.value, a.points, a.confidence)
    ('partial', 1, 'high')
    >>> evaluate_levels("Q1", q1, signals(lineage_coverage=0.78), margins, "en").confidence
    'medium'
    >>> evaluate_levels("Q1", q1, signals(lineage_coverage=None), margins, "en") is None
    True
    """
    rule = question.evidence
    if rule is None or not rule.levels:
        return None
    values = {name: s.value for name, s in signals.items()}
    used = {c.signal for level in rule.levels for c in _conditions(level)}
    if all(values.get(name) is None for name in used):
        return None
    words = _WORDS.get(lang, _WORDS["en"])
    unknown_above = False
    matched_index: int | None = None
    for index, level in enumerate(rule.levels):
        state = level_state(level, values)
        if state is True:
            matched_index = index
            break
        if state is None:
            unknown_above = True
    if matched_index is None:
        if rule.otherwise is None:
            return None
        value: str | int = rule.otherwise
        confidence = "low" if unknown_above else "high"
        above = rule.levels[-1]
    else:
        matched = rule.levels[matched_index]
        value = matched.value
        confidence = "medium" if unknown_above else "high"
        if matched.confidence_cap:
            confidence = weakest(confidence, matched.confidence_cap)
        above = rule.levels[matched_index - 1] if matched_index > 0 else None
    checked = [*([] if matched_index is None else _conditions(rule.levels[matched_index]))]
    if above is not None:
        checked += _conditions(above)
    for condition in checked:
        margin = borderline.get(SIGNAL_UNITS[(question_id, condition.signal)], 0.0)
        if _near(condition, values.get(condition.signal), margin):
            confidence = weakest(confidence, "medium")
    label = question.label_for(value, lang)
    lines = []
    if matched_index is not None:
        lines.append(f"{label}: {words['holds']}: {_describe(rule.levels[matched_index], values, lang)}")
    else:
        lines.append(f"{label}")
    if above is not None:
        above_label = question.label_for(above.value, lang)
        lines.append(f"{above_label}: {words['not']}: {_describe(above, values, lang)}")
    items = tuple(item for s in signals.values() for item in s.evidence)
    return EvidenceAnswer(
        question_id=question_id,
        value=value,
        points=question.points_for(value),
        confidence=confidence,
        rationale=". ".join(lines) + ".",
        evidence=items,
    )
