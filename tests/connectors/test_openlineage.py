"""OpenLineage connector and validator on the public event corpus (corpora/openlineage/).

events_index.csv describes every line (kind, eventType, job); the complete events must
all be kept and match it, the fluentd negative cases must all be rejected with a reason.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

from connectors.base import ScanContext
from connectors.config import PathsConfig
from connectors.openlineage import crawl_openlineage, validate_event
from connectors.store import RAW_SCHEMAS
from tests.conftest import SHARED

CORPUS = SHARED / "corpora" / "openlineage"
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2026, 9, 1), base_dir=".")
INDEX = list(csv.DictReader((CORPUS / "events_index.csv").open()))


def crawl(*paths: Path):
    return crawl_openlineage(PathsConfig(paths=[str(p) for p in paths]), CTX, Path)


def test_complete_events_are_all_kept_and_match_the_index():
    """All 100 lines are valid; 5 repeat an earlier event (the spec's examples, copied across
    spec versions with the same runId, eventType, eventTime and job) and are read once."""
    result = crawl(CORPUS / "events_complete.jsonl")
    assert result.errors == []
    events = result.tables["openlineage_events"].to_pylist()
    expected = [r for r in INDEX if r["file"] == "events_complete.jsonl"]
    assert len(expected) == 100
    repeats = {59, 63, 68, 64, 73}  # of lines 55 (x3) and 56 (x2)
    kept = [r for r in expected if int(r["line"]) not in repeats]
    assert [e["line_no"] for e in events] == [int(r["line"]) for r in kept]
    assert [e["event_type"] or "" for e in events] == [r["eventType"] for r in kept]
    assert [e["job_name"] or "" for e in events] == [r["job"] for r in kept]
    assert result.counts["openlineage_events"] == 95
    assert result.counts["openlineage_duplicate_events"] == 5
    assert result.counts["openlineage_invalid_events"] == 0
    assert sum(e["event_time"] is None for e in events) == 0
    for name in ("openlineage_events", "openlineage_datasets", "openlineage_column_lineage"):
        assert result.tables[name].schema == RAW_SCHEMAS[name]


def test_parent_ownership_datasets_and_column_lineage():
    result = crawl(CORPUS / "events_complete.jsonl")
    first, second = result.tables["openlineage_events"].to_pylist()[:2]
    assert (second["job_name"], second["parent_job_name"]) == ("BQ.upload", "BQ")
    assert first["owners"] == ["***"]  # Airflow's ownership job facet (owner masked by the producer)
    assert first["event_time"] == datetime(2024, 11, 26, 13, 5, 23, 809955)
    datasets = result.tables["openlineage_datasets"].to_pylist()
    assert all(d["name"] == d["name"].lower() for d in datasets)
    assert Counter(d["direction"] for d in datasets)["declared"] == 2  # the two DatasetEvents
    lineage = result.tables["openlineage_column_lineage"].to_pylist()
    assert {
        "output_name": "mock-project.test.upload", "output_field": "a", "input_namespace": "gs://mock-bucket",
        "input_name": "copied.csv", "input_field": "a", "transformation": "IDENTITY: identical",
    }.items() <= lineage[0].items()  # fmt: skip
    assert result.counts["openlineage_column_lineage"] == len(lineage) > 0


def test_invalid_events_are_rejected_with_file_line_and_reason():
    result = crawl(CORPUS / "events_invalid.jsonl")
    assert result.counts["openlineage_events"] == 0
    where = str(CORPUS / "events_invalid.jsonl")
    reasons = {e.object: e.message.removeprefix("invalid OpenLineage event: ") for e in result.errors}
    assert reasons == {
        f"{where}:1": "outputs[0].facets.ownership.owners[0].name: required",
        f"{where}:2": "inputs[0].inputFacets.dataQualityMetrics: carries no metric (neither rowCount nor "
        "columnMetrics)",
        f"{where}:3": "job.facets.ownership.owners[0].name: required",
        f"{where}:4": "outputs[0].outputFacets.outputStatistics.rowCount: must be an integer (got 'wrong')",
        f"{where}:5": "run.facets.parent.run.runId: required",
        f"{where}:6": "run.runId: required",
    }
    index_files = {r["source_path"].rsplit("/", 1)[-1] for r in INDEX if r["file"] == "events_invalid.jsonl"}
    assert len(index_files) == len(reasons) == 6


def test_partial_expected_events_lacking_essentials_are_rejected():
    result = crawl(CORPUS / "events_expected_partial.jsonl")
    kept = result.counts["openlineage_events"]
    rejected = result.counts["openlineage_invalid_events"]
    assert kept + rejected == 35
    for line in (CORPUS / "events_expected_partial.jsonl").read_text().splitlines():
        event = json.loads(line)
        if "eventTime" not in event or "producer" not in event:
            assert validate_event(event)
    assert rejected == sum(1 for line in (CORPUS / "events_expected_partial.jsonl").open()
                           if validate_event(json.loads(line)))  # fmt: skip
    assert all(":" in e.object and e.message for e in result.errors)


def test_validate_event_shapes():
    base = {"eventTime": "2024-01-01T00:00:00Z", "producer": "https://p", "schemaURL": "x#/$defs/JobEvent"}
    assert validate_event({**base, "job": {"namespace": "ns", "name": "j"}}) == []
    assert validate_event({**base, "run": {"runId": "r"}}) == ["job: required"]
    dataset = {**base, "schemaURL": "x#/$defs/DatasetEvent", "dataset": {"namespace": "ns"}}
    assert validate_event(dataset) == ["dataset.name: required"]
    run = {**base, "eventType": "DONE", "run": {"runId": "r"}, "job": {"namespace": "n", "name": "j"}}
    del run["schemaURL"]  # kind told from the shape
    assert validate_event(run) == [
        "eventType: 'DONE' is not one of ABORT, COMPLETE, FAIL, OTHER, RUNNING, START"
    ]
    assert validate_event([]) == ["(event): expected a JSON object, got list"]


def test_folders_json_arrays_unrelated_and_broken_files(tmp_path):
    shutil.copy(CORPUS / "events_invalid.jsonl", tmp_path)
    nested = tmp_path / "nested"
    nested.mkdir()
    lines = (CORPUS / "events_complete.jsonl").read_text().splitlines()
    (nested / "array.json").write_text("[" + ",".join(lines[:3]) + "]")
    (nested / "single.json").write_text(lines[3])
    (nested / "README.md").write_text("# lineage logs")
    (nested / "config.json").write_text('{"transport": {"type": "file"}}')
    (nested / "broken.json").write_text(lines[4][:50])
    (tmp_path / "log.jsonl").write_text(lines[5] + "\n{not json\n\n" + lines[6] + "\n")
    result = crawl(tmp_path, tmp_path / "missing")
    assert result.counts["openlineage_events"] == 3 + 1 + 2
    assert result.counts["openlineage_files_skipped"] == 2  # README.md and config.json
    objects = sorted(e.object.removeprefix(str(tmp_path)) for e in result.errors)
    invalid = [f"/events_invalid.jsonl:{i}" for i in range(1, 7)]
    assert objects == sorted([*invalid, "/log.jsonl:2", "/missing", "/nested/broken.json:1"])
    events = result.tables["openlineage_events"].to_pylist()
    assert [(Path(e["source_file"]).name, e["line_no"]) for e in events] == [
        ("log.jsonl", 1), ("log.jsonl", 4), ("array.json", 1), ("array.json", 2), ("array.json", 3),
        ("single.json", 1),
    ]  # fmt: skip
