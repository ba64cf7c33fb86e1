"""``maturity survey``: the questionnaire a person answers in the terminal (SPEC 2.2, 5.3).

The survey exists to ask a person only what the evidence cannot know. So before each of
the 15 questions it shows what the latest scan's evidence said (answer, points,
confidence, the references a person can check) and then:

- survey-only questions, and questions whose evidence could not be measured, are asked;
- questions the evidence answered are offered for confirmation: Enter leaves them to the
  evidence (nothing is written for them, so the next scan measures them afresh), or the
  person types an override;
- an answer one point or more away from the evidence is a contradiction: the command
  says what the evidence found, which answer the merge policy will keep, and asks to
  confirm.

``s`` skips a question (it stays unanswered and widens the score range), ``q`` quits
without writing. The answers file is validated by scoring's ``parse_survey`` and written
atomically. Exit codes: 0 written, 1 quit (nothing written), 2 invalid input files.

This module must start fast and never imports Dagster.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Literal

from rich.console import Console
from rich.rule import Rule
from rich.text import Text

from orchestration.survey_text import EVIDENCE, QUIT, SKIP, confidence_word, text
from scoring.inputs import INTEGER_QUESTIONS, QUESTION_IDS, SurveyAnswers
from scoring.rubric import Question, Rubric
from scoring.survey_plan import (
    EvidenceView,
    Parsed,
    contradicts,
    evidence_view,
    mode,
    normalise,
    parse_choice,
    parse_flag,
    parse_integer,
    q3_evidence,
)

Kind = Literal["answered", "evidence", "skipped"]
REFS_SHOWN = 3
REFS_IN_CONTRADICTION = 5


class QuitSurvey(Exception):
    """The person typed ``q`` (or closed the input): stop and write nothing."""


@dataclass(frozen=True)
class Record:
    """How one question ended: answered (``value``), left to the evidence, or skipped."""

    kind: Kind
    value: str | int | None = None
    evidence: EvidenceView | None = None
    contradiction: bool = False


class SurveySession:
    """One run of the questionnaire: shows evidence, reads answers, keeps the records."""

    def __init__(
        self,
        console: Console,
        lang: str,
        rubric: Rubric,
        result: dict[str, Any] | None,
        previous: SurveyAnswers | None,
    ) -> None:
        self.console = console
        self.lang = lang
        self.rubric = rubric
        self.result = result
        self.previous = previous
        by_id = {q.get("id"): q for q in (result or {}).get("questions", [])}
        self.result_questions: dict[str, dict[str, Any]] = by_id
        self.same_language = bool(result) and result.get("language") == lang
        self.records: dict[str, Record] = {}
        self.dedicated_people: bool | None = None

    # --- output ---------------------------------------------------------------------

    def say(self, message: str, style: str = "") -> None:
        """Print plain text (never markup: labels and refs may hold brackets)."""
        self.console.print(Text(message, style=style), highlight=False)

    def t(self, key: str, **values: object) -> str:
        return text(self.lang, key, **values)

    def label(self, question: Question, value: str | int) -> str:
        """``Label (value)`` for choices, the number itself for integers."""
        shown = question.label_for(value, self.lang)
        return shown if shown == str(value) else f"{shown} ({value})"

    def _refs(self, items: tuple[dict[str, Any], ...] | tuple[Any, ...], limit: int) -> None:
        if not items:
            return
        self.say(self.t("refs"), "dim")
        for item in items[:limit]:
            detail = str(item.get("detail") or "")
            detail = detail if len(detail) <= 90 else detail[:87] + "..."
            line = f"  - {item.get('kind', '')} {item.get('ref', '')}".rstrip()
            self.say(f"{line}: {detail}" if detail else line, "dim")
        if len(items) > limit:
            self.say("    " + self.t("more", n=len(items) - limit), "dim")

    def _measured(self, view: EvidenceView) -> str:
        parts = []
        for signal in view.signals:
            value = signal.get("value")
            if value is None:
                continue
            shown = f"{value:g}" if isinstance(value, int | float) else str(value)
            parts.append(f"{signal.get('name')} = {shown}")
        return ", ".join(parts)

    def show_evidence(
        self, qid: str, question: Question, view: EvidenceView, *, fresh_rationale: bool
    ) -> None:
        """What the evidence says, before anything is asked."""
        if question.primary_source == "survey":
            self.say(self.t("survey_only"), "dim")
            measured = self._measured(view)
            if measured:
                self.say(self.t("context", signals=measured), "dim")
            self._refs(view.items, REFS_SHOWN)
            return
        if self.result is None:
            self.say(self.t("no_evidence_scan"), "dim")
            return
        if not view.answered or view.value is None:
            self.say(self.t("not_measured"), "yellow")
            measured = self._measured(view)
            if measured:
                self.say(self.t("context", signals=measured), "dim")
            return
        confidence = (
            self.t("confidence", level=confidence_word(self.lang, view.confidence)) if view.confidence else ""
        )
        shown = question.label_for(view.value, self.lang)
        self.say(
            self.t("evidence", label=shown, value=view.value, points=view.points, confidence=confidence),
            "bold cyan",
        )
        if view.rationale and (self.same_language or fresh_rationale):
            self.say(self.t("why", rationale=view.rationale), "dim")
        else:
            measured = self._measured(view)
            if measured:
                self.say(self.t("context", signals=measured), "dim")
        self._refs(view.items, REFS_SHOWN)

    # --- input ----------------------------------------------------------------------

    def read(self, prompt: str) -> str:
        """One line from the person; end of input counts as quitting."""
        try:
            return self.console.input(
                Text(prompt + " : " if self.lang == "fr" else prompt + ": ", style="bold")
            )
        except (EOFError, KeyboardInterrupt):
            self.console.print()
            raise QuitSurvey from None

    def _menu(self, qid: str, question: Question) -> str:
        if question.choices:
            items = [
                f"{n} {c.label.get(self.lang)} ({c.value})" for n, c in enumerate(question.choices, start=1)
            ]
            return self.t("choices", choices=" · ".join(items))
        low, high = INTEGER_QUESTIONS[qid]
        return self.t("integer", low=low, high=high) if high is not None else self.t("integer_open", low=low)

    def _parse(self, qid: str, question: Question, typed: str) -> tuple[Parsed, str]:
        """The parsed answer, and the hint to show when it is not usable."""
        if question.choices:
            parsed = parse_choice(question, typed)
            choices = ", ".join(f"{c.value} / {c.label.get(self.lang)}" for c in question.choices)
            if parsed.status == "ambiguous":
                candidates = ", ".join(self.label(question, v) for v in parsed.candidates)
                return parsed, self.t("hint_ambiguous", candidates=candidates)
            return parsed, self.t("hint_unknown", choices=choices)
        low, high = INTEGER_QUESTIONS[qid]
        parsed = parse_integer(typed, low, high)
        if parsed.status == "out_of_range":
            hint = (
                self.t("hint_range", low=low, high=high)
                if high is not None
                else self.t("hint_range_open", low=low)
            )
            return parsed, hint
        return parsed, self.t("hint_integer")

    def ask(self, qid: str, question: Question, view: EvidenceView) -> Record:
        """Read one question's answer, re-asking on invalid input and on a withdrawn contradiction."""
        asking = mode(question, view)
        previous = self.previous.value(qid) if self.previous else None
        self.say(self._menu(qid, question))
        if previous is not None:
            self.say(self.t("previous_answer", label=self.label(question, previous)), "dim")
        if previous is not None and asking == "confirm":
            prompt = self.t("prompt_default_evidence", label=self.label(question, previous))
        elif previous is not None:
            prompt = self.t("prompt_default", label=self.label(question, previous))
        elif asking == "confirm" and view.value is not None:
            prompt = self.t("prompt_keep_evidence", label=self.label(question, view.value))
        else:
            prompt = self.t("prompt")
        while True:
            typed = self.read(prompt)
            word = normalise(typed)
            if word in QUIT:
                raise QuitSurvey
            if word in SKIP or (asking == "confirm" and word in EVIDENCE):
                return Record("evidence", evidence=view) if asking == "confirm" else Record("skipped")
            if not word:
                if previous is not None:
                    value: str | int = previous
                elif asking == "confirm":
                    return Record("evidence", evidence=view)
                else:
                    self.say(self.t("hint_empty"), "yellow")
                    continue
            else:
                parsed, hint = self._parse(qid, question, typed)
                if parsed.status != "ok" or isinstance(parsed.value, bool) or parsed.value is None:
                    self.say(hint, "yellow")
                    continue
                value = parsed.value
            if contradicts(question, value, view):
                if not self.confirm_contradiction(question, value, view):
                    continue
                return Record("answered", value, view, contradiction=True)
            return Record("answered", value, view)

    def confirm_contradiction(self, question: Question, value: str | int, view: EvidenceView) -> bool:
        """Explain what the evidence found and ask whether the answer stands."""
        assert view.value is not None and view.points is not None
        points = question.points_for(value)
        self.say(
            self.t(
                "contradiction",
                ev=question.label_for(view.value, self.lang),
                evp=view.points,
                sv=question.label_for(value, self.lang),
                svp=points,
            ),
            "bold red",
        )
        found = view.rationale if (view.rationale and self.same_language) else self._measured(view)
        if found:
            self.say(self.t("found", what=found))
        self._refs(view.items, REFS_IN_CONTRADICTION)
        policy = question.merge_policy or self.rubric.merge_policy
        prudent = view.value if view.points < points else value
        self.say(self.t(f"policy_{policy}", label=question.label_for(prudent, self.lang)), "dim")
        while True:
            word = normalise(self.read(self.t("confirm")))
            if word in QUIT:
                raise QuitSurvey
            flag = parse_flag(word)
            if flag.status == "ok":
                return bool(flag.value)
            self.say(self.t("hint_confirm"), "yellow")

    def ask_dedicated(self) -> bool | None:
        """Q3's sub-answer: are there people whose job is BI? Evidence cannot see it."""
        previous = self.previous.answers.Q3_dedicated_people if self.previous else None
        if previous is None:
            prompt = self.t("dedicated")
        else:
            prompt = self.t("dedicated_default", label=self.t("yes" if previous else "no"))
        while True:
            word = normalise(self.read(prompt))
            if word in QUIT:
                raise QuitSurvey
            if word in SKIP:
                return None
            if not word and previous is not None:
                return previous
            flag = parse_flag(word)
            if flag.status == "ok":
                return bool(flag.value)
            self.say(self.t("hint_flag"), "yellow")

    # --- the whole session ----------------------------------------------------------

    def run(self) -> dict[str, Record]:
        """Ask every question in order; raises :class:`QuitSurvey` when the person quits."""
        for n, qid in enumerate(QUESTION_IDS, start=1):
            question = self.rubric.questions[qid]
            category = self.rubric.categories[question.category].label.get(self.lang)
            self.console.print()
            self.console.print(
                Rule(Text(self.t("header", qid=qid, category=category, n=n, count=len(QUESTION_IDS))))
            )
            self.say(question.text.get(self.lang), "bold")
            view = evidence_view(self.result_questions.get(qid))
            fresh = False
            if qid == "Q3":
                raw = q3_evidence(view, question, self.rubric.borderline, True, self.lang)
                fresh = raw is not view
                self.show_evidence(qid, question, raw, fresh_rationale=fresh)
                self.dedicated_people = self.ask_dedicated()
                view = q3_evidence(view, question, self.rubric.borderline, self.dedicated_people, self.lang)
                if view.value != raw.value and view.value is not None:
                    self.say(
                        self.t("dedicated_effect", label=self.label(question, view.value), points=view.points)
                    )
            else:
                self.show_evidence(qid, question, view, fresh_rationale=False)
            record = self.ask(qid, question, view)
            self.records[qid] = record
            self._echo(question, record)
        return self.records

    def _echo(self, question: Question, record: Record) -> None:
        if record.kind == "answered" and record.value is not None:
            self.say(self.t("answered", label=self.label(question, record.value)), "green")
        elif record.kind == "evidence" and record.evidence and record.evidence.value is not None:
            self.say(self.t("kept_evidence", label=self.label(question, record.evidence.value)), "green")
        else:
            self.say(self.t("skipped"), "yellow")


def _short_time(value: object) -> str:
    return str(value or "").replace("T", " ")[:16]


def build_file(
    session: SurveySession, cfg_name: str, client: str, extras: dict[str, Any], today: date
) -> Any:
    """The :class:`~orchestration.survey_file.SurveyFile` of a finished session."""
    from orchestration.survey_file import SurveyFile

    lang = session.lang
    survey = SurveyFile(extras=dict(extras))
    for qid, record in session.records.items():
        question = session.rubric.questions[qid]
        if record.kind == "answered" and record.value is not None:
            survey.answers[qid] = record.value
            if question.choices:
                survey.labels[qid] = question.label_for(record.value, lang)
            if qid == "Q3" and session.dedicated_people is not None:
                survey.answers["Q3_dedicated_people"] = session.dedicated_people
        elif record.kind == "evidence" and record.evidence and record.evidence.value is not None:
            ev = record.evidence
            survey.notes[qid] = text(lang, "file_evidence", qid=qid, value=ev.value, points=ev.points)
        else:
            survey.notes[qid] = text(lang, "file_skipped", qid=qid)
        if qid == "Q3" and record.kind != "answered" and session.dedicated_people is not None:
            survey.answers["Q3_dedicated_people"] = session.dedicated_people
    result = session.result
    scan_line = (
        text(
            lang, "file_scan", scan_id=result.get("scan_id"), scanned_at=_short_time(result.get("scanned_at"))
        )
        if result
        else text(lang, "file_no_scan")
    )
    survey.header = [
        text(lang, "file_title", name=cfg_name, client=client),
        text(lang, "file_written", date=today.isoformat(), lang=lang),
        scan_line,
        text(lang, "file_rule"),
    ]
    if "answered_at" in survey.extras:
        survey.extras["answered_at"] = today
    return survey


def _print_problems(console: Console, title: str, path: str, problems: list[str]) -> None:
    console.print(Text(f"{title}: {path}", style="bold red"), highlight=False)
    for problem in problems:
        console.print(Text(f"  - {problem}"), highlight=False)


def run_survey(client_file: Path, *, lang: str | None, out: Path | None, data_dir: Path | None) -> int:
    """Run the questionnaire for one client and write its answers file; returns the exit code."""
    from connectors.config import ConfigError, load_client
    from orchestration import settings
    from orchestration.survey_file import check, load_previous, render, target_path, write_atomic

    # No markup: labels, refs and paths may hold square brackets.
    console = Console(highlight=False, markup=False)
    errors = Console(stderr=True, highlight=False, markup=False)
    if lang is not None and lang not in ("fr", "en"):
        errors.print(Text(text("en", "bad_lang"), style="red"))
        return 2
    try:
        cfg = load_client(client_file)
    except ConfigError as err:
        _print_problems(errors, text(lang or "en", "bad_client"), err.path, err.problems)
        return 2
    lang = lang or cfg.language
    target, configured = target_path(cfg, client_file, out)
    source = target
    if not target.exists() and cfg.survey and cfg.resolve(cfg.survey).exists():
        source = cfg.resolve(cfg.survey)
    try:
        previous, extras = load_previous(source)
    except ConfigError as err:
        _print_problems(errors, text(lang, "bad_survey"), err.path, err.problems)
        errors.print(Text(text(lang, "bad_survey_fix")))
        return 2
    try:
        from orchestration.result import load_rubric

        rubric = load_rubric()
    except ConfigError as err:
        _print_problems(errors, text(lang, "bad_rubric"), err.path, err.problems)
        return 2

    console.print(Text(text(lang, "title", name=cfg.name, client=cfg.client), style="bold"))
    result = _latest_result(cfg.client, settings.data_dir(data_dir), lang, console)
    if result:
        score = result.get("score", {})
        console.print(
            text(
                lang,
                "scan",
                scan_id=result.get("scan_id"),
                scanned_at=_short_time(result.get("scanned_at")),
                total=score.get("total"),
                min=score.get("min"),
                max=score.get("max"),
            )
        )
    else:
        console.print(Text(text(lang, "no_scan"), style="yellow"))
    if previous is not None:
        console.print(text(lang, "previous", path=source))
    console.print(Text(text(lang, "keys"), style="dim"))

    session = SurveySession(console, lang, rubric, result, previous)
    try:
        session.run()
    except QuitSurvey:
        console.print(Text(text(lang, "quit"), style="yellow"))
        return 1

    survey = build_file(session, cfg.name, cfg.client, extras, date.today())
    body = render(survey)
    check(body, survey)
    write_atomic(target, body)
    _summary(console, session, lang, target)
    if not cfg.survey:
        rel = os.path.relpath(target, Path(client_file).resolve().parent)
        console.print(Text(text(lang, "add_survey", rel=rel, client_file=client_file), style="bold yellow"))
    elif not configured:
        configured_path = cfg.resolve(cfg.survey)
        console.print(Text(text(lang, "other_file", configured=configured_path, path=target), style="yellow"))
    console.print(text(lang, "rescan", client_file=client_file))
    return 0


def _latest_result(client: str, root: Path, lang: str, console: Console) -> dict[str, Any] | None:
    """The newest scored scan's result JSON, or None (no store, no scan, unreadable store)."""
    import duckdb

    from connectors.store import EvidenceStore
    from orchestration import settings

    try:
        return EvidenceStore(settings.evidence_db_path(client, root)).latest_result()
    except (duckdb.Error, OSError, ValueError) as exc:
        console.print(Text(text(lang, "store_error", error=exc), style="yellow"))
        return None


def _summary(console: Console, session: SurveySession, lang: str, target: Path) -> None:
    def ids(items: list[str]) -> str:
        return f" ({', '.join(items)})" if items else ""

    records = session.records
    answered = [q for q, r in records.items() if r.kind == "answered"]
    evidence = [q for q, r in records.items() if r.kind == "evidence"]
    skipped = [q for q, r in records.items() if r.kind == "skipped"]
    contradictions = [q for q, r in records.items() if r.contradiction]
    console.print()
    console.print(Text(text(lang, "written", path=target), style="bold green"))
    console.print(text(lang, "sum_answered", n=len(answered), ids=ids(answered)))
    console.print(text(lang, "sum_evidence", n=len(evidence), ids=ids(evidence)))
    console.print(text(lang, "sum_skipped", n=len(skipped), ids=ids(skipped)))
    console.print(text(lang, "sum_contradictions", n=len(contradictions), ids=ids(contradictions)))
