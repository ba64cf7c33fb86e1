"""OpenLineage events of Acme's orchestrated jobs, emitted with the real openlineage-python client.

Two producers report lineage: the Airflow DAG ``acme_ingestion`` (one task per replicated
table, daily) and the Spark job that rebuilds ``ml.customer_features``. The tracking task
stops ``STALE_DAYS`` before the last load, one payments run fails and is retried, and only
the orders task carries an ownership facet: the gaps a lineage scan should notice.

Event times and run ids derive from the stack clock and the seed (run ids are UUIDv7 built
from the event time and seeded random bits), so the file is the same at every build.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import (
    column_lineage_dataset,
    error_message_run,
    job_type_job,
    nominal_time_run,
    output_statistics_output_dataset,
    ownership_job,
    parent_run,
    processing_engine_run,
    schema_dataset,
)
from openlineage.client.transport.file import FileConfig, FileTransport

from demo import acme_findings as F
from demo.acme.clock import StackClock, iso_z

AIRFLOW_NAMESPACE = "acme-airflow"
AIRFLOW_PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.1.3"
SPARK_NAMESPACE = "acme-spark"
SPARK_PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.31.0/integration/spark"
TRACKING_NAMESPACE = "s3://acme-tracking"

# Columns reported in schema facets (and mirrored 1:1 in column lineage where marked).
OUTPUT_SCHEMAS: dict[str, list[tuple[str, str]]] = {
    "orders": [("order_id", "BIGINT"), ("customer_id", "INTEGER"), ("store_id", "INTEGER"), ("channel", "VARCHAR"),
               ("status", "VARCHAR"), ("total_amount", "DECIMAL(12,2)"), ("currency", "VARCHAR"),
               ("ordered_at", "TIMESTAMP"), ("updated_at", "TIMESTAMP")],
    "customers": [("customer_id", "INTEGER"), ("first_name", "VARCHAR"), ("last_name", "VARCHAR"),
                  ("email", "VARCHAR"), ("phone", "VARCHAR"), ("city", "VARCHAR"), ("created_at", "TIMESTAMP")],
    "payments": [("payment_id", "BIGINT"), ("order_id", "BIGINT"), ("payment_method", "VARCHAR"),
                 ("amount", "DECIMAL(12,2)"), ("status", "VARCHAR"), ("paid_at", "TIMESTAMP")],
}  # fmt: skip
COLUMN_LINEAGE_TABLES = ("orders", "customers")
FEATURE_COLUMNS = {  # ml.customer_features column -> (input table, input column)
    "orders_90d": ("raw.orders", "ordered_at"),
    "orders_365d": ("raw.orders", "ordered_at"),
    "revenue_365d": ("raw.orders", "total_amount"),
    "days_since_last_order": ("raw.orders", "ordered_at"),
    "tenure_days": ("raw.customers", "created_at"),
    "loyalty_tier": ("raw.customers", "loyalty_tier"),
    "web_sessions_30d": ("raw.web_events", "session_id"),
}


class _RunIds:
    """UUIDv7 run ids: the event's millisecond timestamp plus seeded random bits (RFC 9562)."""

    def __init__(self, rng: np.random.Generator):
        self._rng = rng

    def __call__(self, at: datetime) -> str:
        ms = int((at - datetime(1970, 1, 1)).total_seconds() * 1000)
        rand_a = int(self._rng.integers(0, 1 << 12))
        rand_b = int(self._rng.integers(0, 1 << 62, dtype=np.int64))
        value = (ms << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
        return str(uuid.UUID(int=value))


def _schema(fields: list[tuple[str, str]]) -> schema_dataset.SchemaDatasetFacet:
    return schema_dataset.SchemaDatasetFacet(
        fields=[schema_dataset.SchemaDatasetFacetFields(name=n, type=t) for n, t in fields],
        producer=AIRFLOW_PRODUCER,
    )


def _identity_lineage(
    table: str, fields: list[tuple[str, str]]
) -> column_lineage_dataset.ColumnLineageDatasetFacet:
    src = f"shop.public.{table}"
    return column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            n: column_lineage_dataset.Fields(
                inputFields=[
                    column_lineage_dataset.InputField(
                        namespace=F.OL_SOURCE_NAMESPACE, name=src, field=n,
                        transformations=[column_lineage_dataset.Transformation(type="DIRECT", subtype="IDENTITY")],
                    )
                ]
            )
            for n, _ in fields
        },
        producer=AIRFLOW_PRODUCER,
    )  # fmt: skip


def _ingestion_datasets(task: str) -> tuple[list[InputDataset], list[OutputDataset]]:
    if task == "web_events":
        inputs = [InputDataset(namespace=TRACKING_NAMESPACE, name="events/web")]
    else:
        inputs = [InputDataset(namespace=F.OL_SOURCE_NAMESPACE, name=f"shop.public.{task}")]
    facets: dict = {}
    if task in OUTPUT_SCHEMAS:
        facets["schema"] = _schema(OUTPUT_SCHEMAS[task])
        if task in COLUMN_LINEAGE_TABLES:
            facets["columnLineage"] = _identity_lineage(task, OUTPUT_SCHEMAS[task])
    return inputs, [OutputDataset(namespace=F.OL_WAREHOUSE_NAMESPACE, name=f"raw.{task}", facets=facets)]


def _airflow_task_events(
    task: str, start: datetime, end: datetime, run_id: str, dag_run_id: str, nominal: datetime, failed: bool
) -> list[RunEvent]:
    job_name = f"{F.OL_AIRFLOW_DAG}.load_{task}"
    job_facets: dict = {
        "jobType": job_type_job.JobTypeJobFacet(
            processingType="BATCH", integration="AIRFLOW", jobType="TASK", producer=AIRFLOW_PRODUCER
        )
    }
    if job_name == F.OL_OWNED_JOB:
        job_facets["ownership"] = ownership_job.OwnershipJobFacet(
            owners=[ownership_job.Owner(name="team:data-platform", type="MAINTAINER")],
            producer=AIRFLOW_PRODUCER,
        )
    run_facets: dict = {
        "parent": parent_run.ParentRunFacet(
            run=parent_run.Run(runId=dag_run_id),
            job=parent_run.Job(namespace=AIRFLOW_NAMESPACE, name=F.OL_AIRFLOW_DAG),
            producer=AIRFLOW_PRODUCER,
        ),
        "nominalTime": nominal_time_run.NominalTimeRunFacet(
            nominalStartTime=iso_z(nominal), producer=AIRFLOW_PRODUCER
        ),
        "processing_engine": processing_engine_run.ProcessingEngineRunFacet(
            version="2.10.5", name="Airflow", openlineageAdapterVersion="2.1.3", producer=AIRFLOW_PRODUCER
        ),
    }
    inputs, outputs = _ingestion_datasets(task)
    job = Job(namespace=AIRFLOW_NAMESPACE, name=job_name, facets=job_facets)
    begin = RunEvent(eventType=RunState.START, eventTime=iso_z(start), run=Run(runId=run_id, facets=run_facets),
                     job=job, inputs=inputs, outputs=outputs, producer=AIRFLOW_PRODUCER)  # fmt: skip
    end_facets = dict(run_facets)
    if failed:
        end_facets["errorMessage"] = error_message_run.ErrorMessageRunFacet(
            message="AirbyteSyncError: job 48213 failed: source postgres connection reset by peer (shop-db:5432)",
            programmingLanguage="python",
            producer=AIRFLOW_PRODUCER,
        )
    finish = RunEvent(eventType=RunState.FAIL if failed else RunState.COMPLETE, eventTime=iso_z(end),
                      run=Run(runId=run_id, facets=end_facets), job=job, inputs=inputs, outputs=outputs,
                      producer=AIRFLOW_PRODUCER)  # fmt: skip
    return [begin, finish]


def _spark_events(start: datetime, run_id: str, rows: int) -> list[RunEvent]:
    job = Job(
        namespace=SPARK_NAMESPACE,
        name=F.OL_SPARK_JOB,
        facets={"jobType": job_type_job.JobTypeJobFacet(processingType="BATCH", integration="SPARK",
                                                        jobType="JOB", producer=SPARK_PRODUCER)},
    )  # fmt: skip
    inputs = [InputDataset(namespace=F.OL_WAREHOUSE_NAMESPACE, name=t) for t in ("raw.customers", "raw.orders",
                                                                                  "raw.web_events")]  # fmt: skip
    out_facets = {
        "schema": schema_dataset.SchemaDatasetFacet(
            fields=[schema_dataset.SchemaDatasetFacetFields(name=n, type=t) for n, t in [
                ("customer_id", "integer"), ("feature_date", "date"), ("orders_90d", "long"),
                ("orders_365d", "long"), ("revenue_365d", "double"), ("days_since_last_order", "long"),
                ("tenure_days", "long"), ("loyalty_tier", "string"), ("web_sessions_30d", "long"),
                ("computed_at", "timestamp")]],
            producer=SPARK_PRODUCER,
        ),
        "columnLineage": column_lineage_dataset.ColumnLineageDatasetFacet(
            fields={col: column_lineage_dataset.Fields(inputFields=[column_lineage_dataset.InputField(
                namespace=F.OL_WAREHOUSE_NAMESPACE, name=t, field=c,
                transformations=[column_lineage_dataset.Transformation(type="DIRECT", subtype="AGGREGATION")])])
                for col, (t, c) in FEATURE_COLUMNS.items()},
            producer=SPARK_PRODUCER,
        ),
    }  # fmt: skip
    engine = {"processing_engine": processing_engine_run.ProcessingEngineRunFacet(
        version="3.5.3", name="spark", openlineageAdapterVersion="1.31.0", producer=SPARK_PRODUCER)}  # fmt: skip
    stats = dict(out_facets, outputStatistics=output_statistics_output_dataset.OutputStatisticsOutputDatasetFacet(
        rowCount=rows, producer=SPARK_PRODUCER))  # fmt: skip
    return [
        RunEvent(eventType=RunState.START, eventTime=iso_z(start), run=Run(runId=run_id, facets=engine), job=job,
                 inputs=inputs, outputs=[OutputDataset(namespace=F.OL_WAREHOUSE_NAMESPACE,
                                                       name="ml.customer_features", facets=out_facets)],
                 producer=SPARK_PRODUCER),
        RunEvent(eventType=RunState.COMPLETE, eventTime=iso_z(start + timedelta(minutes=6, seconds=12)),
                 run=Run(runId=run_id, facets=engine), job=job, inputs=inputs,
                 outputs=[OutputDataset(namespace=F.OL_WAREHOUSE_NAMESPACE, name="ml.customer_features",
                                        outputFacets={"outputStatistics": stats["outputStatistics"]},
                                        facets=out_facets)],
                 producer=SPARK_PRODUCER),
    ]  # fmt: skip


def write_events(
    path: Path, clock: StackClock, rng: np.random.Generator, feature_rows: int
) -> dict[str, int]:
    """Emit every event, oldest first, to ``path`` (JSON lines); returns counts by event type."""
    new_id = _RunIds(rng)
    events: list[tuple[datetime, int, RunEvent]] = []
    for k in range(F.OL_DAYS):
        sync = clock.last_load - timedelta(days=k)  # the Airbyte sync each task waits for
        nominal = sync - timedelta(minutes=30)
        dag_run_id = new_id(nominal)
        for i, task in enumerate(F.OL_INGESTION_TASKS):
            if task == "web_events" and k < F.STALE_DAYS:
                continue  # the tracking task has been paused since the bucket's credentials expired
            start = nominal + timedelta(minutes=2, seconds=17 * i)
            end = sync + timedelta(seconds=11 * i)
            if task == F.OL_FAILED_TASK and k == F.OL_FAILED_DAYS_AGO:
                fail_end = start + timedelta(minutes=4, seconds=40)
                for ev in _airflow_task_events(
                    task, start, fail_end, new_id(start), dag_run_id, nominal, True
                ):
                    events.append((datetime.fromisoformat(ev.eventTime.rstrip("Z")), len(events), ev))
                start = fail_end + timedelta(minutes=5)  # Airflow's retry_delay
                end = end + timedelta(minutes=12)
            for ev in _airflow_task_events(task, start, end, new_id(start), dag_run_id, nominal, False):
                events.append((datetime.fromisoformat(ev.eventTime.rstrip("Z")), len(events), ev))
        spark_start = clock.spark_run_at - timedelta(days=k)
        for ev in _spark_events(spark_start, new_id(spark_start), feature_rows):
            events.append((datetime.fromisoformat(ev.eventTime.rstrip("Z")), len(events), ev))
    events.sort(key=lambda e: (e[0], e[1]))
    path.parent.mkdir(parents=True, exist_ok=True)
    client = OpenLineageClient(transport=FileTransport(FileConfig(log_file_path=str(path), append=True)))
    counts: dict[str, int] = {}
    for _, _, ev in events:
        client.emit(ev)
        counts[ev.eventType.value] = counts.get(ev.eventType.value, 0) + 1
    return counts
