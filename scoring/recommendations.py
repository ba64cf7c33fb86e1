"""Recommendations: specific to the weak questions and their evidence first, then the band's.

Order (priority 1 comes first), and why:

1. contradictions between evidence and survey: until they are resolved the score itself is
   uncertain;
2. questions below full marks, fewest points first, data foundations before data science
   before culture (the seed's order: foundations carry everything else). A question whose
   signals carry evidence items gets one recommendation per such signal, naming them
   (e.g. the tables without lineage, the failing tests), from the rubric's ``signal_advice``;
   otherwise the question's general ``advice``;
3. evidence-backed fixes on questions already at full marks (a stale source, a failing test);
4. unanswered questions: answer them in the survey, since they widen the range;
5. the band's general advice (the seed's three result texts, in the rubric).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scoring.evidence import EvidenceItem, Signal
from scoring.merge import FinalAnswer
from scoring.rubric import Rubric

MAX_REFS = 5
_CATEGORY_RANK = {"data": 0, "data_science": 1, "business_culture": 2}
_WORDS = {
    "fr": {
        "more": "et {n} autre(s)",
        "unanswered": "Répondre à la question {q} dans le questionnaire : les traces ne suffisent pas.",
        "contradiction": "Lever la contradiction sur {q} : {message}",
    },
    "en": {
        "more": "and {n} more",
        "unanswered": "Answer {q} in the survey: the evidence cannot answer it.",
        "contradiction": "Resolve the contradiction on {q}: {message}",
    },
}


@dataclass(frozen=True)
class Recommendation:
    """One recommendation; ``question`` is None for the band's general advice."""

    question: str | None
    priority: int
    text: str
    evidence: tuple[EvidenceItem, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """Plain dict for the result JSON."""
        return {
            "question": self.question,
            "priority": self.priority,
            "text": self.text,
            "evidence": [e.to_dict() for e in self.evidence],
        }


def format_refs(items: Sequence[EvidenceItem], lang: str) -> str:
    """Name the first references and count the rest.

    >>> items = [EvidenceItem("table", f"marts.t{i}") for i in range(7)]
    >>> format_refs(items, "en")
    'marts.t0, marts.t1, marts.t2, marts.t3, marts.t4 and 2 more'
    >>> format_refs(items[:2], "fr")
    'marts.t0, marts.t1'
    """
    refs = list(dict.fromkeys(item.ref for item in items))
    shown = ", ".join(refs[:MAX_REFS])
    if len(refs) > MAX_REFS:
        shown += " " + _WORDS.get(lang, _WORDS["en"])["more"].format(n=len(refs) - MAX_REFS)
    return shown


def _fmt_value(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if value == int(value) else f"{value:.2f}"


def recommend(
    answers: Sequence[FinalAnswer],
    rubric: Rubric,
    band: str,
    signals: Mapping[str, Mapping[str, Signal]],
    lang: str = "fr",
) -> list[Recommendation]:
    """All recommendations in priority order (see the module docstring).

    Args:
        answers: merged answers.
        rubric: advice texts.
        band: the band id of the total.
        signals: signals by question id then name (their evidence items are cited).
        lang: fr or en.
    """
    words = _WORDS.get(lang, _WORDS["en"])
    ranked: list[tuple[tuple[int, ...], str | None, str, tuple[EvidenceItem, ...]]] = []
    for order, answer in enumerate(answers):
        qid = answer.question_id
        question = rubric.questions[qid]
        category = _CATEGORY_RANK[question.category]
        if answer.contradiction is not None:
            text = words["contradiction"].format(q=qid, message=answer.contradiction.message)
            items = answer.evidence.evidence if answer.evidence else ()
            ranked.append(((0, 0, category, order), qid, text, items))
        if answer.points is None:
            ranked.append(((3, 0, category, order), qid, words["unanswered"].format(q=qid), ()))
            continue
        specific = []
        for name, template in question.signal_advice.items():
            signal = signals.get(qid, {}).get(name)
            if signal is None or not signal.evidence:
                continue
            text = template.get(lang).format(
                refs=format_refs(signal.evidence, lang),
                count=len(signal.evidence),
                value=_fmt_value(signal.value),
            )
            specific.append((text, signal.evidence))
        if answer.points < 2:
            for text, items in specific:
                ranked.append(((1, answer.points, category, order), qid, text, items))
            if not specific:
                ranked.append(((1, answer.points, category, order), qid, question.advice.get(lang), ()))
        else:
            for text, items in specific:
                ranked.append(((2, 0, category, order), qid, text, items))
    ranked.sort(key=lambda entry: entry[0])
    result = [
        Recommendation(question=qid, priority=i + 1, text=text, evidence=items)
        for i, (_, qid, text, items) in enumerate(ranked)
    ]
    for text in rubric.band_for_id(band).advice.get(lang):
        result.append(Recommendation(question=None, priority=len(result) + 1, text=text))
    return result
