"""The whole scan, end to end, on the Acme demo stack: every asset materialised in-process by
the same code path as ``maturity scan``, and the findings the stack was built to contain
asserted one by one (demo/acme_findings.py, examples/acme/FINDINGS.md).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from demo import acme_findings as F
from tests.conftest import ACME_SCAN_AT

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]

EVIDENCE_POINTS = {
    "Q1": 1,
    "Q2": 2,
    "Q3": 2,
    "Q4": 2,
    "Q6": 1,
    "Q7": 1,
    "Q8": 2,
    "Q10": 2,
    "Q11": 2,
    "Q15": 2,
}


@pytest.fixture(scope="module")
def first_scan(acme_scan):
    return acme_scan


@pytest.fixture(scope="module")
def data_dir(acme_scan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shared scan's data folder, so a second scan can append to it."""
    copy = tmp_path_factory.mktemp("data") / "copy"
    shutil.copytree(acme_scan.data_dir, copy)
    return copy


@pytest.fixture(scope="module")
def result(first_scan) -> dict:
    return first_scan.result


def _question(result: dict, qid: str) -> dict:
    return next(q for q in result["questions"] if q["id"] == qid)


def test_every_asset_materialised(first_scan):
    assert set(first_scan.step_seconds) >= {
        "scan_session",
        "warehouse_evidence",
        "dbt_evidence",
        "openlineage_evidence",
        "gx_evidence",
        "query_logs_evidence",
        "evidence_model",
        "scorecard",
        "maturity_report",
    }


def test_clean_scan_is_not_partial(result):
    assert result["partial"] is False
    assert result["errors"] == []
    assert set(result["sources"].values()) == {"ok"}


def test_evidence_answered_questions_score_as_planted(result):
    got = {q["id"]: q["evidence_points"] for q in result["questions"] if q["id"] in EVIDENCE_POINTS}
    assert got == EVIDENCE_POINTS


def test_tables_without_lineage_are_named(result):
    assert sorted(result["lineage"]["tables_without_lineage"]) == sorted(F.TABLES_WITHOUT_LINEAGE)
    q1 = _question(result, "Q1")
    refs = {e["ref"] for e in q1["evidence"]}
    assert set(F.TABLES_WITHOUT_LINEAGE) <= refs
    coverage = next(s["value"] for s in q1["signals"] if s["name"] == "lineage_coverage")
    assert 0.65 < coverage < 0.8


def test_lineage_comes_from_every_producer(result):
    by_target: dict[str, set[str]] = {}
    for edge in result["lineage"]["edges"]:
        by_target.setdefault(edge["target"], set()).add(edge["provenance"])
    assert "dbt" in by_target["marts.fct_orders"]
    assert "sql_query_log" in by_target["reporting.kpi_snapshot"]
    assert "sql_view" in by_target["reporting.v_store_performance"]
    assert "openlineage" in by_target["ml.customer_features"]
    # dbt's build-and-swap relations are the models themselves, never tables of their own
    assert not [e for e in result["lineage"]["edges"] if "__dbt_" in e["source"] + e["target"]]
    assert "sql_query_log" in by_target["marts.fct_orders"]  # dbt's logged CTAS of fct_orders__dbt_tmp
    # datasets of the shop's own database keep their namespace: not warehouse tables
    sources_of_raw_orders = {e["source"] for e in result["lineage"]["edges"] if e["target"] == "raw.orders"}
    assert sources_of_raw_orders == {f"{F.OL_SOURCE_NAMESPACE}/shop.public.orders"}


def test_planted_contradiction(result):
    q1 = _question(result, F.CONTRADICTED_QUESTION)
    assert q1["survey_value"] == F.CONTRADICTED_SURVEY_ANSWER
    assert q1["contradiction"]["evidence_value"] == "partial"
    assert q1["contradiction"]["survey_value"] == "yes"
    assert [q["id"] for q in result["questions"] if q["contradiction"]] == ["Q1"]


def test_failing_test_and_stale_source_are_evidence(result):
    refs = {e["ref"] for q in result["questions"] for e in q["evidence"]}
    assert any(F.FAILING_TEST_UNIQUE_ID in ref for ref in refs), "the failing dbt test is cited"
    assert any(F.STALE_SOURCE_UNIQUE_ID in ref for ref in refs), "the stale source is cited"
    texts = " ".join(r["text"] for r in result["recommendations"])
    assert "marts.legacy_sales_report" in texts


def test_score_range_over_the_unanswered_question(result):
    unanswered = [q["id"] for q in result["questions"] if q["points"] is None]
    assert unanswered == list(F.UNANSWERED_QUESTIONS)
    score = result["score"]
    assert score["max"] == score["min"] + 2 * len(unanswered)
    assert score["total"] == sum(q["points"] for q in result["questions"] if q["points"] is not None)
    assert score["band"] == "developing"


def test_portfolio_counts_and_missing_table(result):
    assert len(result["portfolio"]) == 5
    assert _question(result, "Q10")["evidence_value"] == 5
    assert _question(result, "Q15")["evidence_value"] == len(F.PORTFOLIO_DEPARTMENTS)
    fraud = next(p for p in result["portfolio"] if p["name"] == "Détection de fraude aux paiements")
    assert fraud["data_availability"] == "missing"


def test_evidence_counts(result):
    counts = result["evidence_counts"]
    assert counts["openlineage_events"] == F.OL_START_EVENTS + F.OL_COMPLETE_EVENTS + F.OL_FAIL_EVENTS
    assert counts["gx_results"] > 0 and counts["dbt_nodes"] > 0 and counts["warehouse_tables"] > 30
    assert counts["query_log_rows"] > 2000


def test_report_is_written_and_offline(result):
    html = Path(result["report"]).read_text(encoding="utf-8")
    assert "Acme Retail" in html and "marts.legacy_sales_report" in html
    # Producer URLs may appear as text; nothing may be fetched: no remote src/href/url()/@import.
    assert not re.search(
        r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//|url\(\s*["']?(?:https?:)?//|@import""", html
    )
    assert Path(result["reports"]["md"]).exists()
    assert json.loads(Path(result["reports"]["json"]).read_text())["scan_id"] == result["scan_id"]


def test_a_second_scan_keeps_the_first(acme_client: Path, data_dir: Path, result):
    from orchestration.run_scan import run_scan

    second = run_scan(acme_client, as_of="2026-06-02T09:00:00", data_dir=str(data_dir), lang="en").result
    assert second["scan_id"] != result["scan_id"]
    assert [h["scan_id"] for h in second["history"]] == [result["scan_id"]]
    assert second["language"] == "en"
    store = data_dir / "acme" / "evidence.duckdb"
    con = duckdb.connect(str(store), read_only=True)
    try:
        per_scan = dict(
            con.execute("select scan_id, count(*) from raw.warehouse_tables group by 1").fetchall()
        )
        statuses = dict(con.execute("select scan_id, status from raw.scans").fetchall())
        signal_scans = {
            r[0] for r in con.execute("select distinct scan_id from main.question_signals").fetchall()
        }
    finally:
        con.close()
    assert per_scan[result["scan_id"]] == per_scan[second["scan_id"]] > 30
    assert statuses == {result["scan_id"]: "complete", second["scan_id"]: "complete"}
    assert signal_scans == {result["scan_id"], second["scan_id"]}


def test_bad_input_scan_is_partial_and_names_what_failed(acme_client: Path, tmp_path: Path):
    """A missing artifact folder, a malformed log line and an unreachable warehouse: the rest is
    still scanned, the CLI exits 0, says partial, and names each file/line or object."""
    root = tmp_path / "broken"
    shutil.copytree(acme_client.parent, root, ignore=shutil.ignore_patterns("warehouse.duckdb*"))
    log = root / "stack" / "query_log.jsonl"
    lines = log.read_text().splitlines()
    lines.insert(10, '{"query_text": "select 1", "user_name": ')  # half-written line 11
    log.write_text("\n".join(lines) + "\n")
    shutil.rmtree(root / "stack" / "dbt_target")
    out = tmp_path / "result.json"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "orchestration.cli",
            "scan",
            str(root / "acme.yaml"),
            "--json",
            str(out),
            "--as-of",
            ACME_SCAN_AT,
            "--data-dir",
            str(tmp_path / "data"),
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "partial scan" in proc.stdout and "report:" in proc.stdout and "score " in proc.stdout
    result = json.loads(out.read_text())
    assert result["partial"] is True
    objects = {(e["source"], e["object"]) for e in result["errors"]}
    assert any(src == "query_logs" and obj.endswith("query_log.jsonl:11") for src, obj in objects), objects
    assert any(src == "dbt" and "dbt_target" in obj for src, obj in objects), objects
    assert any(src == "warehouse" and "warehouse.duckdb" in obj for src, obj in objects), objects
    assert result["evidence_counts"]["openlineage_events"] > 0  # the other sources were still read
    assert result["evidence_counts"]["query_log_rows"] > 2000
    assert _question(result, "Q4")["evidence_points"] is None  # no warehouse: left to the survey


def test_invalid_client_file_exits_non_zero_naming_the_field(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("client: acme\nname: Acme\nwarehouse:\n  kind: oracle\n  path: x\n")
    proc = subprocess.run(
        [sys.executable, "-m", "orchestration.cli", "scan", str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "bad.yaml" in proc.stderr and "warehouse.kind" in proc.stderr
