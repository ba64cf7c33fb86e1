"""The catalogue of evidence signals: what the evidence model measures for each question.

The dbt project computes one row per (scan, signal) in the mart ``question_signals``
(columns ``scan_id, question_id, signal, value, detail``) and the items a person can
check in ``signal_evidence`` (``scan_id, question_id, signal, kind, ref, detail``).
Scoring turns signal values into points with the thresholds of the rubric. Keeping the
names here, in one list, lets a test check that the models emit exactly these and that
the rubric only refers to these.

Conventions: ``value`` is a number (counts, shares in 0..1, ages in days, booleans as
0/1) or null when the evidence needed to measure it was not available in this scan
(not the same as 0: a null signal leaves the question to the survey). Ages are measured
from the scan's own clock (``raw.scans.scanned_at``), never from ``now()``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SignalSpec:
    question_id: str
    name: str
    unit: str  # share | count | days | flag
    meaning: str


SIGNALS: tuple[SignalSpec, ...] = (
    # Q1 lineage
    SignalSpec(
        "Q1",
        "lineage_coverage",
        "share",
        "Share of modelled (non-source) warehouse tables and views with at least one known "
        "upstream edge from dbt depends_on, OpenLineage inputs->outputs or parsed SQL. "
        "Evidence: one item per modelled table without lineage.",
    ),
    SignalSpec(
        "Q1",
        "lineage_days_since_activity",
        "days",
        "Days since a lineage producer was last active (newest dbt run_results or manifest "
        "generated_at, OpenLineage event, or lineage-yielding write in the query log).",
    ),
    SignalSpec("Q1", "source_declared_share", "share", "Share of raw-layer tables declared as dbt sources."),
    # Q2 transformation tool
    SignalSpec("Q2", "dbt_models", "count", "Models in the dbt manifest."),
    SignalSpec(
        "Q2",
        "dbt_days_since_success",
        "days",
        "Days since the newest successful dbt node execution in run_results.",
    ),
    SignalSpec(
        "Q2",
        "orchestrator_days_since_run",
        "days",
        "Days since the newest COMPLETE OpenLineage run from an orchestrator or ETL producer "
        "(Airflow, Dagster, Spark, dbt, Airbyte, Fivetran, dlt...).",
    ),
    SignalSpec(
        "Q2",
        "ingestion_footprints",
        "count",
        "Tables or columns that carry an ingestion tool's footprint (_airbyte_, _fivetran_, _dlt_, _sdc_).",
    ),
    # Q3 BI practice
    SignalSpec("Q3", "bi_tools_seen", "count", "Distinct BI tools seen in the query log."),
    SignalSpec("Q3", "bi_queries_30d", "count", "Queries run by BI tools in the 30 days before the scan."),
    SignalSpec("Q3", "dbt_exposures", "count", "dbt exposures (dashboards, reports) declared."),
    SignalSpec("Q3", "reporting_schemas", "count", "Warehouse schemas of the marts/reporting layer."),
    # Q4 warehouse
    SignalSpec("Q4", "warehouse_reachable", "flag", "1 when the analytical database could be crawled."),
    SignalSpec(
        "Q4", "warehouse_is_olap", "flag", "1 for an analytical engine (DuckDB, Snowflake...), 0 for OLTP."
    ),
    SignalSpec(
        "Q4",
        "modelling_layers",
        "count",
        "Distinct modelling layers present (raw, staging, intermediate, marts) from schema "
        "names and stg_/int_/fct_/dim_ naming.",
    ),
    # Q5 context (survey-only question)
    SignalSpec("Q5", "mart_test_pass_rate", "share", "Pass rate of dbt tests and GX expectations on marts."),
    SignalSpec("Q5", "mart_days_since_refresh", "days", "Days since the freshest mart table was refreshed."),
    # Q6 / Q8 ML artefacts
    SignalSpec(
        "Q6", "ml_artefact_tables", "count", "Prediction, feature or training tables in the warehouse."
    ),
    SignalSpec(
        "Q6", "ml_days_since_first_artefact", "days", "Age in days of the oldest ML artefact's first row."
    ),
    SignalSpec(
        "Q8", "ml_artefact_tables", "count", "Prediction, feature or training tables in the warehouse."
    ),
    # Q7 governance
    SignalSpec("Q7", "roles_with_grants", "count", "Distinct non-PUBLIC roles holding grants."),
    SignalSpec("Q7", "public_grants_on_modelled", "count", "PUBLIC grants on modelled schemas or tables."),
    SignalSpec("Q7", "owner_coverage", "share", "Share of dbt models with an owner (meta.owner or group)."),
    SignalSpec(
        "Q7", "access_or_contracts", "count", "dbt models with an access modifier or an enforced contract."
    ),
    SignalSpec("Q7", "pii_tagged_columns", "count", "Columns tagged or marked as personal data in dbt."),
    # Q11 analysts
    SignalSpec(
        "Q11",
        "human_analysts_90d",
        "count",
        "Distinct human (non-service, non-BI) users running read queries in the 90 days before the scan.",
    ),
    # quality, shown with Q1/Q2 and used by the report and portfolio
    SignalSpec("Q2", "dbt_test_pass_rate", "share", "Share of dbt tests that passed in the newest run."),
    SignalSpec("Q1", "stale_sources", "count", "dbt sources whose freshness check warned or errored."),
    # Governance pillars (SPEC 2.3), each 0..1; read by scoring.maturity.governance_pillars
    SignalSpec(
        "Q7",
        "gov_contracts",
        "share",
        "Share of mart-layer dbt models (all models when none is in a mart schema) with an "
        "enforced contract or an explicit access modifier.",
    ),
    SignalSpec(
        "Q7",
        "gov_kpis",
        "share",
        "1 when KPIs are defined as dbt metrics or semantic models, 0.5 when only exposures "
        "declare what dashboards read, 0 when neither.",
    ),
    SignalSpec(
        "Q7",
        "gov_catalog",
        "share",
        "Description coverage of dbt models: mean of the described-model and documented-column shares.",
    ),
    SignalSpec(
        "Q7",
        "gov_security",
        "share",
        "Thirds for: two or more roles hold grants, no PUBLIC grant on modelled data, "
        "row-level security policies exist.",
    ),
    SignalSpec(
        "Q7",
        "gov_compliance",
        "share",
        "Share of relations with personal-data columns (e-mail, phone, names...) tagged as "
        "personal data in dbt or guarded by a row-level policy. Evidence: the unprotected ones.",
    ),
    # Data lab (SPEC 2.3): experimentation separated from production
    SignalSpec(
        "Q8",
        "data_lab_schemas",
        "count",
        "Lab spaces (sandbox, scratch, dev schemas or databases). Evidence: each space.",
    ),
    SignalSpec(
        "Q8",
        "data_lab_separate_roles",
        "count",
        "Roles with grants on a lab space and no write privilege on modelled data.",
    ),
    # MLOps readiness (SPEC 2.3, industrialisation seed), from the warehouse
    SignalSpec(
        "Q6",
        "mlops_prediction_table",
        "share",
        "Share of the five prediction-table roles (timestamp, model version, output, decision, "
        "entity id) the best prediction table's columns cover.",
    ),
    SignalSpec("Q6", "mlops_training_datasets", "count", "Stored training datasets."),
    SignalSpec("Q6", "mlops_monitoring_tables", "count", "Monitoring or drift tables."),
    SignalSpec("Q6", "mlops_log_tables", "count", "Prediction, inference or serving log tables."),
    SignalSpec("Q6", "mlops_model_stores", "count", "Model registries or stores of model versions."),
    SignalSpec(
        "Q6",
        "mlops_retraining_days",
        "count",
        "Distinct days in the 365 before the scan on which a training dataset or model store "
        "was written (OpenLineage outputs, parsed query-log writes).",
    ),
)

SIGNAL_NAMES: frozenset[tuple[str, str]] = frozenset((s.question_id, s.name) for s in SIGNALS)
