"""dbt artifacts of the synthetic client: manifest v12, run_results v6, sources v3.

Models are the warehouse's staging, intermediate and marts relations (the first
``sizes.models`` of them), sources are the raw tables they read, tests are the usual
``unique``/``not_null`` pair on each model's key (plus ``relationships`` on marts), and a
few exposures name dashboards. Every node carries the keys dbt 1.11 writes (compiled SQL,
columns, config, checksums), so the file has a real manifest's size and shape and goes
through the same parser as a customer's. Written with orjson, streamed section by section.
"""

from __future__ import annotations

import hashlib
import random
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from demo.large.layout import Relation

PROJECT = "bigcorp"
DBT_VERSION = "1.11.16"
_SCHEMA = "https://schemas.getdbt.com/dbt/{kind}/v{version}.json"


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _checksum(text: str) -> dict[str, str]:
    return {"name": "sha256", "checksum": hashlib.sha256(text.encode()).hexdigest()}


def _column(name: str, documented: bool, pii: bool) -> dict[str, Any]:
    meta = {"contains_pii": True} if pii else {}
    return {
        "name": name,
        "description": f"The {name.replace('_', ' ')} of the row." if documented else "",
        "meta": meta,
        "data_type": None,
        "constraints": [],
        "quote": None,
        "config": {"meta": meta, "tags": ["pii"] if pii else []},
        "tags": ["pii"] if pii else [],
        "granularity": None,
        "doc_blocks": [],
    }


def _model(rel: Relation, parents: list[str], owner: str | None, group: str | None) -> dict[str, Any]:
    uid = f"model.{PROJECT}.{rel.name}__{rel.schema}"
    cols = [c for c, _ in rel.columns if c != "_loaded_at"]
    upstream = parents[0].rsplit(".", 1)[-1] if parents else "source"
    raw_code = (
        f"with src as (\n    select * from {{{{ ref('{upstream}') }}}}\n),\n\nfinal as (\n    select\n        "
        + ",\n        ".join(cols)
        + "\n    from src\n    where status <> 'deleted'\n)\n\nselect * from final\n"
    )
    compiled = raw_code.replace(f"{{{{ ref('{upstream}') }}}}", f'"warehouse"."{rel.schema}"."{upstream}"')
    materialized = "view" if rel.kind == "view" else ("incremental" if rel.k % 7 == 0 else "table")
    documented = rel.layer == "marts" and rel.k % 3 != 2
    config = {
        "enabled": True, "alias": rel.name, "schema": rel.schema, "database": None, "tags": [rel.domain],
        "meta": {"owner": owner} if owner else {}, "group": group, "materialized": materialized,
        "incremental_strategy": None, "persist_docs": {}, "post-hook": [], "pre-hook": [], "quoting": {},
        "column_types": {}, "full_refresh": None, "unique_key": "id" if materialized == "incremental" else None,
        "on_schema_change": "ignore", "on_configuration_change": "apply", "grants": {}, "packages": [],
        "docs": {"show": True, "node_color": None},
        "contract": {"enforced": rel.layer == "marts" and rel.k % 4 == 0, "alias_types": True},
        "access": "public" if rel.layer == "marts" else "protected",
    }  # fmt: skip
    return {
        "database": "warehouse", "schema": rel.schema, "name": rel.name, "resource_type": "model",
        "package_name": PROJECT, "path": f"{rel.layer}/{rel.domain}/{rel.name}.sql",
        "original_file_path": f"models/{rel.layer}/{rel.domain}/{rel.name}.sql", "unique_id": uid,
        "fqn": [PROJECT, rel.layer, rel.domain, rel.name], "alias": rel.name, "checksum": _checksum(raw_code),
        "config": config, "tags": [rel.domain],
        "description": f"{rel.domain.title()} {rel.name}: built by dbt from {upstream}." if documented else "",
        "columns": {c: _column(c, documented, c == "email") for c in cols} if rel.layer == "marts" else {},
        "meta": config["meta"], "group": group, "docs": {"show": True, "node_color": None},
        "patch_path": f"{PROJECT}://models/{rel.layer}/{rel.domain}/_models.yml" if documented else None,
        "build_path": None, "unrendered_config": {"materialized": materialized}, "created_at": 1780000000.0,
        "relation_name": f'"warehouse"."{rel.schema}"."{rel.name}"', "raw_code": raw_code, "doc_blocks": [],
        "language": "sql", "refs": [{"name": upstream, "package": None, "version": None}] if parents else [],
        "sources": [], "metrics": [], "functions": [],
        "depends_on": {"macros": ["macro.dbt.is_incremental"] if materialized == "incremental" else [],
                       "nodes": parents},
        "compiled_path": f"target/compiled/{PROJECT}/models/{rel.layer}/{rel.domain}/{rel.name}.sql",
        "compiled": True, "compiled_code": compiled, "extra_ctes_injected": True, "extra_ctes": [],
        "contract": {"enforced": config["contract"]["enforced"], "alias_types": True, "checksum": None},
        "access": config["access"], "constraints": [], "version": None, "latest_version": None,
        "deprecation_date": None, "primary_key": ["id"], "time_spine": None,
    }  # fmt: skip


def _test(name: str, model_uid: str, rel: Relation, column: str, extra_parent: str | None) -> dict[str, Any]:
    uid = f"test.{PROJECT}.{name}_{rel.schema}_{rel.name}_{column}.{hashlib.md5(model_uid.encode()).hexdigest()[:10]}"
    parents = [model_uid, *([extra_parent] if extra_parent else [])]
    return {
        "database": "warehouse", "schema": "dbt_test__audit", "name": f"{name}_{rel.name}_{column}",
        "resource_type": "test", "package_name": PROJECT, "path": f"{name}_{rel.name}_{column}.sql",
        "original_file_path": f"models/{rel.layer}/{rel.domain}/_models.yml", "unique_id": uid,
        "fqn": [PROJECT, rel.layer, rel.domain, f"{name}_{rel.name}_{column}"], "alias": f"{name}_{rel.name}",
        "checksum": {"name": "none", "checksum": ""},
        "config": {"enabled": True, "alias": None, "schema": "dbt_test__audit", "database": None, "tags": [],
                   "meta": {}, "group": None, "materialized": "test", "severity": "ERROR", "store_failures": None,
                   "where": None, "limit": None, "fail_calc": "count(*)", "warn_if": "!= 0", "error_if": "!= 0"},
        "tags": [], "description": "", "columns": {}, "meta": {}, "group": None,
        "docs": {"show": True, "node_color": None}, "patch_path": None, "build_path": None,
        "unrendered_config": {}, "created_at": 1780000000.0, "relation_name": None,
        "raw_code": f"{{{{ test_{name}(**_dbt_generic_test_kwargs) }}}}", "doc_blocks": [], "language": "sql",
        "refs": [{"name": rel.name, "package": None, "version": None}], "sources": [], "metrics": [],
        "functions": [], "depends_on": {"macros": [f"macro.dbt.test_{name}"], "nodes": parents},
        "compiled_path": None, "compiled": True,
        "compiled_code": f'select {column} from "warehouse"."{rel.schema}"."{rel.name}" where {column} is null',
        "extra_ctes_injected": True, "extra_ctes": [], "contract": {"enforced": False, "alias_types": True,
                                                                    "checksum": None},
        "column_name": column, "file_key_name": f"models.{rel.name}", "attached_node": model_uid,
        "test_metadata": {"name": name, "kwargs": {"column_name": column}, "namespace": None},
    }  # fmt: skip


def _source(rel: Relation) -> dict[str, Any]:
    freshness = {"warn_after": {"count": 24, "period": "hour"}, "error_after": {"count": 72, "period": "hour"},
                 "filter": None}  # fmt: skip
    return {
        "database": "warehouse", "schema": rel.schema, "name": rel.name, "resource_type": "source",
        "package_name": PROJECT, "path": f"models/staging/{rel.domain}/_sources.yml",
        "original_file_path": f"models/staging/{rel.domain}/_sources.yml",
        "unique_id": f"source.{PROJECT}.{rel.schema}.{rel.name}",
        "fqn": [PROJECT, "staging", rel.domain, rel.schema, rel.name], "source_name": rel.schema,
        "source_description": f"{rel.domain} data landed by the ingestion jobs.", "loader": "airflow",
        "identifier": rel.name, "quoting": {"database": None, "schema": None, "identifier": None, "column": None},
        "loaded_at_field": "_loaded_at", "loaded_at_query": None, "freshness": freshness, "external": None,
        "description": "", "columns": {}, "meta": {}, "source_meta": {}, "tags": [],
        "config": {"enabled": True, "event_time": None, "freshness": freshness, "loaded_at_field": "_loaded_at",
                   "loaded_at_query": None, "meta": {}, "tags": [], "static_analysis": None},
        "patch_path": None, "unrendered_config": {}, "relation_name": f'"warehouse"."{rel.schema}"."{rel.name}"',
        "created_at": 1780000000.0, "unrendered_database": None, "unrendered_schema": rel.schema, "doc_blocks": [],
    }  # fmt: skip


def write_dbt_artifacts(
    target: Path, relations: list[Relation], models: int, as_of: datetime, seed: int
) -> dict:
    """Write manifest.json, run_results.json and sources.json into ``target``; returns counts."""
    rng = random.Random(seed)
    target.mkdir(parents=True, exist_ok=True)
    by_fqn = {r.fqn: r for r in relations}
    modelled = [r for r in relations if r.layer in ("staging", "intermediate", "marts")][:models]
    uid_of = {r.fqn: f"model.{PROJECT}.{r.name}__{r.schema}" for r in modelled}
    nodes: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    groups = {}
    for rel in modelled:
        parents = []
        if rel.upstream is not None:
            up = by_fqn[f"{rel.upstream[0]}.{rel.upstream[1]}"]
            if up.layer == "raw":
                src = _source(up)
                sources[src["unique_id"]] = src
                parents.append(src["unique_id"])
            elif up.fqn in uid_of:
                parents.append(uid_of[up.fqn])
        elif rel.layer == "marts":
            below = f"intermediate_{rel.domain}"
            cand = [r for r in modelled if r.schema == below and abs(r.k - rel.k) <= 1]
            parents += [uid_of[c.fqn] for c in cand[:2]]
        group = rel.domain if rel.layer == "marts" else None
        if group:
            groups[f"group.{PROJECT}.{group}"] = {
                "name": group, "resource_type": "group", "package_name": PROJECT,
                "path": f"marts/{group}/_groups.yml", "original_file_path": f"models/marts/{group}/_groups.yml",
                "unique_id": f"group.{PROJECT}.{group}",
                "owner": {"email": f"data-{group}@bigcorp.example", "name": f"{group} data team"},
                "description": None, "config": {"meta": {}},
            }  # fmt: skip
        owner = f"{rel.domain}-owner@bigcorp.example" if rel.k % 2 == 0 else None
        node = _model(rel, parents, owner, group)
        nodes[node["unique_id"]] = node
        tests = [("unique", "id", None), ("not_null", "id", None)]
        if rel.layer == "marts" and parents:
            tests.append(("relationships", "customer_id", parents[0]))
        for name, column, extra in tests:
            t = _test(name, node["unique_id"], rel, column, extra)
            nodes[t["unique_id"]] = t
    exposures = {}
    marts = [n for n in nodes.values() if n["resource_type"] == "model" and n["schema"].startswith("marts_")]
    for i in range(0, len(marts), 25):
        uid = f"exposure.{PROJECT}.dashboard_{i // 25:03d}"
        exposures[uid] = {
            "name": f"dashboard_{i // 25:03d}", "resource_type": "exposure", "package_name": PROJECT,
            "path": "marts/_exposures.yml", "original_file_path": "models/marts/_exposures.yml", "unique_id": uid,
            "fqn": [PROJECT, "marts", f"dashboard_{i // 25:03d}"], "type": "dashboard",
            "owner": {"email": "bi@bigcorp.example", "name": "BI team"}, "description": "A Looker dashboard.",
            "label": f"Dashboard {i // 25}", "maturity": "high", "meta": {}, "tags": [],
            "config": {"enabled": True, "tags": [], "meta": {}}, "unrendered_config": {},
            "url": f"https://looker.bigcorp.example/dashboards/{i // 25}",
            "depends_on": {"macros": [], "nodes": [m["unique_id"] for m in marts[i : i + 3]]},
            "refs": [], "sources": [], "metrics": [], "created_at": 1780000000.0,
        }  # fmt: skip
    parent_map = {
        uid: list(n.get("depends_on", {}).get("nodes", [])) for uid, n in {**nodes, **exposures}.items()
    }
    parent_map.update({uid: [] for uid in sources})
    child_map: dict[str, list[str]] = {uid: [] for uid in parent_map}
    for child, parents in parent_map.items():
        for p in parents:
            child_map.setdefault(p, []).append(child)
    generated = as_of - timedelta(hours=2)
    manifest = {
        "metadata": {
            "dbt_schema_version": _SCHEMA.format(kind="manifest", version=12), "dbt_version": DBT_VERSION,
            "generated_at": _iso(generated), "invocation_id": f"00000000-0000-4000-8000-{seed:012d}",
            "invocation_started_at": _iso(generated), "env": {}, "project_name": PROJECT,
            "project_id": hashlib.md5(PROJECT.encode()).hexdigest(), "user_id": None,
            "send_anonymous_usage_stats": False, "adapter_type": "duckdb",
        },
        "nodes": nodes, "sources": sources, "macros": {}, "docs": {}, "exposures": exposures, "metrics": {},
        "groups": groups, "selectors": {}, "disabled": {}, "parent_map": parent_map, "child_map": child_map,
        "group_map": {}, "saved_queries": {}, "semantic_models": {}, "unit_tests": {}, "functions": {},
    }  # fmt: skip
    (target / "manifest.json").write_bytes(orjson.dumps(manifest))
    results = []
    clock = generated
    for uid, node in nodes.items():
        is_test = node["resource_type"] == "test"
        roll = rng.random()
        status = ("fail" if roll < 0.03 else "pass") if is_test else ("error" if roll < 0.01 else "success")
        took = round(rng.uniform(0.05, 4.0), 3)
        clock += timedelta(seconds=took / 4)
        results.append({
            "status": status,
            "timing": [{"name": "compile", "started_at": _iso(clock), "completed_at": _iso(clock)},
                       {"name": "execute", "started_at": _iso(clock),
                        "completed_at": _iso(clock + timedelta(seconds=took))}],
            "thread_id": f"Thread-{rng.randint(1, 8)} (worker)", "execution_time": took,
            "adapter_response": {"_message": "OK"}, "message": "OK" if status in ("pass", "success") else status,
            "failures": (rng.randint(1, 40) if status == "fail" else 0) if is_test else None,
            "unique_id": uid, "compiled": True, "compiled_code": node["compiled_code"], "relation_name":
                node.get("relation_name"), "batch_results": None,
        })  # fmt: skip
    run_results = {
        "metadata": {"dbt_schema_version": _SCHEMA.format(kind="run-results", version=6),
                     "dbt_version": DBT_VERSION, "generated_at": _iso(clock),
                     "invocation_id": f"00000000-0000-4000-8001-{seed:012d}", "invocation_started_at":
                         _iso(generated), "env": {}},
        "results": results, "elapsed_time": (clock - generated).total_seconds(),
        "args": {"which": "build", "invocation_command": "dbt build --target prod"},
    }  # fmt: skip
    (target / "run_results.json").write_bytes(orjson.dumps(run_results))
    fresh = []
    for uid, src in sources.items():
        age = 3600.0 if rng.random() < 0.9 else 5 * 86400.0
        fresh.append({
            "unique_id": uid, "max_loaded_at": _iso(as_of - timedelta(seconds=age)),
            "snapshotted_at": _iso(as_of), "max_loaded_at_time_ago_in_s": age,
            "status": "pass" if age < 86400 else "error", "criteria": src["freshness"],
            "adapter_response": {}, "timing": [], "thread_id": "Thread-1", "execution_time": 0.1,
        })  # fmt: skip
    (target / "sources.json").write_bytes(
        orjson.dumps({"metadata": {"dbt_schema_version": _SCHEMA.format(kind="sources", version=3),
                                   "dbt_version": DBT_VERSION, "generated_at": _iso(as_of),
                                   "invocation_id": f"00000000-0000-4000-8002-{seed:012d}", "env": {}},
                      "results": fresh, "elapsed_time": 1.0})
    )  # fmt: skip
    return {
        "models": sum(n["resource_type"] == "model" for n in nodes.values()),
        "tests": sum(n["resource_type"] == "test" for n in nodes.values()),
        "sources": len(sources),
        "exposures": len(exposures),
        "manifest_bytes": (target / "manifest.json").stat().st_size,
        "run_results": len(results),
    }
