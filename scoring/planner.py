"""The planner: the smallest set of improvements that moves the client to the next band.

A consultant's first question after the score is "what would it take to get to the next
level?". The planner answers with steps a team can act on, each tied to the evidence:

- the target is the band after the current one (none at the top band); the points needed
  are its ``min_total`` minus the current total (answered questions only: an unanswered
  question is a measurement gap, listed apart, not an improvement);
- every answered question below 2 points offers one step per point level (``partial ->
  yes`` is +1, ``no -> partial`` then ``partial -> yes`` two steps), to the rubric's choice
  worth one point more;
- every step gains one point, so "greedy by points per effort" is: cheapest first, by the
  question's rubric ``effort`` (1 days .. 5 a year); at equal effort, steps the evidence
  can confirm before those needing a signal this scan could not measure (e.g. grants on an
  engine without an access model), evidence-backed steps before survey-only ones (they say
  precisely what to do), then rubric order.
  Steps of one question stay in order. With unit gains this greedy choice is optimal: no
  other set of that many steps costs less;
- a step's actions come from the rubric level that gives the target answer: each condition
  not met yet becomes an action (``lineage_coverage 0.7 -> >= 0.8: at least 3 more of the
  8 tables``), followed by the question's signal advice naming the evidence (the tables
  without lineage, the failing tests, the stale sources). Survey-only questions get the
  question's advice and cite the survey answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scoring.evidence import EvidenceItem, Signal, TableFact
from scoring.merge import FinalAnswer
from scoring.recommendations import format_refs
from scoring.rubric import Level, Question, Rubric, parse_condition

_WORDS = {
    "fr": {
        "condition": "{signal} : {value} -> {op} {threshold}",
        "tables": "au moins {n} table(s) de plus parmi les {total} sans lignage",
        "one_of": "l'une de ces conditions",
        "not_measured": "non mesuré",
        "answered": "réponse au questionnaire : {answer}",
    },
    "en": {
        "condition": "{signal}: {value} -> {op} {threshold}",
        "tables": "at least {n} more of the {total} tables without lineage",
        "one_of": "one of these conditions",
        "not_measured": "not measured",
        "answered": "survey answer: {answer}",
    },
}


@dataclass(frozen=True)
class Step:
    """One point gained on one question."""

    question: str
    from_value: str | int | None
    to_value: str | int
    from_label: str
    to_label: str
    points: int
    effort: int
    actions: tuple[str, ...]
    evidence: tuple[EvidenceItem, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON (``from``/``to`` as the answer values)."""
        return {
            "question": self.question,
            "from": self.from_value,
            "to": self.to_value,
            "from_label": self.from_label,
            "to_label": self.to_label,
            "points": self.points,
            "effort": self.effort,
            "actions": list(self.actions),
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(frozen=True)
class Plan:
    """The ``planner`` object of the result JSON."""

    current_band: str
    target_band: str | None
    total: int
    target_total: int | None
    points_needed: int
    reachable: bool
    steps: tuple[Step, ...]
    unanswered: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        return {
            "current_band": self.current_band,
            "target_band": self.target_band,
            "total": self.total,
            "target_total": self.target_total,
            "points_needed": self.points_needed,
            "reachable": self.reachable,
            "steps": [s.to_dict() for s in self.steps],
            "points_planned": sum(s.points for s in self.steps),
            "effort_planned": sum(s.effort for s in self.steps),
            "unanswered": list(self.unanswered),
        }


def value_worth(question: Question, points: int) -> str | int | None:
    """The answer worth exactly ``points`` on this question (scale: the lowest integer).

    >>> from scoring.rubric import ScaleStep
    >>> q = Question.model_construct(scale=(ScaleStep(at_least=0, points=0),
    ...     ScaleStep(at_least=1, points=1), ScaleStep(at_least=3, points=2)), choices=())
    >>> value_worth(q, 2)
    3
    """
    if question.scale:
        return next((s.at_least for s in question.scale if s.points == points), None)
    return next((c.value for c in question.choices if c.points == points), None)


def _fmt(value: float) -> str:
    return f"{value:g}" if value == int(value) else f"{value:.2f}".rstrip("0")


def _lineage_tables_needed(threshold: float, facts: Sequence[TableFact]) -> tuple[int, int] | None:
    """How many uncovered modelled tables must gain lineage to reach ``threshold`` coverage.

    >>> f = [TableFact(f"marts.t{i}", is_modelled=True, has_upstream=i < 7) for i in range(10)]
    >>> _lineage_tables_needed(0.8, f)
    (1, 3)
    """
    modelled = [f for f in facts if f.is_modelled]
    if not modelled:
        return None
    covered = sum(1 for f in modelled if f.has_upstream)
    needed = max(0, math.ceil(round(threshold * len(modelled), 9)) - covered)
    return needed, len(modelled) - covered


def _level_for(question: Question, value: str | int) -> Level | None:
    rule = question.evidence
    if rule is None:
        return None
    return next((level for level in rule.levels if level.value == value), None)


def _actions(
    qid: str,
    question: Question,
    target: str | int,
    signals: Mapping[str, Signal],
    facts: Sequence[TableFact],
    lang: str,
) -> tuple[list[str], list[EvidenceItem]]:
    words = _WORDS.get(lang, _WORDS["en"])
    level = _level_for(question, target)
    if level is None:
        return [question.advice.get(lang)], []
    actions: list[str] = []
    evidence: list[EvidenceItem] = []
    unmet_signals: list[str] = []

    def describe(text: str) -> str:
        condition = parse_condition(text)
        signal = signals.get(condition.signal)
        value = None if signal is None else signal.value
        shown = words["not_measured"] if value is None else _fmt(value)
        line = words["condition"].format(
            signal=condition.signal, value=shown, op=condition.op, threshold=_fmt(condition.threshold)
        )
        if condition.signal == "lineage_coverage" and value is not None:
            counts = _lineage_tables_needed(condition.threshold, facts)
            if counts is not None and counts[0] > 0:
                line += f" ({words['tables'].format(n=counts[0], total=counts[1])})"
        unmet_signals.append(condition.signal)
        return line

    for text in level.all_:
        condition = parse_condition(text)
        signal = signals.get(condition.signal)
        if condition.holds(None if signal is None else signal.value) is not True:
            actions.append(describe(text))
    any_states = [
        parse_condition(t).holds(getattr(signals.get(parse_condition(t).signal), "value", None))
        for t in level.any_
    ]
    if level.any_ and True not in any_states:
        alternatives = [describe(t) for t in level.any_]
        actions.append(
            f"{words['one_of']}: " + "; ".join(alternatives) if len(alternatives) > 1 else alternatives[0]
        )
    for name in dict.fromkeys(unmet_signals):
        signal = signals.get(name)
        template = question.signal_advice.get(name)
        if signal is None or not signal.evidence:
            continue
        evidence.extend(signal.evidence)
        if template is not None:
            actions.append(
                template.get(lang).format(
                    refs=format_refs(signal.evidence, lang),
                    count=len(signal.evidence),
                    value="?" if signal.value is None else _fmt(signal.value),
                )
            )
    if not actions:
        actions.append(question.advice.get(lang))
    return actions, evidence


def _unmeasured(question: Question, target: str | int, signals: Mapping[str, Signal]) -> bool:
    """True when the target level needs a signal this scan could not measure: the evidence
    cannot confirm that step, only the survey can, so it ranks after measurable ones."""
    level = _level_for(question, target)
    if level is None:
        return False
    names = {parse_condition(t).signal for t in (*level.all_, *level.any_)}
    return any(getattr(signals.get(name), "value", None) is None for name in names)


def _candidates(
    answers: Sequence[FinalAnswer],
    rubric: Rubric,
    signals: Mapping[str, Mapping[str, Signal]],
    facts: Sequence[TableFact],
    lang: str,
) -> list[tuple[tuple[int, int, int, int, int], Step]]:
    ranked = []
    for order, answer in enumerate(answers):
        if answer.points is None or answer.points >= 2:
            continue
        qid = answer.question_id
        question = rubric.questions[qid]
        current_value, current_label = (
            answer.value,
            ("" if answer.value is None else question.label_for(answer.value, lang)),
        )
        for points in range(answer.points + 1, 3):
            target = value_worth(question, points)
            if target is None:
                continue
            actions, evidence = _actions(qid, question, target, signals.get(qid, {}), facts, lang)
            if not evidence and question.primary_source == "survey" and answer.survey_value is not None:
                said = question.label_for(answer.survey_value, lang) or str(answer.survey_value)
                evidence = [
                    EvidenceItem(
                        "survey",
                        f"survey {qid}",
                        _WORDS.get(lang, _WORDS["en"])["answered"].format(answer=said),
                    )
                ]
            step = Step(
                question=qid,
                from_value=current_value,
                to_value=target,
                from_label=current_label,
                to_label=question.label_for(target, lang),
                points=1,
                effort=question.effort,
                actions=tuple(actions),
                evidence=tuple(evidence),
            )
            backed = 0 if question.primary_source != "survey" else 1
            unmeasured = int(_unmeasured(question, target, signals.get(qid, {})))
            ranked.append(((question.effort, unmeasured, backed, order, points), step))
            current_value, current_label = target, step.to_label
    return ranked


def plan(
    answers: Sequence[FinalAnswer],
    rubric: Rubric,
    total: int,
    signals: Mapping[str, Mapping[str, Signal]],
    table_facts: Sequence[TableFact] = (),
    lang: str = "fr",
) -> Plan:
    """The cheapest steps to the next band (see the module docstring; every band boundary
    and the ordering rules are exercised in tests/scoring/test_scoring_planner.py).

    Args:
        answers: merged answers, in rubric order.
        rubric: bands, levels, choices, efforts and advice.
        total: the score of the answered questions.
        signals: signals by question id then name (values and evidence items).
        table_facts: the scan's table facts (lineage coverage counts).
        lang: fr or en.
    """
    current = rubric.band_for(total)
    ids = [b.id for b in rubric.bands]
    position = ids.index(current.id)
    unanswered = tuple(a.question_id for a in answers if a.points is None)
    if position + 1 >= len(rubric.bands):
        return Plan(current.id, None, total, None, 0, True, (), unanswered)
    target = rubric.bands[position + 1]
    needed = target.min_total - total
    ranked = sorted(_candidates(answers, rubric, signals, table_facts, lang), key=lambda entry: entry[0])
    chosen = tuple(step for _, step in ranked[:needed])
    return Plan(
        current_band=current.id,
        target_band=target.id,
        total=total,
        target_total=target.min_total,
        points_needed=needed,
        reachable=len(chosen) >= needed,
        steps=chosen,
        unanswered=unanswered,
    )
