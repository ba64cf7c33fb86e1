"""What a question family needs to answer from evidence, gathered once per scan."""

from __future__ import annotations

from dataclasses import dataclass, field

from scoring.evidence import Signal
from scoring.inputs import Portfolio, SurveyAnswers
from scoring.questions.engine import EvidenceAnswer, evaluate_levels
from scoring.rubric import Rubric


@dataclass(frozen=True)
class EvidenceContext:
    """Signals by question and name, plus the files some answers depend on."""

    rubric: Rubric
    signals: dict[str, dict[str, Signal]] = field(default_factory=dict)
    survey: SurveyAnswers | None = None
    portfolio: Portfolio | None = None
    lang: str = "fr"

    @classmethod
    def build(
        cls,
        rubric: Rubric,
        signals: list[Signal] | tuple[Signal, ...],
        survey: SurveyAnswers | None = None,
        portfolio: Portfolio | None = None,
        lang: str = "fr",
    ) -> EvidenceContext:
        """Index the signals by question then name (a later duplicate replaces an earlier one)."""
        by_question: dict[str, dict[str, Signal]] = {}
        for signal in signals:
            by_question.setdefault(signal.question_id, {})[signal.name] = signal
        return cls(rubric=rubric, signals=by_question, survey=survey, portfolio=portfolio, lang=lang)

    def of(self, question_id: str) -> dict[str, Signal]:
        """This question's signals by name (empty when none were emitted)."""
        return self.signals.get(question_id, {})

    def from_levels(self, question_id: str) -> EvidenceAnswer | None:
        """The rubric levels' answer for a question (see :func:`.engine.evaluate_levels`)."""
        question = self.rubric.questions[question_id]
        return evaluate_levels(question_id, question, self.of(question_id), self.rubric.borderline, self.lang)
