"""The evidence store: one DuckDB file per client, every scan kept side by side.

Raw evidence lands in schema ``raw`` in bulk (Arrow tables, never row by row). Every raw
row carries the ``scan_id`` of the scan that read it, so a new scan only ever appends:
nothing read by an earlier scan is rewritten, and a scan that dies half-way leaves its
``raw.scans`` row in status ``running`` (or ``failed``) and is ignored by the models.
Each scan's rows are landed in one transaction per source, so a crash mid-load leaves a
source either fully landed or absent.

The dbt project (``dbt_project/``) reads these tables as sources; the column lists below
are the contract between the connectors and the evidence model. All ``*_at`` columns are
naive UTC timestamps.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from connectors.base import ScanError

TS = pa.timestamp("us")
STR = pa.string()
LIST_STR = pa.list_(pa.string())

RAW_SCHEMAS: dict[str, pa.Schema] = {
    # --- scan bookkeeping -------------------------------------------------------------
    "scans": pa.schema(
        [
            ("scan_id", STR),
            ("client", STR),
            ("scanned_at", TS),  # the scan clock: every age is measured from it
            ("started_at", TS),  # wall clock
            ("finished_at", TS),
            ("status", STR),  # running | complete | partial | failed
        ]
    ),
    "scan_errors": pa.schema([("scan_id", STR), ("source", STR), ("object", STR), ("message", STR)]),
    "scan_sources": pa.schema(
        [
            ("scan_id", STR),
            ("source", STR),  # warehouse | dbt | openlineage | gx | query_logs | ...
            ("status", STR),  # ok | partial | failed | skipped
            ("counts_json", STR),  # {"warehouse_tables": 12, ...}
            ("content_hash", STR),  # of the inputs, to skip unchanged sources on rescans
            ("seconds", pa.float64()),
            # appended: the scan whose rows this source's rows were copied from (inputs unchanged)
            ("reused_from", STR),
        ]
    ),
    # --- warehouse catalog ------------------------------------------------------------
    "warehouse_tables": pa.schema(
        [
            ("scan_id", STR),
            ("engine", STR),  # duckdb | postgres
            ("database_name", STR),
            ("schema_name", STR),
            ("table_name", STR),
            ("table_type", STR),  # table | view
            ("row_count", pa.int64()),
            ("row_count_is_estimate", pa.bool_()),
            ("view_sql", STR),
            ("comment", STR),
            ("owner", STR),
            ("last_modified_at", TS),
            ("max_timestamp_at", TS),  # newest value of the table's main date/timestamp column
            ("min_timestamp_at", TS),  # oldest value of it: history depth
            ("timestamp_column", STR),
            # appended: engine statistics (PostgreSQL pg_stat_user_tables) and RLS
            ("last_analyzed_at", TS),  # newest of last_analyze / last_autoanalyze
            ("modified_since_analyze", pa.int64()),  # rows changed since then (n_mod_since_analyze)
            ("row_level_security", pa.bool_()),  # RLS enabled: counts cover the rows the crawler sees
            ("stats_note", STR),  # how row_count / timestamp range were obtained when not exact
        ]
    ),
    "warehouse_columns": pa.schema(
        [
            ("scan_id", STR),
            ("database_name", STR),
            ("schema_name", STR),
            ("table_name", STR),
            ("column_name", STR),
            ("ordinal", pa.int32()),
            ("data_type", STR),
            ("is_nullable", pa.bool_()),
            ("column_default", STR),
            ("comment", STR),
            ("is_primary_key", pa.bool_()),  # appended: part of the table's primary key
        ]
    ),
    "warehouse_roles": pa.schema(
        [
            ("scan_id", STR),
            ("role_name", STR),
            ("can_login", pa.bool_()),
            ("is_superuser", pa.bool_()),
            ("member_of", LIST_STR),
        ]
    ),
    "warehouse_grants": pa.schema(
        [
            ("scan_id", STR),
            ("grantee", STR),  # PUBLIC for public grants
            ("privilege", STR),
            ("object_type", STR),  # schema | table | view
            ("schema_name", STR),
            ("object_name", STR),
            ("is_public", pa.bool_()),
        ]
    ),
    # Appended for engines with richer catalogs (PostgreSQL): keys, schemas, RLS policies.
    "warehouse_constraints": pa.schema(
        [
            ("scan_id", STR),
            ("database_name", STR),
            ("schema_name", STR),
            ("table_name", STR),
            ("constraint_name", STR),
            ("constraint_type", STR),  # primary_key | foreign_key | unique
            ("column_names", LIST_STR),  # in key order
            ("ref_schema_name", STR),  # foreign keys: the referenced table
            ("ref_table_name", STR),
            ("ref_column_names", LIST_STR),
        ]
    ),
    "warehouse_schemas": pa.schema(
        [
            ("scan_id", STR),
            ("database_name", STR),
            ("schema_name", STR),
            ("owner", STR),
            ("comment", STR),
        ]
    ),
    "warehouse_policies": pa.schema(
        [
            ("scan_id", STR),
            ("schema_name", STR),
            ("table_name", STR),
            ("policy_name", STR),
            ("command", STR),  # ALL | SELECT | INSERT | UPDATE | DELETE
            ("is_permissive", pa.bool_()),
            ("roles", LIST_STR),
            ("using_expression", STR),
            ("check_expression", STR),
        ]
    ),
    # --- dbt artifacts ----------------------------------------------------------------
    "dbt_nodes": pa.schema(
        [
            ("scan_id", STR),
            ("unique_id", STR),
            (
                "resource_type",
                STR,
            ),  # model | source | seed | snapshot | test | exposure | metric | semantic_model
            ("package_name", STR),
            ("name", STR),
            ("database_name", STR),
            ("schema_name", STR),
            ("relation_name", STR),  # schema.table as in the warehouse, lower-case, no database
            ("materialized", STR),
            ("description", STR),
            ("owner", STR),  # meta.owner, group owner, or exposure owner
            ("group_name", STR),
            ("access", STR),
            ("contract_enforced", pa.bool_()),
            ("tags", LIST_STR),
            ("meta_json", STR),
            ("column_count", pa.int32()),
            ("documented_column_count", pa.int32()),
            ("pii_column_count", pa.int32()),  # columns tagged or meta-marked as personal data
            ("tested_node_id", STR),  # tests: the node they test
            ("test_name", STR),  # tests: not_null, unique, relationships, ...
            ("source_name", STR),  # sources
            ("loaded_at_field", STR),  # sources
            ("artifact", STR),  # file path of the manifest
            ("json_path", STR),  # e.g. nodes['model.acme.orders']
        ]
    ),
    "dbt_edges": pa.schema([("scan_id", STR), ("child_id", STR), ("parent_id", STR)]),
    "dbt_run_results": pa.schema(
        [
            ("scan_id", STR),
            ("invocation_id", STR),
            ("command", STR),  # build | run | test | source freshness ...
            ("unique_id", STR),
            ("status", STR),  # success | error | fail | warn | pass | skipped | runtime error
            ("message", STR),
            ("failures", pa.int64()),
            ("execution_time", pa.float64()),
            ("completed_at", TS),
            ("generated_at", TS),
            ("artifact", STR),
            ("json_path", STR),
        ]
    ),
    "dbt_source_freshness": pa.schema(
        [
            ("scan_id", STR),
            ("unique_id", STR),
            ("status", STR),  # pass | warn | error | runtime error
            ("max_loaded_at", TS),
            ("snapshotted_at", TS),
            ("age_seconds", pa.float64()),
            ("artifact", STR),
            ("json_path", STR),
        ]
    ),
    "dbt_invocations": pa.schema(
        [
            ("scan_id", STR),
            ("invocation_id", STR),
            ("artifact", STR),  # path of the artifact file
            ("artifact_kind", STR),  # manifest | run_results | catalog | sources
            ("schema_version", STR),
            ("dbt_version", STR),
            ("project_name", STR),
            ("generated_at", TS),
        ]
    ),
    # --- OpenLineage ------------------------------------------------------------------
    "openlineage_events": pa.schema(
        [
            ("scan_id", STR),
            ("event_time", TS),
            ("event_type", STR),  # START | RUNNING | COMPLETE | FAIL | ABORT | OTHER
            ("run_id", STR),
            ("job_namespace", STR),
            ("job_name", STR),
            ("producer", STR),
            ("parent_job_name", STR),
            ("owners", LIST_STR),  # ownership job facet
            ("source_file", STR),
            ("line_no", pa.int64()),
        ]
    ),
    "openlineage_datasets": pa.schema(
        [
            ("scan_id", STR),
            ("run_id", STR),
            ("event_time", TS),
            ("event_type", STR),
            ("job_name", STR),
            ("direction", STR),  # input | output
            ("namespace", STR),
            ("name", STR),  # dataset name as emitted, lower-case (e.g. raw.orders)
            ("owners", LIST_STR),
            ("source_file", STR),
            ("line_no", pa.int64()),
        ]
    ),
    "openlineage_column_lineage": pa.schema(
        [
            ("scan_id", STR),
            ("run_id", STR),
            ("output_name", STR),
            ("output_field", STR),
            ("input_namespace", STR),
            ("input_name", STR),
            ("input_field", STR),
            ("transformation", STR),
        ]
    ),
    # --- Great Expectations -----------------------------------------------------------
    "gx_results": pa.schema(
        [
            ("scan_id", STR),
            ("validation_id", STR),
            ("suite_name", STR),
            ("data_asset", STR),
            ("table_name", STR),  # schema.table in the warehouse when it can be told, lower-case
            ("expectation_type", STR),
            ("column_name", STR),
            ("kwargs_json", STR),
            ("success", pa.bool_()),
            ("observed_value", STR),
            ("unexpected_count", pa.int64()),
            ("run_at", TS),
            ("format", STR),  # gx1 | gx018 | probe
            ("source_file", STR),
            ("json_path", STR),
            ("severity", STR),  # GX 1.x expectation severity: critical | warning | info
            ("exception_message", STR),  # why GX could not evaluate it (then success is false)
            ("rows_checked", pa.int64()),  # probes: rows read from the table
            ("sampled", pa.bool_()),  # probes: true when the table has more rows than were read
        ]
    ),
    # --- query logs and SQL lineage ---------------------------------------------------
    "query_log": pa.schema(
        [
            ("scan_id", STR),
            ("query_hash", STR),  # hash of the normalised text: joins to sql_statements
            ("started_at", TS),
            ("user_name", STR),
            ("application", STR),
            ("statement_kind", STR),  # read | write | ddl | other
            ("actor_kind", STR),  # bi_tool | service | human
            ("bi_tool", STR),  # metabase | looker | tableau | ... (null when not a BI tool)
            ("source_file", STR),
            ("line_no", pa.int64()),
            # appended: aggregated sources (pg_stat_statements) give one row per statement
            # and user with its number of executions; per-execution logs leave it null (= 1)
            ("calls", pa.int64()),
            ("role_name", STR),  # Snowflake ROLE_NAME
            ("warehouse_name", STR),  # Snowflake WAREHOUSE_NAME / BigQuery project
        ]
    ),
    "sql_statements": pa.schema(
        [
            ("scan_id", STR),
            ("query_hash", STR),
            ("origin", STR),  # query_log | view
            ("dialect", STR),
            ("statement_kind", STR),
            ("sql_excerpt", STR),  # first 500 characters, for the report
            ("parse_error", STR),  # null when parsed
        ]
    ),
    "sql_lineage": pa.schema(
        [
            ("scan_id", STR),
            ("query_hash", STR),
            ("origin", STR),  # query_log | view
            ("target_table", STR),  # schema.table, lower-case
            ("source_table", STR),
        ]
    ),
    "sql_column_lineage": pa.schema(
        [
            ("scan_id", STR),
            ("query_hash", STR),
            ("target_table", STR),
            ("target_column", STR),
            ("source_table", STR),
            ("source_column", STR),
        ]
    ),
    # --- results ----------------------------------------------------------------------
    "scan_results": pa.schema(
        [
            ("scan_id", STR),
            ("total", pa.int32()),
            ("min_total", pa.int32()),
            ("max_total", pa.int32()),
            ("band", STR),
            ("result_json", STR),  # the whole result JSON of SPEC 5.5
        ]
    ),
}


def conform(table: str, rows: pa.Table | list[dict] | None) -> pa.Table:
    """Shape rows into the raw table's schema: missing columns become nulls, types are cast.

    Connectors build their rows with whatever columns they know; this is the one place
    that reconciles them with the contract, so a schema change is made here only.
    """
    schema = RAW_SCHEMAS[table]
    if rows is None:
        return schema.empty_table()
    if isinstance(rows, list):
        if not rows:
            return schema.empty_table()
        rows = pa.Table.from_pylist(rows)
    arrays = []
    for fld in schema:
        if fld.name in rows.column_names:
            arrays.append(rows.column(fld.name).cast(fld.type))
        else:
            arrays.append(pa.nulls(rows.num_rows, fld.type))
    return pa.Table.from_arrays(arrays, schema=schema)


@dataclass(frozen=True)
class SourceRun:
    """One source's bookkeeping row in one scan (``raw.scan_sources``)."""

    scan_id: str
    status: str
    content_hash: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class ScanRecord:
    scan_id: str
    client: str
    scanned_at: datetime
    status: str


class EvidenceStore:
    """A client's evidence store. Open it for the shortest time that does the job.

    DuckDB takes a file lock: while a read-write connection is open no other process
    (dbt, the report, a second scan) can open the file, so every method opens, works
    and closes.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)

    @contextmanager
    def connect(
        self, read_only: bool = False, wait_seconds: float = 120.0
    ) -> Iterator[duckdb.DuckDBPyConnection]:
        """Open the store, waiting while another process (a parallel crawl step, dbt) holds it."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if read_only and not self.path.exists():
            self.ensure_schema()
        deadline = time.monotonic() + wait_seconds
        delay = 0.05
        while True:
            try:
                con = duckdb.connect(str(self.path), read_only=read_only)
                break
            except duckdb.IOException as exc:
                if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 1.0)
        try:
            yield con
        finally:
            con.close()

    def ensure_schema(self) -> None:
        with self.connect() as con:
            con.execute("create schema if not exists raw")
            _ensure_build_scope_table(con)
            for name, schema in RAW_SCHEMAS.items():
                empty = schema.empty_table()  # noqa: F841 - read by DuckDB's replacement scan
                con.execute(f'create table if not exists raw."{name}" as select * from empty limit 0')
                # Columns added to the contract after the file was created.
                have = {
                    r[0]
                    for r in con.execute(
                        "select column_name from information_schema.columns "
                        "where table_schema = 'raw' and table_name = ?",
                        [name],
                    ).fetchall()
                }
                for fld in schema:
                    if fld.name not in have:
                        col_type = con.sql("select * from empty").types[schema.get_field_index(fld.name)]
                        con.execute(f'alter table raw."{name}" add column "{fld.name}" {col_type}')

    def begin_scan(self, client: str, scan_id: str, scanned_at: datetime, started_at: datetime) -> None:
        self.ensure_schema()
        row = conform(
            "scans",
            [
                {
                    "scan_id": scan_id,
                    "client": client,
                    "scanned_at": scanned_at,
                    "started_at": started_at,
                    "status": "running",
                }
            ],
        )
        self.land({"scans": row})

    def land(
        self, tables: dict[str, pa.Table], errors: Iterable[ScanError] = (), scan_id: str | None = None
    ) -> dict[str, int]:
        """Append raw tables (and the errors of the source that produced them) atomically.

        Returns the number of rows landed per table.
        """
        landed: dict[str, int] = {}
        with self.connect() as con:
            con.execute("begin transaction")
            try:
                for name, rows in tables.items():
                    data = conform(name, rows)
                    cols = ", ".join(f'"{f}"' for f in RAW_SCHEMAS[name].names)
                    con.execute(f'insert into raw."{name}" ({cols}) select {cols} from data')
                    landed[name] = data.num_rows
                err_rows = [{"scan_id": scan_id, **e.as_dict()} for e in errors]
                if err_rows:
                    err = conform("scan_errors", err_rows)  # noqa: F841
                    con.execute("insert into raw.scan_errors select * from err")
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        return landed

    def record_source(
        self,
        scan_id: str,
        source: str,
        status: str,
        counts: dict[str, int],
        content_hash: str | None,
        seconds: float,
        reused_from: str | None = None,
    ) -> None:
        row = conform(
            "scan_sources",
            [
                {
                    "scan_id": scan_id,
                    "source": source,
                    "status": status,
                    "counts_json": json.dumps(counts, sort_keys=True),
                    "content_hash": content_hash,
                    "seconds": seconds,
                    "reused_from": reused_from,
                }
            ],
        )
        self.land({"scan_sources": row})

    def last_source_run(self, client: str, source: str, before_scan_id: str) -> SourceRun | None:
        """How ``source`` went in the client's newest finished scan other than ``before_scan_id``.

        "Newest" is by wall clock (``started_at``): a replay with an old ``--as-of`` still
        compares against what was read last. Running and failed scans never count.
        """
        with self.connect(read_only=True) as con:
            row = con.execute(
                """
                select ss.scan_id, ss.status, ss.content_hash, ss.counts_json
                from raw.scan_sources ss join raw.scans s using (scan_id)
                where s.client = ? and ss.source = ? and s.scan_id <> ?
                  and s.status in ('complete', 'partial')
                order by s.started_at desc, s.scanned_at desc limit 1
                """,
                [client, source, before_scan_id],
            ).fetchone()
        if row is None:
            return None
        return SourceRun(row[0], row[1], row[2], json.loads(row[3] or "{}"))

    def carry_forward(
        self, from_scan_id: str, to_scan_id: str, tables: Iterable[tuple[str, str | None]]
    ) -> dict[str, int]:
        """Copy one source's raw rows of an earlier scan into a new scan, inside DuckDB.

        ``tables`` are (raw table, SQL filter or None): tables shared by two sources
        (``sql_*``) are split by their ``origin``. One ``insert ... select * replace``
        per table in one transaction: the rows never leave the database, and the copy is
        all or nothing, like a crawl's landing. Returns the rows copied per table.
        """
        copied: dict[str, int] = {}
        with self.connect() as con:
            con.execute("begin transaction")
            try:
                for name, condition in tables:
                    where = f" and ({condition})" if condition else ""
                    con.execute(
                        f'insert into raw."{name}" select * replace (?::varchar as scan_id) '
                        f'from raw."{name}" where scan_id = ?{where}',
                        [to_scan_id, from_scan_id],
                    )
                    copied[name] = con.fetchone()[0]
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise
        return copied

    @contextmanager
    def dbt_build_scope(
        self, scan_id: str | None, now: datetime, reuse_from: str | None = None
    ) -> Iterator[None]:
        """Scope the dbt builds run inside the block to one scan (None: every scan).

        ``raw.scan_build_scope`` is read by dbt_project/macros/scan_scope.sql at compile time.
        Passing the scan as ``--vars`` instead would make dbt re-parse the whole project on
        every scan, as any change of a var does. ``reuse_from`` names an earlier scan whose
        rows the clock-free models may copy (see ``evidence_reuse_source``). The scope is
        cleared afterwards, also on error, so a manual ``dbt build`` later covers every scan
        again. It is bookkeeping, not evidence, hence not in RAW_SCHEMAS.
        """
        self._set_build_scope(scan_id, now, reuse_from)
        try:
            yield
        finally:
            self._set_build_scope(None, now, None)

    def _set_build_scope(self, scan_id: str | None, now: datetime, reuse_from: str | None) -> None:
        with self.connect() as con:
            con.execute("create schema if not exists raw")
            _ensure_build_scope_table(con)
            con.execute("begin transaction")
            con.execute("delete from raw.scan_build_scope")
            if scan_id is not None:
                con.execute(
                    "insert into raw.scan_build_scope (scan_id, set_at, reuse_from) values (?, ?, ?)",
                    [scan_id, now, reuse_from],
                )
            con.execute("commit")

    def record_dbt_build(self, scan_id: str, project_hash: str, built_at: datetime) -> None:
        """Note that the evidence model was built for ``scan_id`` by this version of the project."""
        with self.connect() as con:
            con.execute("create schema if not exists raw")
            con.execute(
                "create table if not exists raw.scan_builds "
                "(scan_id varchar, project_hash varchar, built_at timestamp)"
            )
            con.execute("begin transaction")
            con.execute("delete from raw.scan_builds where scan_id = ?", [scan_id])
            con.execute("insert into raw.scan_builds values (?, ?, ?)", [scan_id, project_hash, built_at])
            con.execute("commit")

    def static_nodes_built_by(self, relations: Iterable[tuple[str, str]]) -> str | None:
        """The build fingerprint of the project whose seeds and views the store holds, or None.

        Those nodes hold nothing of any one scan (dbt_project/macros/static_nodes.sql): a
        build by the same project would make them again, byte for byte, so scans can leave
        them out. None when unknown: no build noted them, a dbt run since then may have
        replaced them (its on-run-start hook drops the note), or one of ``relations``
        ((schema, name) pairs) is missing.
        """
        with self.connect(read_only=True) as con:
            present = {
                (s, t)
                for s, t in con.execute(
                    "select table_schema, table_name from information_schema.tables"
                ).fetchall()
            }
            if ("raw", "dbt_static_nodes") not in present or not set(relations) <= present:
                return None
            row = con.execute("select project_hash from raw.dbt_static_nodes").fetchone()
        return row[0] if row else None

    def note_static_nodes_built(self, project_hash: str | None, built_at: datetime) -> None:
        """Note which project's seeds and views the store now holds (None: unknown)."""
        with self.connect() as con:
            con.execute("create schema if not exists raw")
            con.execute(
                "create table if not exists raw.dbt_static_nodes (project_hash varchar, built_at timestamp)"
            )
            con.execute("begin transaction")
            con.execute("delete from raw.dbt_static_nodes")
            if project_hash is not None:
                con.execute("insert into raw.dbt_static_nodes values (?, ?)", [project_hash, built_at])
            con.execute("commit")

    def evidence_reuse_source(self, scan_id: str, project_hash: str) -> str | None:
        """The earlier scan whose evidence-model rows ``scan_id`` may copy, if there is one.

        That is the case when every source of ``scan_id`` was carried forward from one scan
        P (its raw rows are P's, scan id aside), P read exactly the same sources, and P's
        evidence model was built, successfully, by the same dbt project. The models that do
        not look at the scan clock or at other scans then compute the same rows for both.
        """
        with self.connect(read_only=True) as con:
            has_builds = con.execute(
                "select count(*) from information_schema.tables "
                "where table_schema = 'raw' and table_name = 'scan_builds'"
            ).fetchone()[0]
            if not has_builds:
                return None
            sources = con.execute(
                "select source, status, reused_from from raw.scan_sources where scan_id = ?", [scan_id]
            ).fetchall()
            origins = {reused for _, _, reused in sources}
            if not sources or len(origins) != 1 or None in origins:
                return None
            if any(status != "ok" for _, status, _ in sources):
                return None
            (origin,) = origins
            origin_sources = con.execute(
                "select source from raw.scan_sources where scan_id = ?", [origin]
            ).fetchall()
            built = con.execute(
                "select count(*) from raw.scan_builds where scan_id = ? and project_hash = ?",
                [origin, project_hash],
            ).fetchone()[0]
        if built and {s for (s,) in origin_sources} == {s for s, _, _ in sources}:
            return str(origin)
        return None

    def finish_scan(self, scan_id: str, status: str, finished_at: datetime) -> None:
        with self.connect() as con:
            con.execute(
                "update raw.scans set status = ?, finished_at = ? where scan_id = ?",
                [status, finished_at, scan_id],
            )

    def scans(self) -> list[ScanRecord]:
        with self.connect(read_only=True) as con:
            rows = con.execute(
                "select scan_id, client, scanned_at, status from raw.scans order by scanned_at, started_at"
            ).fetchall()
        return [ScanRecord(*r) for r in rows]

    def errors(self, scan_id: str) -> list[ScanError]:
        with self.connect(read_only=True) as con:
            rows = con.execute(
                "select source, object, message from raw.scan_errors where scan_id = ? order by source, object",
                [scan_id],
            ).fetchall()
        return [ScanError(*r) for r in rows]

    def save_result(self, scan_id: str, result: dict) -> None:
        """Store (or, on a re-score of the same scan, replace) the result JSON of a scan."""
        score = result["score"]
        row = conform(  # noqa: F841 - read by DuckDB's replacement scan
            "scan_results",
            [
                {
                    "scan_id": scan_id,
                    "total": score["total"],
                    "min_total": score["min"],
                    "max_total": score["max"],
                    "band": score["band"],
                    "result_json": json.dumps(result, sort_keys=True, default=str),
                }
            ],
        )
        with self.connect() as con:
            con.execute("begin transaction")
            try:
                con.execute("delete from raw.scan_results where scan_id = ?", [scan_id])
                con.execute("insert into raw.scan_results select * from row")
                con.execute("commit")
            except BaseException:
                con.execute("rollback")
                raise

    def previous_results(self, before_scan_id: str) -> list[dict]:
        """Result JSONs of the completed scans before this one, oldest first (for trends)."""
        with self.connect(read_only=True) as con:
            rows = con.execute(
                """
                select r.result_json from raw.scan_results r join raw.scans s using (scan_id)
                where s.status in ('complete', 'partial') and r.scan_id <> ?
                  and s.scanned_at <= (select scanned_at from raw.scans where scan_id = ?)
                order by s.scanned_at
                """,
                [before_scan_id, before_scan_id],
            ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def latest_result(self) -> dict | None:
        """The result JSON of the newest completed scan, or None when the client was never scored."""
        if not self.path.exists():
            return None
        with self.connect(read_only=True) as con:
            row = con.execute(
                """
                select r.result_json from raw.scan_results r join raw.scans s using (scan_id)
                where s.status in ('complete', 'partial')
                order by s.scanned_at desc, s.started_at desc limit 1
                """
            ).fetchone()
        return json.loads(row[0]) if row else None


def _ensure_build_scope_table(con: duckdb.DuckDBPyConnection) -> None:
    """The orchestrator's dbt build scope; the staging views read it at query time."""
    con.execute("create table if not exists raw.scan_build_scope (scan_id varchar, set_at timestamp)")
    con.execute("alter table raw.scan_build_scope add column if not exists reuse_from varchar")
