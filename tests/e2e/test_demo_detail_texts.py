"""Signal and evidence details of the Acme demo scan in its language (French), not in the
evidence model's English: every detail the marts emit has its French and English sentence
(scoring/detail_texts.py) taking as many values as the row carries, the English one gives the
model's own text, and no English detail is left in the French result.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from scoring.detail_texts import localized, render_template
from scoring.evidence import signals_from_rows
from tests.dbt_project.detail_rows import DETAIL_ROWS_SQL, detail_problems

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]


@pytest.fixture(scope="module")
def result(acme_scan) -> dict[str, Any]:
    return acme_scan.result


@pytest.fixture(scope="module")
def marts(acme_scan, result) -> dict[str, list[dict[str, Any]]]:
    store = Path(acme_scan.data_dir) / result["client"] / "evidence.duckdb"
    con = duckdb.connect(str(store), read_only=True)
    scan_id = result["scan_id"]
    queries = {
        "details": (DETAIL_ROWS_SQL, [scan_id, scan_id]),
        "signals": ("select * from main.question_signals where scan_id = ?", [scan_id]),
        "evidence": ("select * from main.signal_evidence where scan_id = ?", [scan_id]),
    }
    out = {}
    try:
        for name, (sql, params) in queries.items():
            cur = con.execute(sql, params)
            cols = [d[0] for d in cur.description]
            out[name] = [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()
    return out


def result_details(result: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """(where, detail) of every signal and evidence item the result shows."""
    for question in result["questions"]:
        for signal in question["signals"]:
            yield f"{question['id']} signal {signal['name']}", signal["detail"]
        for item in question["evidence"]:
            yield f"{question['id']} evidence {item['ref']}", item["detail"]
    for rec in result["recommendations"]:
        for item in rec["evidence"]:
            yield f"recommendation {rec['priority']} {item['ref']}", item["detail"]
    for step in result["planner"]["steps"]:
        for item in step["evidence"]:
            yield f"planner {step['question']} {item['ref']}", item["detail"]


def test_every_detail_of_the_marts_has_its_sentence_in_french_and_english(marts) -> None:
    rows = [(r["detail_key"], r["detail_args"], r["detail"]) for r in marts["details"]]
    assert len(rows) > 150
    assert detail_problems(rows) == []


def test_the_french_result_has_no_english_detail_left(result, marts) -> None:
    assert result["language"] == "fr"
    english = {r["detail"] for r in marts["details"]}
    shown = list(result_details(result))
    assert len(shown) > 150
    assert [(where, detail) for where, detail in shown if detail in english] == []


def test_french_details_of_the_demo(result) -> None:
    signals = {(q["id"], s["name"]): s["detail"] for q in result["questions"] for s in q["signals"]}
    assert signals[("Q1", "lineage_coverage")] == (
        "19 sur 27 tables et vues modélisées ont une dépendance amont connue (dbt, OpenLineage ou SQL analysé)"
    )
    assert signals[("Q1", "stale_sources")] == "1 sur 6 sources dbt est en alerte ou en erreur de fraîcheur"
    assert signals[("Q3", "dbt_exposures")] == "1 exposition déclarée dans le manifeste dbt"
    assert signals[("Q7", "roles_with_grants")] == "l'entrepôt n'expose ni rôles ni droits"
    assert signals[("Q6", "ml_days_since_first_artefact")] == (
        "plus ancien artefact ML : ml.churn_training_set, première ligne 252,38 jours avant le scan"
    )
    q1 = next(q for q in result["questions"] if q["id"] == "Q1")
    stale = next(e for e in q1["evidence"] if e["kind"] == "dbt_source")
    assert stale["detail"] == (
        "raw.web_events : fraîcheur en erreur, dernière ligne chargée le 2026-05-20 05:00 (12,17 jours avant le scan)"
    )


def test_an_english_scan_says_what_the_evidence_model_says(marts) -> None:
    signals = localized(signals_from_rows(marts["signals"], marts["evidence"]), "en")
    assert {(s.question_id, s.name): s.detail for s in signals} == {
        (r["question_id"], r["signal"]): r["detail"] for r in marts["signals"]
    }
    items = sorted((e.ref, e.detail) for s in signals for e in s.evidence)
    assert items == sorted((r["ref"], r["detail"]) for r in marts["evidence"])
    assert render_template("dbt_models.count", ["16"], "en") == "16 models in the dbt manifest"
