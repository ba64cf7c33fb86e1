"""OpenLineage run events of the synthetic client: Airflow loads, dbt models, Spark jobs.

Each run is a START then a COMPLETE (or FAIL) event of a job reading and writing
warehouse datasets named like the catalog (``schema.table`` in ``duckdb://bigcorp``);
one completed run in ten carries a column-lineage facet. Runs spread over the last 30
days, newest last, as a collector's log would hold them.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from demo.large.layout import Relation

NAMESPACE = "duckdb://bigcorp"
SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
PRODUCERS = {
    "airflow": "https://github.com/apache/airflow/tree/providers-openlineage/2.1.3",
    "dbt": "https://github.com/OpenLineage/OpenLineage/tree/1.31.0/integration/dbt",
    "spark": "https://github.com/OpenLineage/OpenLineage/tree/1.31.0/integration/spark",
}
CL_URL = (
    "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet"
)


def _jobs(relations: list[Relation], r: random.Random) -> list[tuple[str, str, list[Relation], Relation]]:
    """(namespace, job name, inputs, output) for every job that writes a table."""
    by_key = {(x.schema, x.k): x for x in relations}
    jobs = []
    for rel in relations:
        if rel.kind != "table":
            continue
        if rel.layer == "raw":
            jobs.append(("bigcorp-airflow", f"ingest_{rel.domain}.load_{rel.name}", [], rel))
        elif rel.layer == "marts":
            inter = by_key.get((f"intermediate_{rel.domain}", rel.k))
            ups = [inter] if inter else []
            jobs.append(("bigcorp-dbt", f"bigcorp.{rel.schema}.{rel.name}", ups, rel))
        elif rel.layer == "sandbox" and rel.k % 3 == 0:
            jobs.append(("bigcorp-spark", f"spark_{rel.domain}.{rel.name}", [], rel))
    r.shuffle(jobs)
    return jobs


def _dataset(rel: Relation, facets: dict | None = None) -> dict:
    return {"namespace": NAMESPACE, "name": rel.fqn, "facets": facets or {}}


def write_events(
    path: Path, relations: list[Relation], events: int, as_of: datetime, seed: int
) -> dict[str, int]:
    r = random.Random(seed)
    jobs = _jobs(relations, r)
    marts = [x for x in relations if x.layer == "marts"]
    path.parent.mkdir(parents=True, exist_ok=True)
    runs = events // 2
    start = as_of - timedelta(days=30)
    counts = {"events": 0, "runs": runs, "failed_runs": 0, "jobs": min(len(jobs), runs)}
    with path.open("wb") as out:
        for i in range(runs):
            ns, name, inputs, output = jobs[i % len(jobs)]
            if not inputs and ns != "bigcorp-airflow":
                inputs = [marts[(i * 7) % len(marts)]]
            producer = PRODUCERS[ns.split("-")[1]]
            run_id = str(uuid.UUID(int=r.getrandbits(128), version=4))
            began = start + timedelta(seconds=int(30 * 86400 * i / runs))
            failed = r.random() < 0.02
            counts["failed_runs"] += failed
            job = {"namespace": ns, "name": name, "facets": {}}
            if i % 10 == 0 and inputs:
                fields = {
                    c: {"inputFields": [{"namespace": NAMESPACE, "name": inputs[0].fqn, "field": c,
                                         "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}]}]}
                    for c in ("id", "customer_id", "amount")
                }  # fmt: skip
                out_facets = {
                    "columnLineage": {"_producer": producer, "_schemaURL": CL_URL, "fields": fields}
                }
            else:
                out_facets = {}
            for event_type, at in (
                ("START", began),
                ("FAIL" if failed else "COMPLETE", began + timedelta(minutes=3)),
            ):
                event = {
                    "eventTime": at.strftime("%Y-%m-%dT%H:%M:%S.000Z"), "eventType": event_type,
                    "producer": producer, "schemaURL": SCHEMA_URL, "run": {"runId": run_id, "facets": {}},
                    "job": job, "inputs": [_dataset(x) for x in inputs],
                    "outputs": [_dataset(output, out_facets if event_type == "COMPLETE" else None)],
                }  # fmt: skip
                out.write(orjson.dumps(event) + b"\n")
                counts["events"] += 1
    return counts
