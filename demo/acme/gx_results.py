"""Great Expectations validation results for three raw tables, from a real GX Core run.

Acme's data team validates the nightly Airbyte loads with GX before dbt runs. GX cannot
read DuckDB through SQLAlchemy (see DEPENDENCIES.md 2c), so the tables are read into pandas
first and validated there; the data asset is named after the warehouse table
(``raw.customers``) so a connector can tie each result to its table. The GX import costs
about 5 s (far more when bytecode is not cached), so it happens in a child process that
runs while dbt builds, inside :func:`write_validations` only.

One expectation fails on purpose: customers who signed up at a till have no email.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pandas as pd

from demo import acme_findings as F

VALID_LOYALTY = ["none", "silver", "gold", "platinum"]


def _suites(gxe) -> dict[str, list]:
    """Expectations per warehouse table (built lazily: they need the GX module)."""
    return {
        "raw.customers": [
            gxe.ExpectColumnValuesToNotBeNull(column="customer_id"),
            gxe.ExpectColumnValuesToBeUnique(column="customer_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="email"),  # fails: till sign-ups without email
            gxe.ExpectColumnValuesToBeInSet(column="loyalty_tier", value_set=VALID_LOYALTY),
            gxe.ExpectTableRowCountToBeBetween(min_value=5_000, max_value=50_000),
        ],
        "raw.orders": [
            gxe.ExpectColumnValuesToBeUnique(column="order_id"),
            gxe.ExpectColumnValuesToNotBeNull(column="customer_id"),
            gxe.ExpectColumnValuesToBeInSet(
                column="status", value_set=["completed", "cancelled", "returned", "pending"]
            ),
            gxe.ExpectColumnValuesToBeBetween(column="total_amount", min_value=0, max_value=20_000),
        ],
        "raw.payments": [
            gxe.ExpectColumnValuesToBeUnique(column="payment_id"),
            gxe.ExpectColumnValuesToBeInSet(
                column="payment_method", value_set=["card", "paypal", "gift_card", "cash"]
            ),
            gxe.ExpectColumnValuesToBeBetween(column="amount", min_value=0, max_value=20_000),
        ],
    }


def write_validations(frames: dict[str, pd.DataFrame], out_dir: Path, run_at: datetime) -> dict[str, bool]:
    """Validate each frame with its suite, write ``<table>.<suite>.json``; returns success per table."""
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_pandas(name="acme_warehouse")
    out_dir.mkdir(parents=True, exist_ok=True)
    outcome = {}
    for table, expectations in _suites(gxe).items():
        suite_name = f"acme_{table.replace('.', '_')}_nightly"
        batch = source.add_dataframe_asset(name=table).add_batch_definition_whole_dataframe(
            name="nightly_load"
        )
        suite = context.suites.add(gx.ExpectationSuite(name=suite_name, expectations=expectations))
        vd = context.validation_definitions.add(
            gx.ValidationDefinition(name=f"{suite_name}_vd", data=batch, suite=suite)
        )
        result = vd.run(
            batch_parameters={"dataframe": frames[table]},
            run_id=RunIdentifier(run_name=f"acme_nightly_{run_at:%Y%m%d}", run_time=run_at),
        )
        doc = result.to_json_dict()
        doc["meta"]["warehouse_table"] = table  # GX keeps custom meta; the asset name says it too
        (out_dir / f"{table}.{suite_name}.json").write_text(
            json.dumps(doc, indent=1, default=str), encoding="utf-8"
        )
        outcome[table] = bool(result.success)
    return outcome


def export_tables(con, parquet_dir: Path) -> None:
    """Snapshot the validated tables to parquet before dbt takes the warehouse's write lock."""
    parquet_dir.mkdir(parents=True, exist_ok=True)
    for t in F.GX_VALIDATED_TABLES:
        con.execute(f"COPY {t} TO '{parquet_dir / (t + '.parquet')}' (FORMAT parquet)")


def _child(parquet_dir: str, out_dir: str, run_at: str) -> int:
    """Child-process entry: validate the parquet exports of the tables, write the results."""
    frames = {t: pd.read_parquet(Path(parquet_dir) / f"{t}.parquet") for t in F.GX_VALIDATED_TABLES}
    outcome = write_validations(frames, Path(out_dir), datetime.fromisoformat(run_at))
    print(json.dumps(outcome), flush=True)
    return 0


if __name__ == "__main__":
    import sys

    sys.exit(_child(*sys.argv[1:4]))
