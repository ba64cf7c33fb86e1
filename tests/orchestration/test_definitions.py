"""The Dagster graph: it loads, and its shape (assets, groups, checks, jobs, automation) is the
one the UI and the schedules rely on. Materialising it for real is tested end to end in
tests/e2e on the demo stack.
"""

from __future__ import annotations

import pytest

dg = pytest.importorskip("dagster")


@pytest.fixture(scope="module")
def defs():
    from orchestration.definitions import defs

    return defs


def test_definitions_validate(defs):
    repo = defs.get_repository_def()
    assert repo.get_all_jobs()


def test_asset_groups_follow_the_pipeline(defs):
    groups: dict[str, set[str]] = {}
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        groups.setdefault(graph.get(key).group_name, set()).add(key.to_user_string())
    assert groups.keys() == {"crawl", "evidence", "scoring", "report", "portfolio"}
    assert {
        "scan_session",
        "raw/warehouse_tables",
        "raw/dbt_nodes",
        "raw/openlineage_events",
        "raw/gx_results",
        "raw/query_log",
        "raw/sql_lineage",
    } <= groups["crawl"]
    assert {
        "evidence/question_signals",
        "evidence/signal_evidence",
        "evidence/table_facts",
        "evidence/lineage_edges",
    } <= groups["evidence"]
    assert groups["scoring"] == {"scorecard"}
    assert groups["report"] == {"maturity_report"}
    assert groups["portfolio"] == {"portfolio"}


def test_every_asset_is_partitioned_by_client(defs):
    graph = defs.resolve_asset_graph()
    for key in graph.get_all_asset_keys():
        assert graph.get(key).partitions_def.name == "clients", key


def test_dbt_sources_are_wired_to_the_crawl_that_lands_them(defs):
    graph = defs.resolve_asset_graph()
    parents = {
        k.to_user_string()
        for k in graph.get(dg.AssetKey(["evidence", "staging", "stg_warehouse__tables"])).parent_keys
    }
    assert parents == {"raw/warehouse_tables", "scan_session"}  # the scans table scopes the view
    parents = {k.to_user_string() for k in graph.get(dg.AssetKey("scorecard")).parent_keys}
    assert {"scan_session", "evidence/question_signals", "evidence/table_facts"} <= parents


def test_checks_jobs_schedule_and_sensors(defs):
    checks = {c.name for c in defs.resolve_asset_graph().asset_check_keys}
    assert {
        "every_question_answered_or_flagged",
        "every_configured_source_read",
        "every_named_table_found",
    } <= checks
    assert any(name.startswith("not_null_question_signals") or "question_signals" in name for name in checks)
    repo = defs.get_repository_def()
    assert {"client_scan", "client_rescore"} <= {j.name for j in repo.get_all_jobs()}
    assert [s.name for s in repo.schedule_defs] == ["weekly_scan"]
    assert {s.name for s in repo.sensor_defs} == {"client_files_sensor", "survey_change_sensor"}


def test_each_crawl_checks_its_evidence_landed_and_is_recent(defs):
    checks = {(c.asset_key.to_user_string(), c.name) for c in defs.resolve_asset_graph().asset_check_keys}
    for table in ("warehouse_tables", "dbt_invocations", "openlineage_events", "gx_results", "query_log"):
        assert (f"raw/{table}", "evidence_landed_for_scan") in checks
        assert (f"raw/{table}", "evidence_is_recent") in checks


def test_report_has_a_freshness_policy(defs):
    spec = defs.resolve_asset_graph().get(dg.AssetKey("maturity_report"))
    assert spec.freshness_policy is not None


def test_the_dbt_version_is_read_without_starting_dbt(monkeypatch):
    """dagster-dbt would run `dbt --version` before every build; the venv's dbt needs no process."""
    import subprocess
    from importlib.metadata import version

    from orchestration.defs.evidence import dbt_resource

    def no_process(*args, **kwargs):
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess, "check_output", no_process)
    monkeypatch.setattr("dagster_dbt.core.resource.check_output", no_process, raising=False)
    assert str(dbt_resource()._cli_version) == version("dbt-core")


def test_static_relations_are_the_seeds_and_views():
    from orchestration.defs.evidence import static_relations

    relations = static_relations()
    assert ("reference", "signal_catalogue") in relations
    assert ("staging", "stg_warehouse__tables") in relations
    assert ("main", "question_signals") not in relations
    assert {schema for schema, _ in relations} == {"reference", "staging", "intermediate"}
