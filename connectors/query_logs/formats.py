"""Which field of each supported export holds what: one :class:`Fields` per log format.

The vendors' exports name things their own way, and the same export arrives with
upper-case headers (Snowflake's worksheet download), lower-case keys (``bq query
--format=json``), or as CSV or JSON lines; so vendor formats match names
case-insensitively and take the first candidate present. The documented columns used:

- Snowflake ``ACCOUNT_USAGE.QUERY_HISTORY`` (or the ``INFORMATION_SCHEMA.QUERY_HISTORY``
  table function): ``QUERY_TEXT``, ``USER_NAME``, ``ROLE_NAME``, ``WAREHOUSE_NAME``,
  ``START_TIME``, ``QUERY_TAG`` (the view has no client application; an export joined
  with ``SESSIONS`` may carry ``CLIENT_APPLICATION_ID``, preferred when present);
- BigQuery ``INFORMATION_SCHEMA.JOBS``: ``query``, ``user_email``, ``creation_time``,
  ``project_id``, ``job_type`` (only ``QUERY`` jobs hold SQL) and ``labels`` (an array of
  ``{key, value}``: tools such as dbt label their jobs, so labels stand for the application);
- PostgreSQL ``pg_stat_statements`` (joined to ``pg_roles`` and ``pg_database`` for names):
  ``query``, ``rolname``, ``datname``, ``calls``. It aggregates executions, so there is no
  start time and each row carries its number of ``calls``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from connectors.config import QueryLogConfig

Getter = Callable[[str], object]  # a row's value for a (normalised) field name, or None


@dataclass(frozen=True)
class Fields:
    query: tuple[str, ...]
    user: tuple[str, ...] = ()
    application: tuple[str, ...] = ()
    started_at: tuple[str, ...] = ()
    calls: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    warehouse: tuple[str, ...] = ()
    case_insensitive: bool = False
    # A reason to leave a row out silently (not an error: e.g. a BigQuery LOAD job), or None.
    skip: Callable[[Getter], str | None] | None = None
    # Turns the raw application value into text (BigQuery labels -> "k=v,k2=v2").
    application_text: Callable[[object], str | None] | None = None

    def key(self, name: str) -> str:
        return name.lower() if self.case_insensitive else name


def labels_text(value: object) -> str | None:
    """BigQuery job labels as ``key=value`` pairs, from the array, a mapping or its JSON text."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError:
            return value
    pairs: list[tuple[object, object]] = []
    if isinstance(value, Mapping):
        pairs = list(value.items())
    elif isinstance(value, list):
        pairs = [(v.get("key"), v.get("value")) for v in value if isinstance(v, Mapping)]
    return ",".join(f"{k}={v}" for k, v in pairs if k) or None


def _bigquery_skip(get: Getter) -> str | None:
    job_type = get("job_type")
    if job_type not in (None, "", "QUERY"):
        return f"{job_type} job"
    return None


SNOWFLAKE = Fields(
    query=("query_text",),
    user=("user_name",),
    application=("client_application_id", "query_tag"),
    started_at=("start_time",),
    role=("role_name",),
    warehouse=("warehouse_name",),
    case_insensitive=True,
)
BIGQUERY = Fields(
    query=("query",),
    user=("user_email",),
    application=("labels",),
    started_at=("creation_time", "start_time"),
    warehouse=("project_id",),
    case_insensitive=True,
    skip=_bigquery_skip,
    application_text=labels_text,
)
PG_STAT_STATEMENTS = Fields(
    query=("query",),
    user=("rolname", "usename", "user_name", "userid"),
    application=("application_name",),
    calls=("calls",),
    warehouse=("datname",),
    case_insensitive=True,
)
VENDOR_FIELDS = {
    "snowflake_query_history": SNOWFLAKE,
    "bigquery_jobs": BIGQUERY,
    "pg_stat_statements": PG_STAT_STATEMENTS,
}


def fields_for(log: QueryLogConfig) -> Fields:
    """The fields of a configured log: the vendor's, or the ``columns`` mapping for jsonl/csv.

    An explicit ``columns`` entry overrides a vendor format's query/user/application/time
    names (an export with renamed columns).
    """
    vendor = VENDOR_FIELDS.get(log.format)
    cols = log.columns
    if vendor is None or "columns" in log.model_fields_set:
        base = vendor or Fields(query=())
        return Fields(
            query=(cols.query,),
            user=(cols.user,),
            application=(cols.application,),
            started_at=(cols.started_at,),
            calls=base.calls,
            role=base.role,
            warehouse=base.warehouse,
            case_insensitive=base.case_insensitive,
            skip=base.skip,
            application_text=base.application_text,
        )
    return vendor


def file_kind(log_format: str, head: bytes) -> str:
    """``jsonl`` or ``csv`` for a file of this format starting with ``head``."""
    if log_format in ("jsonl", "csv"):
        return log_format
    return "jsonl" if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "csv"
