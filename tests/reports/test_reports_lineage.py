"""The lineage view at scale and its layout rules.

A real warehouse has thousands of table-level edges; the report must stay light (schemas
drawn, at most ``MAX_NODES`` boxes), keep every edge available to the explorer, and place
schemas in raw -> staging -> intermediate -> marts -> other columns.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from htmlscan import ReportScan

from reports import render_reports
from reports.lineage_view import LAYERS, MAX_NODES, build_lineage, safe_json_for_script, schema_layer

LABELS = {"layers": {layer: layer for layer in LAYERS}, "provenance": {}, "internal": "internal"}


def test_large_lineage_report_stays_small_and_complete(tmp_path: Path, result_large: dict[str, Any]) -> None:
    started = time.perf_counter()
    paths = render_reports(result_large, tmp_path)
    elapsed = time.perf_counter() - started
    html = paths["html"].read_text(encoding="utf-8")
    scan = ReportScan(html)

    assert elapsed < 5, f"rendering 3,000 edges took {elapsed:.1f}s"
    assert len(html.encode()) < 450_000, f"HTML is {len(html.encode()):,} bytes"
    assert paths["md"].stat().st_size < 120_000

    lineage = scan.by_id("lineage")
    boxes = [e for e in scan.elements if e.tag == "rect" and "node" in e.classes]
    assert 0 < len(boxes) <= MAX_NODES
    pairs = {(e["source"], e["target"]) for e in result_large["lineage"]["edges"]}
    assert len(pairs) == 3018  # 3,000 generated + 18 distinct pairs in the fixture
    assert "3,018 edges" in lineage.all_text
    data = json.loads(scan.by_id("lineage-data").all_text)
    explorer_pairs = {(data["tables"][s], data["tables"][t]) for s, t, _ in data["edges"]}
    assert explorer_pairs == pairs
    # No table-level drawing at this size: the explorer takes over.
    assert "Table-level lineage" not in lineage.all_text


def test_schema_boxes_are_capped(result_en: dict[str, Any]) -> None:
    edges = [
        {"source": f"src_{i:03d}.t", "target": f"marts_{i:03d}.t", "provenance": "dbt"} for i in range(200)
    ]
    view = build_lineage({"edges": edges, "tables_without_lineage": []}, LABELS)
    assert view is not None
    assert len(view["schema_graph"]["nodes"]) == MAX_NODES
    assert view["schemas_hidden"] == 400 - MAX_NODES
    assert view["table_graph"] is None


def test_columns_follow_layers() -> None:
    edges = [
        {"source": "mart.fct_orders", "target": "misc.export", "provenance": "sql_query_log"},
        {"source": "raw.orders", "target": "staging.stg_orders", "provenance": "dbt"},
        {"source": "staging.stg_orders", "target": "intermediate.int_orders", "provenance": "dbt"},
        {"source": "intermediate.int_orders", "target": "mart.fct_orders", "provenance": "dbt"},
    ]
    view = build_lineage({"edges": edges}, LABELS)
    assert view is not None
    xs = {n["id"]: n["x"] for n in view["schema_graph"]["nodes"]}
    assert xs["raw"] < xs["staging"] < xs["intermediate"] < xs["mart"] < xs["misc"]
    assert [c["label"] for c in view["schema_graph"]["columns"]] == list(LAYERS)
    # Forward edges run left to right between box sides.
    for edge in view["schema_graph"]["edges"]:
        assert edge["d"].startswith("M") and " C" in edge["d"]


@pytest.mark.parametrize(
    ("schema", "tables", "layer"),
    [
        ("raw_shop", [], "raw"),
        ("analytics.staging", [], "staging"),
        ("dbt_prod", ["stg_orders", "stg_customers", "fct_orders"], "staging"),
        ("dbt_prod", ["fct_orders", "dim_customers", "stg_x"], "marts"),
        ("public", ["orders"], "other"),
        ("internal_tools", [], "other"),  # "int" only as a whole word
    ],
)
def test_schema_layer(schema: str, tables: list[str], layer: str) -> None:
    assert schema_layer(schema, tables) == layer


def test_safe_json_cannot_close_the_script_element() -> None:
    payload = {"t": ["</script><script>alert(1)</script>", "a&b", "\u2028"]}
    text = safe_json_for_script(payload)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == payload


def test_missing_lineage_key_gives_no_view() -> None:
    assert build_lineage(None, LABELS) is None
    empty = build_lineage({"edges": [], "tables_without_lineage": ["marts.kpi"]}, LABELS)
    assert empty is not None and not empty["has_edges"] and empty["without_lineage"] == ["marts.kpi"]
