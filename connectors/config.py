"""The client file (SPEC 5.2): what to crawl for one client.

Validated with pydantic so that a mistyped key or a wrong value is reported with the
file, the field path and what was expected, before any crawl starts. Relative paths are
resolved against the folder of the client file; nothing here touches the client's systems.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

WAREHOUSE_DEFAULT_DIALECT = {"duckdb": "duckdb", "postgres": "postgres"}


class ConfigError(Exception):
    """A client, survey or portfolio file that cannot be used, with where and why."""

    def __init__(self, path: str | Path, problems: list[str]):
        self.path = str(path)
        self.problems = problems
        super().__init__(f"{self.path}: " + "; ".join(problems))


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WarehouseConfig(_Strict):
    kind: Literal["duckdb", "postgres"]
    path: str | None = None  # duckdb: file path
    dsn_env: str | None = None  # postgres: env var holding the DSN (never the DSN itself)
    dialect: str | None = None
    schemas: list[str] | None = None  # optional allow-list of schemas to crawl

    @field_validator("dsn_env")
    @classmethod
    def _env_name(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", v):
            raise ValueError("must be the NAME of an environment variable, not a connection string")
        return v

    @model_validator(mode="after")
    def _kind_fields(self) -> WarehouseConfig:
        if self.kind == "duckdb" and not self.path:
            raise ValueError("'path' is required when kind is duckdb")
        if self.kind == "postgres" and not self.dsn_env:
            raise ValueError("'dsn_env' is required when kind is postgres")
        return self

    @property
    def sql_dialect(self) -> str:
        return self.dialect or WAREHOUSE_DEFAULT_DIALECT[self.kind]


class DbtConfig(_Strict):
    target_dir: str


class PathsConfig(_Strict):
    paths: list[str] = Field(min_length=1)


class ProbeConfig(_Strict):
    """GX probes run on the warehouse when a client has no data-quality results of its own."""

    enabled: bool = True
    max_tables: int = Field(default=10, ge=0, le=500)
    max_rows: int = Field(default=100_000, ge=1)
    freshness_days: int = Field(default=7, ge=1)


class GxConfig(_Strict):
    """Great Expectations: the client's own validation results, and/or probes we run."""

    paths: list[str] = []
    probe: ProbeConfig = ProbeConfig()


class QueryLogColumns(_Strict):
    query: str = "query_text"
    user: str = "user_name"
    application: str = "client_application"
    started_at: str = "start_time"


class QueryLogConfig(_Strict):
    path: str | None = None  # an export file; optional only for live pg_stat_statements
    format: Literal["jsonl", "csv", "pg_stat_statements", "snowflake_query_history", "bigquery_jobs"] = (
        "jsonl"
    )
    dialect: str | None = None
    columns: QueryLogColumns = QueryLogColumns()
    # pg_stat_statements read live: NAME of the env var with the DSN (usually the warehouse's)
    dsn_env: str | None = None

    @field_validator("dsn_env")
    @classmethod
    def _env_name(cls, v: str | None) -> str | None:
        return WarehouseConfig._env_name(v)

    @model_validator(mode="after")
    def _source(self) -> QueryLogConfig:
        if self.dsn_env and self.format != "pg_stat_statements":
            raise ValueError("'dsn_env' is only for format pg_stat_statements (read live)")
        if self.dsn_env and self.path:
            raise ValueError("give either 'path' (an export) or 'dsn_env' (read live), not both")
        if not self.dsn_env and not self.path:
            raise ValueError("'path' is required (or 'dsn_env' with format pg_stat_statements)")
        return self


class ClientConfig(_Strict):
    client: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    name: str
    language: Literal["fr", "en"] = "fr"
    warehouse: WarehouseConfig | None = None
    dbt: DbtConfig | None = None
    openlineage: PathsConfig | None = None
    gx: GxConfig | None = None
    query_logs: list[QueryLogConfig] = []
    survey: str | None = None
    portfolio: str | None = None

    # Not part of the file: where it was read from, to resolve relative paths.
    base_dir: str = Field(default=".", exclude=True)

    def resolve(self, path: str) -> Path:
        """A path from the file, made absolute against the client file's folder."""
        p = Path(path).expanduser()
        return p if p.is_absolute() else (Path(self.base_dir) / p).resolve()


def format_validation_error(err: ValidationError) -> list[str]:
    """pydantic's errors as 'field.path: message (got X)' lines a person can act on."""
    lines = []
    for e in err.errors():
        loc = ".".join(str(p) for p in e["loc"]) or "(top level)"
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field (check its spelling)"
        elif e["type"] == "missing":
            msg = "required field is missing"
        got = e.get("input")
        if e["type"] not in ("missing",) and not isinstance(got, (dict, list)) and got is not None:
            msg += f" (got {got!r})"
        lines.append(f"{loc}: {msg}")
    return lines


def read_yaml(path: str | Path) -> object:
    """Parse a YAML file, turning syntax errors into a ConfigError with the line."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(p, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(p, [f"cannot read: {exc}"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise ConfigError(p, [f"{where}invalid YAML: {getattr(exc, 'problem', exc)}"]) from None


def load_client(path: str | Path) -> ClientConfig:
    """Read and validate a client file; raises ConfigError naming file, field and expectation."""
    p = Path(path).resolve()
    data = read_yaml(p)
    if not isinstance(data, dict):
        raise ConfigError(p, ["expected a mapping with at least 'client' and 'name'"])
    try:
        return ClientConfig.model_validate({**data, "base_dir": str(p.parent)})
    except ValidationError as err:
        raise ConfigError(p, format_validation_error(err)) from None
    except ValueError as err:
        raise ConfigError(p, [str(err)]) from None
