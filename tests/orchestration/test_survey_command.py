"""``maturity survey`` driven as a person drives it: the real command in a terminal (pexpect).

Each session test lands a scored scan in a temporary evidence store (a result JSON built by
scoring from the signals of ``fixtures/survey/signals.json``), answers every question,
and compares the written answers file with the exact text expected.
"""

from __future__ import annotations

import doctest
import json
import os
import sys
from datetime import date, datetime
from pathlib import Path

import pexpect
import pytest
import yaml

import orchestration.survey_file
import scoring
from connectors.store import EvidenceStore
from orchestration.survey_text import TEXTS
from scoring.evidence import signals_from_rows
from scoring.inputs import parse_rubric, parse_survey
from scoring.rubric import DEFAULT_RUBRIC_FILE

REPO = Path(__file__).resolve().parents[2]
MATURITY = str(Path(sys.executable).with_name("maturity"))
FIXTURES = Path(__file__).with_name("fixtures") / "survey"


def land_scan(data_dir: Path, lang: str) -> dict:
    """Score the fixture signals and store the result as the client's latest completed scan."""
    rows = json.loads((FIXTURES / "signals.json").read_text(encoding="utf-8"))
    signals = signals_from_rows(rows["question_signals"], rows["signal_evidence"])
    rubric = parse_rubric(yaml.safe_load(DEFAULT_RUBRIC_FILE.read_text(encoding="utf-8")))
    card = scoring.score_scan(
        signals=signals, survey=None, portfolio=None, table_facts=[], rubric=rubric, lang=lang
    )
    result = {
        "client": "acme",
        "name": "Acme Retail",
        "language": lang,
        "scan_id": "20250301T060000-acme",
        "scanned_at": "2025-03-01T06:00:00",
        "partial": False,
        "errors": [],
        **card.to_dict(),
        "evidence_counts": {"warehouse_tables": 31, "dbt_nodes": 74, "query_log_rows": 5210},
        "history": [],
        "report": None,
    }
    store = EvidenceStore(data_dir / "acme" / "evidence.duckdb")
    store.begin_scan("acme", result["scan_id"], datetime(2025, 3, 1, 6), datetime(2025, 3, 1, 6))
    store.save_result(result["scan_id"], result)
    store.finish_scan(result["scan_id"], "complete", datetime(2025, 3, 1, 6, 4))
    assert store.latest_result() == json.loads(json.dumps(result))
    return result


def write_client(folder: Path, *, language: str = "fr", survey: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = ["client: acme", "name: Acme Retail", f"language: {language}"]
    if survey:
        lines.append(f"survey: {survey}")
    path = folder / "client.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def spawn(client_file: Path, data_dir: Path, *args: str) -> pexpect.spawn:
    env = {**os.environ, "TERM": "dumb", "COLUMNS": "220", "LINES": "60", "NO_COLOR": "1"}
    return pexpect.spawn(
        MATURITY,
        ["survey", str(client_file), "--data-dir", str(data_dir), *args],
        cwd=str(client_file.parent),
        env=env,
        encoding="utf-8",
        timeout=20,
        dimensions=(60, 220),
    )


class Person:
    """Reads what the terminal shows and types answers, keeping a transcript."""

    def __init__(self, child: pexpect.spawn) -> None:
        self.child = child

    def sees(self, *texts: str) -> None:
        for expected in texts:
            self.child.expect_exact(expected)

    def types(self, answer: str, *, after: str) -> None:
        """Wait for the prompt ``after`` (up to its colon) then type ``answer`` and Enter."""
        self.child.expect_exact(after)
        self.child.expect(r":\s")
        self.child.sendline(answer)

    def finishes(self) -> tuple[int, str]:
        self.child.expect(pexpect.EOF)
        rest = self.child.before
        self.child.close()
        return self.child.exitstatus, rest


def test_english_session_with_override_contradiction_skip_and_invalid_input(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    land_scan(data_dir, "en")
    client = write_client(tmp_path / "acme", language="fr")  # --lang en wins over the file's fr
    you = Person(spawn(client, data_dir, "--lang", "en"))

    you.sees(
        "Data-maturity survey: Acme Retail (acme)", "Latest scan: 20250301T060000-acme of 2025-03-01 06:00"
    )
    # Q1: evidence partial (1 pt); the person says yes: contradiction explained, then confirmed.
    you.sees("Q1 · Data · 1/15", "Evidence: Partly (partial) · 1 pt · high confidence")
    you.sees("table marts.legacy_sales_report: no known upstream", "(+2 more)")
    you.types("yes", after="Your answer [Enter = keep the evidence's: Partly (partial)]")
    you.sees("Contradiction: the evidence says 'Partly' (1 pt), you answer 'Yes' (2 pt).")
    you.sees("What the evidence found: Partly: holds: lineage_coverage = 0.55")
    you.sees("table marts.store_targets: no known upstream")  # the contradiction shows more refs
    you.sees("Merge policy 'evidence_first': the score keeps the evidence's answer")
    you.types("y", after="Keep your answer? [y/n]")
    you.sees("→ Yes (yes)")
    # Q2: Enter keeps the evidence.
    you.sees("Q2 · Data · 2/15", "Evidence: Yes, scheduled (yes) · 2 pt")
    you.types("", after="Your answer [Enter = keep the evidence's: Yes, scheduled (yes)]")
    you.sees("→ left to the evidence: Yes, scheduled (yes)")
    # Q3: the dedicated-people sub-answer, then the evidence kept.
    you.sees("Q3 · Data · 3/15", "Evidence: Yes (yes) · 2 pt")
    you.types("maybe", after="Are there people dedicated to BI (it is their job)? [y/n]")
    you.sees("Answer y (yes) or n (no); s to skip, q to quit.")
    you.types("y", after="Are there people dedicated to BI")
    you.types("", after="Your answer [Enter = keep the evidence's: Yes (yes)]")
    # Q4 kept.
    you.sees("Q4 · Data · 4/15", "Evidence: Layered warehouse (layered) · 2 pt")
    you.types("", after="Your answer [Enter")
    # Q5: survey only, with the measured context; out of range re-asked.
    you.sees("Q5 · Data · 5/15", "Survey question: evidence cannot answer it.")
    you.sees("Measured context: mart_test_pass_rate = 0.92, mart_days_since_refresh = 1")
    you.types("11", after="Your answer")
    you.sees("Enter an integer between 0 and 10.")
    you.types("7", after="Your answer")
    you.sees("→ 7")
    # Q6: an override contradicting the evidence, withdrawn, then the evidence kept.
    you.sees("Q6 · Data · 6/15", "Evidence: None (none) · 0 pt · low confidence")
    you.types("lt", after="Your answer [Enter = keep the evidence's: None (none)]")
    you.sees("Contradiction: the evidence says 'None' (0 pt), you answer 'Less than a year' (1 pt).")
    you.types("n", after="Keep your answer? [y/n]")
    you.types("", after="Your answer [Enter = keep the evidence's: None (none)]")
    you.sees("→ left to the evidence: None (none)")
    # Q7, Q8 kept.
    you.sees("Q7 · Data · 7/15")
    you.types("", after="Your answer [Enter")
    you.sees("Q8 · Data science · 8/15", "Evidence: No (no) · 0 pt · low confidence")
    you.types("", after="Your answer [Enter")
    # Q9 survey only, answered by prefix.
    you.sees("Q9 · Data science · 9/15", "Survey question")
    you.types("eval", after="Your answer")
    you.sees("→ Evaluating (evaluating)")
    # Q10, Q11: evidence could not measure them, so they are asked.
    you.sees("Q10 · Data science · 10/15", "Evidence: not measured in this scan, the answer is yours.")
    you.types("three", after="Your answer")
    you.sees("Enter a whole number (for example 3), s to skip, q to quit.")
    you.types("3", after="Your answer")
    you.sees("Q11 · Data science · 11/15", "Evidence: not measured in this scan")
    you.types("sh", after="Your answer")
    you.sees("→ Shared role (shared)")
    you.sees("Q12 · Business and culture · 12/15")
    you.types("2", after="Your answer")
    you.sees("→ Partly (partly)")
    you.sees("Q13 · Business and culture · 13/15")
    you.types("maybe", after="Your answer")
    you.sees("Answer not recognised. Type one of: yes / Yes, partly / Partly, no / No; s to skip, q to quit.")
    you.types("", after="Your answer")
    you.sees("No default here: type an answer, s to skip or q to quit.")
    you.types("YES", after="Your answer")
    you.sees("Q14 · Business and culture · 14/15")
    you.types("skip", after="Your answer")
    you.sees("→ skipped (it widens the score range)")
    you.sees("Q15 · Business and culture · 15/15")
    you.types("2", after="Your answer")

    you.sees("Answers written to " + str(tmp_path / "acme" / "survey.yaml"))
    you.sees("answered: 8 (Q1, Q5, Q9, Q10, Q11, Q12, Q13, Q15)")
    you.sees("left to the evidence: 6 (Q2, Q3, Q4, Q6, Q7, Q8)")
    you.sees("skipped: 1 (Q14), they widen the score range")
    you.sees("contradictions kept: 1 (Q1)")
    you.sees("add the line `survey: survey.yaml`")
    status, _ = you.finishes()
    assert status == 0

    written = (tmp_path / "acme" / "survey.yaml").read_text(encoding="utf-8")
    assert written == (
        "# Data-maturity survey answers: Acme Retail (acme)\n"
        f"# Written by `maturity survey` on {date.today().isoformat()}, language: en\n"
        "# Scan consulted: 20250301T060000-acme of 2025-03-01 06:00\n"
        "# An absent question has no survey answer (the evidence or the score range decides).\n"
        "answers:\n"
        '  Q1: "yes"                   # Yes\n'
        "  # Q2: left to the evidence (yes, 2 pt)\n"
        "  # Q3: left to the evidence (yes, 2 pt)\n"
        "  Q3_dedicated_people: true\n"
        "  # Q4: left to the evidence (layered, 2 pt)\n"
        "  Q5: 7\n"
        "  # Q6: left to the evidence (none, 0 pt)\n"
        "  # Q7: left to the evidence (partial, 1 pt)\n"
        "  # Q8: left to the evidence (no, 0 pt)\n"
        "  Q9: evaluating              # Evaluating\n"
        "  Q10: 3\n"
        "  Q11: shared                 # Shared role\n"
        "  Q12: partly                 # Partly\n"
        '  Q13: "yes"                  # Yes\n'
        "  # Q14: skipped\n"
        "  Q15: 2\n"
    )
    parsed = parse_survey(yaml.safe_load(written))
    assert parsed.answered == ["Q1", "Q5", "Q9", "Q10", "Q11", "Q12", "Q13", "Q15"]
    assert parsed.answers.Q3_dedicated_people is True
    assert not list((tmp_path / "acme").glob(".survey.yaml.*"))  # no temporary file left behind


PREVIOUS_FR = """\
# written by hand during the kick-off workshop
respondent: Claire Martin (DSI)
answers:
  Q1: "no"
  Q3_dedicated_people: false
  Q5: 6
  Q9: "no"
  Q12: partly
  Q13: "yes"
  Q14: partly
comments:
  Q13: Budget IA voté en janvier
"""


def test_french_session_uses_previous_answers_as_defaults(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    land_scan(data_dir, "fr")
    client = write_client(tmp_path / "acme", language="fr", survey="answers/survey.yaml")
    survey_file = tmp_path / "acme" / "answers" / "survey.yaml"
    survey_file.parent.mkdir()
    survey_file.write_text(PREVIOUS_FR, encoding="utf-8")
    you = Person(spawn(client, data_dir))  # no --lang: the client file's French

    you.sees("Questionnaire de maturité data : Acme Retail (acme)")
    you.sees(f"Réponses précédentes lues dans {survey_file}")
    # Q1: the previous answer (no, 0 pt) is the default and contradicts the evidence (1 pt).
    you.sees("Q1 · Données · 1/15", "Les traces : Partiellement (partial) · 1 pt · confiance haute")
    you.sees("Pourquoi : Partiellement: retenu: lineage_coverage = 0.55")
    you.sees("Réponse précédente : Non (no)")
    you.types("", after="Votre réponse [Entrée = Non (no) · e = s'en remettre aux traces]")
    you.sees("Contradiction : les traces indiquent « Partiellement » (1 pt), vous répondez « Non » (0 pt).")
    you.sees("Politique de fusion « evidence_first »")
    you.types("oui", after="Maintenir votre réponse ? [o/n]")
    you.sees("→ Non (no)")
    you.sees("Q2 · Données · 2/15")
    you.types("", after="Votre réponse [Entrée = garder celle des traces : Oui, planifié (yes)]")
    # Q3: the previous "no dedicated people" is the default; it turns the evidence's yes into partial.
    you.sees("Q3 · Données · 3/15", "Les traces : Oui (yes) · 2 pt")
    you.types("", after="Des personnes sont-elles dédiées à la BI (c'est leur travail) ? [o/n, Entrée = non]")
    you.sees(
        "Sans personne dédiée, les traces ne valent qu'une pratique partielle : Partiellement (partial), 1 pt."
    )
    you.types("", after="Votre réponse [Entrée = garder celle des traces : Partiellement (partial)]")
    # Q4: an override withdrawn after the explanation, then 'e' leaves it to the evidence.
    you.sees("Q4 · Données · 4/15")
    you.types("une base", after="Votre réponse [Entrée")
    you.sees("Contradiction : les traces indiquent « Entrepôt en couches » (2 pt)")
    you.types("n", after="Maintenir votre réponse ? [o/n]")
    you.types("e", after="Votre réponse [Entrée")
    you.sees("→ laissé aux traces : Entrepôt en couches (layered)")
    you.sees("Q5 · Données · 5/15", "Contexte mesuré : mart_test_pass_rate = 0.92")
    you.types("huit", after="Votre réponse [Entrée = 6]")
    you.sees("Entrez un nombre entier (par exemple 3), s pour passer, q pour quitter.")
    you.types("8", after="Votre réponse [Entrée = 6]")
    you.sees("Q6 · Données · 6/15")
    you.types("", after="Votre réponse [Entrée")
    you.sees("Q7 · Données · 7/15")
    you.types("Oui", after="Votre réponse [Entrée")
    you.sees("Contradiction : les traces indiquent « Partiellement » (1 pt), vous répondez « Oui » (2 pt).")
    you.sees("grant marts.orders: PUBLIC SELECT")
    you.types("o", after="Maintenir votre réponse ? [o/n]")
    you.sees("Q8 · Science des données · 8/15")
    you.types("", after="Votre réponse [Entrée")
    you.sees("Q9 · Science des données · 9/15")
    you.types("", after="Votre réponse [Entrée = Non (no)]")
    you.sees("Q10 · Science des données · 10/15", "Les traces : non mesuré dans ce scan")
    you.types("2", after="Votre réponse")
    you.sees("Q11 · Science des données · 11/15")
    you.types("1", after="Votre réponse")
    you.sees("→ Dédié (dedicated)")
    you.sees("Q12 · Affaires et culture · 12/15")
    you.types("passer", after="Votre réponse [Entrée = En partie (partly)]")
    you.sees("Q13 · Affaires et culture · 13/15")
    you.types("", after="Votre réponse [Entrée = Oui (yes)]")
    you.sees("Q14 · Affaires et culture · 14/15")
    you.types("non", after="Votre réponse [Entrée = En partie (partly)]")
    you.sees("Q15 · Affaires et culture · 15/15")
    you.types("s", after="Votre réponse")

    you.sees(f"Réponses écrites dans {survey_file}")
    you.sees("répondues : 8 (Q1, Q5, Q7, Q9, Q10, Q11, Q13, Q14)")
    you.sees("laissées aux traces : 5 (Q2, Q3, Q4, Q6, Q8)")
    you.sees("passées : 2 (Q12, Q15)")
    you.sees("contradictions maintenues : 2 (Q1, Q7)")
    status, rest = you.finishes()
    assert status == 0
    assert "ajoutez la ligne" not in rest  # the client file already points at this survey

    written = survey_file.read_text(encoding="utf-8")
    assert written == (
        "# Réponses au questionnaire de maturité : Acme Retail (acme)\n"
        f"# Écrit par `maturity survey` le {date.today().isoformat()}, langue : fr\n"
        "# Scan consulté : 20250301T060000-acme du 2025-03-01 06:00\n"
        "# Une question absente n'a pas de réponse du questionnaire (les traces ou la fourchette décident).\n"
        "answers:\n"
        '  Q1: "no"                    # Non\n'
        "  # Q2 : laissée aux traces (yes, 2 pt)\n"
        "  # Q3 : laissée aux traces (partial, 1 pt)\n"
        "  Q3_dedicated_people: false\n"
        "  # Q4 : laissée aux traces (layered, 2 pt)\n"
        "  Q5: 8\n"
        "  # Q6 : laissée aux traces (none, 0 pt)\n"
        '  Q7: "yes"                   # Oui\n'
        "  # Q8 : laissée aux traces (no, 0 pt)\n"
        '  Q9: "no"                    # Non\n'
        "  Q10: 2\n"
        "  Q11: dedicated              # Dédié\n"
        "  # Q12 : passée\n"
        '  Q13: "yes"                  # Oui\n'
        '  Q14: "no"                   # Non\n'
        "  # Q15 : passée\n"
        "respondent: Claire Martin (DSI)\n"
        "comments:\n"
        "  Q13: Budget IA voté en janvier\n"
    )
    assert parse_survey(yaml.safe_load(written)).respondent == "Claire Martin (DSI)"


def test_quit_writes_nothing(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    land_scan(data_dir, "en")
    client = write_client(tmp_path / "acme", language="en", survey="survey.yaml")
    survey_file = tmp_path / "acme" / "survey.yaml"
    survey_file.write_text(PREVIOUS_FR, encoding="utf-8")
    you = Person(spawn(client, data_dir))
    you.types("partial", after="Your answer [Enter = No (no) · e = leave it to the evidence]")
    you.sees("→ Partly (partial)", "Q2 · Data · 2/15")
    you.types("q", after="Your answer")
    you.sees("Stopped: nothing was written.")
    status, _ = you.finishes()
    assert status == 1
    assert survey_file.read_text(encoding="utf-8") == PREVIOUS_FR
    assert sorted(p.name for p in survey_file.parent.iterdir()) == ["client.yaml", "survey.yaml"]


def test_without_a_scan_every_question_is_asked(tmp_path: Path) -> None:
    client = write_client(tmp_path / "acme", language="en")
    out = tmp_path / "elsewhere" / "answers.yaml"
    you = Person(spawn(client, tmp_path / "empty-data", "--out", str(out)))
    you.sees("No scan exists yet for this client: all 15 questions will be asked.")
    answers = {
        "Q1": "partial", "Q2": "present", "Q3": "yes", "Q4": "database", "Q5": "4", "Q6": "none",
        "Q7": "no", "Q8": "in progress", "Q9": "no", "Q10": "0", "Q11": "dedicated", "Q12": "no",
        "Q13": "partly", "Q14": "yes", "Q15": "1",
    }  # fmt: skip
    for n, (qid, typed) in enumerate(answers.items(), start=1):
        you.sees(
            f"{qid} · ", f"{n}/15", "Evidence: no scan yet." if qid not in SURVEY_ONLY else "Survey question"
        )
        if qid == "Q3":
            you.types("n", after="Are there people dedicated to BI")
        you.child.expect_exact("Your answer")
        you.child.expect(r"(.*?): ")
        assert you.child.match.group(1) == "", f"{qid} offered a default: {you.child.match.group(1)!r}"
        you.child.sendline(typed)
    you.sees("answered: 15", "left to the evidence: 0", "skipped: 0", "contradictions kept: 0")
    you.sees("add the line `survey: ../elsewhere/answers.yaml`")
    status, _ = you.finishes()
    assert status == 0
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["answers"] == {
        "Q1": "partial", "Q2": "present", "Q3": "yes", "Q3_dedicated_people": False, "Q4": "database",
        "Q5": 4, "Q6": "none", "Q7": "no", "Q8": "in_progress", "Q9": "no", "Q10": 0, "Q11": "dedicated",
        "Q12": "no", "Q13": "partly", "Q14": "yes", "Q15": 1,
    }  # fmt: skip
    assert "# No scan consulted: every question was asked" in out.read_text(encoding="utf-8")


SURVEY_ONLY = {"Q5", "Q9", "Q12", "Q13", "Q14"}


def test_invalid_files_exit_2_and_touch_nothing(tmp_path: Path) -> None:
    bad_client = tmp_path / "bad.yaml"
    bad_client.write_text("client: acme retail\nname: Acme\n", encoding="utf-8")
    child = spawn(bad_client, tmp_path / "data")
    child.expect_exact("invalid client file")
    child.expect_exact("client: String should match pattern")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2

    client = write_client(tmp_path / "acme", language="en", survey="survey.yaml")
    broken = "answers:\n  Q5: 12\n  Q55: yes\n"
    (tmp_path / "acme" / "survey.yaml").write_text(broken, encoding="utf-8")
    child = spawn(client, tmp_path / "data")
    child.expect_exact("invalid existing survey file")
    child.expect_exact("answers.Q5: input should be less than or equal to 10")
    child.expect_exact("did you mean 'Q5'?")
    child.expect_exact("Fix it, or choose another file with --out.")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert (tmp_path / "acme" / "survey.yaml").read_text(encoding="utf-8") == broken


def test_both_languages_say_the_same_things() -> None:
    assert set(TEXTS["fr"]) == set(TEXTS["en"])
    for key in TEXTS["fr"]:
        fields_fr = {p for p in TEXTS["fr"][key].split("{")[1:]}
        fields_en = {p for p in TEXTS["en"][key].split("{")[1:]}
        assert {f.split("}")[0] for f in fields_fr} == {f.split("}")[0] for f in fields_en}, key


def test_survey_file_examples() -> None:
    result = doctest.testmod(orchestration.survey_file)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("value", ["yes", "no", "partial", "in_progress", 0, 10, True, False])
def test_scalars_read_back_as_written(value: object) -> None:
    assert yaml.safe_load(f"k: {orchestration.survey_file.scalar(value)}")["k"] == value
