"""Data-quality probes: a small GX Core suite run on the tables that matter when a client has none.

A client without validation results of its own still has data whose quality can be
measured. The probe runs the checks any data engineer would write first: the key column
is never null and never repeated, the table is not empty, and its main timestamp column
is recent. Results land in ``gx_results`` with ``format = 'probe'`` so the evidence model
can tell the scanner's checks from the client's own.

Probes only read: the warehouse file is opened ``read_only``, one ``SELECT`` per table
fetches at most ``max_rows`` rows of the two columns checked (newest first, so the
freshness check sees the true newest value and the key checks see the recent rows, the
ones people use), and the number of tables is capped. A table with more rows than were
read is marked ``sampled``: a duplicate found in the sample is a real duplicate, a clean
sample says "no problem among the newest N rows", not "none anywhere". GX runs on pandas
because GX's SQL engine cannot run against DuckDB (see DEPENDENCIES 2c), and it is
imported only when there is something to probe (the import takes 5 seconds or more).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from connectors.base import CrawlResult
from connectors.gx_results.formats import Validation
from connectors.gx_results.results import validation_rows
from connectors.rows import rows_to_table

SOURCE = "gx"
log = logging.getLogger(__name__)

SYSTEM_SCHEMAS = frozenset({"information_schema", "pg_catalog", "pg_toast"})
LAYER_RANK = {"marts": 0, "staging": 1, "intermediate": 2, "other": 3}
_PREFIXES = re.compile(r"^((fct|fact|dim|mart|stg|int|base|raw|src|agg|rpt|v|vw)_+)+")
_DBT_STAGING = re.compile(r"^stg_[a-z0-9]+__")  # stg_<source>__<entity>
_KEY_SUFFIXES = ("_id", "_key", "_pk", "_sk")


@dataclass(frozen=True)
class ProbeTarget:
    """One table to probe, with the columns its checks are about (None: check skipped)."""

    schema_name: str
    table_name: str
    key_column: str | None = None
    timestamp_column: str | None = None
    row_count: int | None = None  # from the catalog; orders targets, never trusted as a result
    layer: str = "other"

    @property
    def fqn(self) -> str:
        return f"{self.schema_name}.{self.table_name}".lower()


def layer_of(schema_name: str, table_name: str) -> str:
    """marts / staging / intermediate / other, from dbt's naming conventions.

    >>> [layer_of("analytics", "fct_orders"), layer_of("marts", "customers"), layer_of("main", "stg_shop__orders")]
    ['marts', 'marts', 'staging']
    >>> [layer_of("raw", "orders"), layer_of("dbt_int", "int_orders_pivoted")]
    ['other', 'intermediate']
    """
    schema, table = schema_name.lower(), table_name.lower()
    if re.match(r"^(fct|fact|dim|mart|agg|rpt)_", table) or re.search(
        r"mart|report|gold|presentation", schema
    ):
        return "marts"
    if table.startswith(("stg_", "base_")) or re.search(r"stag|silver|\bstg\b", schema):
        return "staging"
    if table.startswith("int_") or re.search(r"intermediate|\bint\b", schema):
        return "intermediate"
    return "other"


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def guess_key_column(table_name: str, columns: Iterable[str]) -> str | None:
    """The column that should identify a row: ``id``, else ``<entity>_id`` (or ``_key``,
    ``_pk``, ``_sk``) where the entity is the table name without its layer prefix; None
    when no column looks like the table's own key.

    Foreign keys (``customer_id`` in ``orders``) and parts of composite keys (``order_id``
    in ``order_items``) are not unique: probing them as keys would report duplicates
    that are not defects, so a column is taken only when it names the table's entity.
    A declared primary key, when the catalog has one, is used before this guess.

    >>> guess_key_column("fct_orders", ["customer_id", "order_id", "amount"])
    'order_id'
    >>> guess_key_column("dim_categories", ["category_key", "name"])
    'category_key'
    >>> guess_key_column("stg_stripe__payments", ["payment_id", "order_id"])
    'payment_id'
    >>> guess_key_column("order_items", ["order_id", "line_no", "sku"]) is None
    True
    """
    cols = list(columns)
    lower = {c.lower(): c for c in cols}
    if "id" in lower:
        return lower["id"]
    entity = _PREFIXES.sub("", _DBT_STAGING.sub("", table_name.lower()))
    for stem in dict.fromkeys((_singular(entity), entity)):
        for suffix in _KEY_SUFFIXES:
            if f"{stem}{suffix}" in lower:
                return lower[f"{stem}{suffix}"]
    return None


def _declared_keys(constraints: pa.Table | None) -> dict[tuple[str, str], str]:
    """(schema, table) -> the single column of its primary key (else of a unique constraint)."""
    keys: dict[tuple[str, str], str] = {}
    if constraints is None or constraints.num_rows == 0:
        return keys
    rows = constraints.select(["schema_name", "table_name", "constraint_type", "column_names"]).to_pylist()
    for ctype in ("unique", "primary_key"):  # primary keys last: they win
        for r in rows:
            if r["constraint_type"] == ctype and r["column_names"] and len(r["column_names"]) == 1:
                keys[(r["schema_name"], r["table_name"])] = r["column_names"][0]
    return keys


def choose_probe_targets(
    warehouse_tables: pa.Table,
    warehouse_columns: pa.Table,
    limit: int = 20,
    *,
    warehouse_constraints: pa.Table | None = None,
) -> list[ProbeTarget]:
    """The ``limit`` tables most worth probing, from the warehouse crawl's raw tables.

    Marts first (what the business reads), then staging, intermediate and the rest;
    within a layer tables before views and the biggest first (a view is re-computed by
    every probe query). A declared single-column primary key (or unique constraint), when
    the crawl read constraints, beats the name heuristic of :func:`guess_key_column`.
    """
    columns: dict[tuple[str, str], list[tuple[int, str]]] = {}
    for c in warehouse_columns.select(["schema_name", "table_name", "column_name", "ordinal"]).to_pylist():
        columns.setdefault((c["schema_name"], c["table_name"]), []).append(
            (c["ordinal"] or 0, c["column_name"])
        )
    declared = _declared_keys(warehouse_constraints)
    targets: list[tuple[tuple[Any, ...], ProbeTarget]] = []
    wanted = ["schema_name", "table_name", "table_type", "row_count", "timestamp_column"]
    for t in warehouse_tables.select(wanted).to_pylist():
        schema, table = t["schema_name"], t["table_name"]
        if not schema or not table or schema.lower() in SYSTEM_SCHEMAS:
            continue
        names = [name for _, name in sorted(columns.get((schema, table), []))]
        layer = layer_of(schema, table)
        target = ProbeTarget(
            schema_name=schema,
            table_name=table,
            key_column=declared.get((schema, table)) or guess_key_column(table, names),
            timestamp_column=t["timestamp_column"],
            row_count=t["row_count"],
            layer=layer,
        )
        is_view = (t["table_type"] or "").lower() == "view"
        order = (LAYER_RANK[layer], is_view, -(t["row_count"] or 0), target.fqn)
        targets.append((order, target))
    return [t for _, t in sorted(targets, key=lambda x: x[0])][: max(limit, 0)]


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _table_columns(con: duckdb.DuckDBPyConnection, target: ProbeTarget) -> dict[str, str] | None:
    """Column name -> type of the target (matched case-insensitively), or None if it is not there."""
    rows = con.execute(
        "select table_schema, table_name, column_name, data_type from information_schema.columns "
        "where lower(table_schema) = lower(?) and lower(table_name) = lower(?) order by ordinal_position",
        [target.schema_name, target.table_name],
    ).fetchall()
    if not rows:
        return None
    return {r[2]: r[3] for r in rows}


def _primary_key(con: duckdb.DuckDBPyConnection, target: ProbeTarget) -> str | None:
    """The table's declared single-column primary key: authoritative over any name-based guess."""
    row = con.execute(
        "select constraint_column_names from duckdb_constraints() where constraint_type = 'PRIMARY KEY' "
        "and lower(schema_name) = lower(?) and lower(table_name) = lower(?)",
        [target.schema_name, target.table_name],
    ).fetchone()
    return row[0][0] if row and len(row[0]) == 1 else None


def _read_sample(
    con: duckdb.DuckDBPyConnection, target: ProbeTarget, max_rows: int
) -> tuple[Any, int, str | None, str | None]:
    """(pandas frame of the probed columns, total rows, key column, timestamp column).

    Only the columns the checks need are read, newest rows first when there is a
    timestamp column; a key or timestamp column the table does not have is dropped
    (the catalog the targets came from may be older than the table). A declared primary
    key replaces the target's key column.
    """
    found = _table_columns(con, target)
    if found is None:
        raise LookupError("table not found in the warehouse")
    lower = {c.lower(): c for c in found}
    key = _primary_key(con, target) or lower.get((target.key_column or "").lower())
    ts = lower.get((target.timestamp_column or "").lower())
    if ts == key:
        ts = None
    relation = f"{_quote(target.schema_name)}.{_quote(target.table_name)}"
    total = con.execute(f"select count(*) from {relation}").fetchone()[0]
    select = [_quote(key)] if key else []
    if ts:
        select.append(f"try_cast({_quote(ts)} as timestamp) as {_quote(ts)}")
    order = f" order by {_quote(ts)} desc nulls last" if ts else ""
    sql = f"select {', '.join(select) or '1 as _present'} from {relation}{order} limit {int(max_rows)}"
    return con.execute(sql).df(), total, key, ts


def _expectations(gxe: Any, key: str | None, ts: str | None, fresh_after: datetime) -> list[Any]:
    exps = [gxe.ExpectTableRowCountToBeBetween(min_value=1)]
    if key:
        exps += [gxe.ExpectColumnValuesToNotBeNull(column=key), gxe.ExpectColumnValuesToBeUnique(column=key)]
    if ts:
        exps.append(gxe.ExpectColumnMaxToBeBetween(column=ts, min_value=fresh_after))
    return exps


class _Gx:
    """One ephemeral GX context for the whole probe run (creating it costs more than a suite)."""

    def __init__(self) -> None:
        import great_expectations as gx
        import great_expectations.expectations as gxe
        from great_expectations.data_context.types.base import ProgressBarsConfig

        self.gx, self.gxe = gx, gxe
        self.context = gx.get_context(mode="ephemeral")
        self.context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.source = self.context.data_sources.add_pandas(name="maturity_probe")

    def validate(self, name: str, frame: Any, expectations: list[Any]) -> dict[str, Any]:
        gx = self.gx
        batch = self.source.add_dataframe_asset(name=name).add_batch_definition_whole_dataframe(name="whole")
        suite = self.context.suites.add(
            gx.ExpectationSuite(name=f"maturity_probe.{name}", expectations=expectations)
        )
        definition = self.context.validation_definitions.add(
            gx.ValidationDefinition(name=f"maturity_probe.{name}", data=batch, suite=suite)
        )
        return definition.run(batch_parameters={"dataframe": frame}).to_json_dict()


def run_probes(
    warehouse_path: Path,
    tables: list[ProbeTarget],
    *,
    max_tables: int = 20,
    max_rows: int = 100_000,
    as_of: datetime,
    freshness_days: int = 7,
    scan_id: str | None = None,
) -> CrawlResult:
    """Probe up to ``max_tables`` of ``tables`` (in the given order) in a DuckDB warehouse file.

    ``as_of`` is the scan clock (naive UTC): a table is fresh when its newest timestamp is
    at most ``freshness_days`` older; it is also the ``run_at`` of the rows, so probes age
    with the scan that ran them. Counts: ``gx_results`` (rows), ``gx_probe_tables``
    (probed), ``gx_probe_tables_sampled``, ``gx_probe_tables_capped`` (left out by
    ``max_tables``). A table that cannot be read is an error naming it; the others go on.
    ``scan_id`` stamps the rows (the caller's ``ScanContext.scan_id``).
    """
    result = CrawlResult(source=SOURCE)
    as_of = as_of.astimezone(UTC).replace(tzinfo=None) if as_of.tzinfo else as_of
    fresh_after = as_of - timedelta(days=freshness_days)
    chosen = tables[: max(max_tables, 0)]
    rows: list[dict[str, Any]] = []
    probed = sampled_tables = 0
    con: duckdb.DuckDBPyConnection | None = None
    if chosen:
        try:
            con = duckdb.connect(str(warehouse_path), read_only=True)
            con.execute("set TimeZone = 'UTC'")  # TIMESTAMPTZ -> naive UTC in the cast below
        except (duckdb.Error, OSError) as exc:
            result.error(str(warehouse_path), f"cannot open the warehouse read-only: {exc}")
    gx: _Gx | None = None
    try:
        for target in chosen if con is not None else []:
            try:
                frame, total, key, ts = _read_sample(con, target, max_rows)
            except LookupError as exc:
                result.error(target.fqn, str(exc))
                continue
            except duckdb.Error as exc:
                result.error(target.fqn, f"cannot read the table: {exc}")
                continue
            if gx is None:
                gx = _Gx()
            try:
                doc = gx.validate(target.fqn, frame, _expectations(gx.gxe, key, ts, fresh_after))
            except Exception as exc:  # a GX failure on one table must not lose the others
                result.error(target.fqn, f"GX probe failed: {type(exc).__name__}: {exc}")
                continue
            sampled = total > len(frame)
            probed += 1
            sampled_tables += sampled
            for row in validation_rows(Validation(doc, ""), str(warehouse_path)):
                row.update(
                    format="probe",
                    table_name=target.fqn,
                    data_asset=target.fqn,
                    run_at=as_of,
                    rows_checked=len(frame),
                    sampled=sampled,
                )
                rows.append(row)
            log.info("gx probe: %s (%d of %d rows)", target.fqn, len(frame), total)
    finally:
        if con is not None:
            con.close()
    result.add("gx_results", rows_to_table("gx_results", rows, scan_id))
    result.counts.update(
        gx_results=len(rows),
        gx_probe_tables=probed,
        gx_probe_tables_sampled=sampled_tables,
        gx_probe_tables_capped=max(len(tables) - len(chosen), 0),
    )
    return result
