"""Build the large synthetic client: warehouse, dbt artifacts, query logs, OpenLineage, GX.

Deterministic for a given ``seed``, ``as_of`` and :class:`Sizes`: each generator draws from
its own seeded stream and reads time only from ``as_of``. Like the Acme build, it writes
into a sibling temp folder and swaps it in at the end, so a failed build never leaves a
half stack. Returns the client file, written next to the stack with its survey and
portfolio (which name real marts tables of this warehouse).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path

import yaml

from demo.large.dbt_artifacts import write_dbt_artifacts
from demo.large.gx_results import write_gx
from demo.large.layout import Relation, plan
from demo.large.lineage_events import write_events
from demo.large.query_log import DIALECTS, write_query_logs
from demo.large.sizes import PRESETS, Sizes
from demo.large.warehouse import write_warehouse

REPO = Path(__file__).resolve().parents[2]
DEFAULT_ROOT = REPO / "examples" / "large" / "stack"  # gitignored (examples/*/stack/)
DEFAULT_AS_OF = datetime(2026, 6, 1, 8, 0, 0)

SURVEY = {
    "answers": {
        "Q2": "yes", "Q3": "yes", "Q3_dedicated_people": True, "Q4": "layered", "Q5": 6, "Q6": "ge_1y",
        "Q7": "partial", "Q8": "yes", "Q9": "yes", "Q11": "dedicated", "Q12": "partly", "Q13": "yes",
        "Q14": "partly", "Q15": 4,
    }
}  # fmt: skip


def _portfolio(relations: list[Relation]) -> dict:
    marts = [r for r in relations if r.layer == "marts" and r.kind == "table"]
    sampled = [r for r in marts if r.sampled] or marts
    projects = []
    for i, (name, dept, technique, deployment) in enumerate(
        (
            ("Churn prediction", "Marketing", "classification", "batch"),
            ("Demand forecasting", "Supply Chain", "time series forecasting", "batch"),
            ("Payment fraud detection", "Finance", "anomaly detection", "streaming"),
            ("Product recommendations", "E-commerce", "recommendation", "microservice"),
            ("Support ticket routing", "Customer Service", "document classification", "microservice"),
        )
    ):
        tables = [sampled[i % len(sampled)], marts[(i * 31) % len(marts)]]
        projects.append(
            {
                "name": name,
                "department": dept,
                "description": f"{name} for the {dept} department.",
                "technique": technique,
                "deployment": deployment,
                "tld": {"time": "high", "logic": "high" if i % 2 == 0 else "medium", "data": "medium"},
                "data": [
                    {"table": t.fqn, "columns": ["id", "customer_id", "amount", "created_at"]} for t in tables
                ],
            }
        )
    return {"projects": projects}


def _client_file(client: str) -> dict:
    return {
        "client": client,
        "name": f"BigCorp ({client})",
        "language": "en",
        "warehouse": {"kind": "duckdb", "path": "stack/warehouse.duckdb", "dialect": "duckdb"},
        "dbt": {"target_dir": "stack/dbt_target"},
        "openlineage": {"paths": ["stack/openlineage/"]},
        "gx": {"paths": ["stack/gx/"]},
        "query_logs": [
            {"path": f"stack/query_logs/query_log_{d}.jsonl", "format": "jsonl", "dialect": d}
            for d in DIALECTS
        ],
        "survey": "survey.yaml",
        "portfolio": "portfolio.yaml",
    }


def build_large(
    out_dir: Path | None = None,
    *,
    size: str = "large",
    sizes: Sizes | None = None,
    as_of: datetime | None = None,
    seed: int = 8,
) -> Path:
    """Build the client into ``out_dir`` (default ``examples/large/stack/<size>``); returns its client file.

    ``sizes`` overrides the preset named by ``size`` (the preset still names the client).
    """
    sizes = sizes or PRESETS[size]
    as_of = (as_of or DEFAULT_AS_OF).replace(microsecond=0)
    out_dir = Path(out_dir or DEFAULT_ROOT / size).resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.building-", dir=out_dir.parent))
    client = f"bigcorp-{size}"
    try:
        timings: dict[str, float] = {}
        t = time.perf_counter()
        relations = plan(sizes, seed)
        timings["plan"] = time.perf_counter() - t
        stack = work / "stack"
        facts: dict[str, object] = {"client": client, "size": size, "seed": seed, "as_of": as_of.isoformat()}
        steps = (
            ("warehouse", lambda: write_warehouse(stack / "warehouse.duckdb", relations, sizes.sample_rows, as_of)),
            ("dbt", lambda: write_dbt_artifacts(stack / "dbt_target", relations, sizes.models, as_of, seed)),
            ("query_logs", lambda: write_query_logs(
                stack / "query_logs", relations, sizes.query_rows, sizes.distinct_queries, as_of, seed)),
            ("openlineage", lambda: write_events(
                stack / "openlineage" / "events.jsonl", relations, sizes.openlineage_events, as_of, seed)),
            ("gx", lambda: write_gx(stack / "gx", relations, sizes.gx_results, as_of, seed)),
        )  # fmt: skip
        for name, step in steps:
            t = time.perf_counter()
            facts[name] = step()
            timings[name] = time.perf_counter() - t
        facts["sizes"] = sizes.__dict__
        facts["seconds"] = {k: round(v, 2) for k, v in timings.items()}
        (stack / "stack.json").write_text(json.dumps(facts, indent=2), encoding="utf-8")
        (work / f"{client}.yaml").write_text(
            yaml.safe_dump(_client_file(client), sort_keys=False), encoding="utf-8"
        )
        (work / "survey.yaml").write_text(yaml.safe_dump(SURVEY, sort_keys=False), encoding="utf-8")
        (work / "portfolio.yaml").write_text(
            yaml.safe_dump(_portfolio(relations), sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        if out_dir.exists():
            shutil.rmtree(out_dir)
        work.rename(out_dir)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return out_dir / f"{client}.yaml"
