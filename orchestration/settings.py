"""Where the scanner keeps its state and finds its clients, resolved in one place.

Precedence for every setting: 1. an explicit argument (CLI flag, resource config),
2. the environment variable, 3. the default relative to the repository. Read inside
functions only, never at import time, so tests and the CLI can set them first.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"


def data_dir(explicit: str | Path | None = None) -> Path:
    """Root of the per-client evidence stores and reports (``MATURITY_DATA_DIR``, default ./data)."""
    value = explicit or os.environ.get("MATURITY_DATA_DIR") or (REPO_ROOT / "data")
    return Path(value).expanduser().resolve()


def client_dirs(explicit: str | None = None) -> list[Path]:
    """Folders searched for client files (``MATURITY_CLIENT_DIRS``, os.pathsep-separated).

    The default covers the bundled demo client so ``dagster dev`` shows it at once.
    """
    value = explicit or os.environ.get("MATURITY_CLIENT_DIRS")
    if value:
        return [Path(p).expanduser().resolve() for p in value.split(os.pathsep) if p]
    return [REPO_ROOT / "clients", REPO_ROOT / "examples"]


def evidence_db_path(client: str, root: Path | None = None) -> Path:
    return (root or data_dir()) / client / "evidence.duckdb"


def reports_dir(client: str, scan_id: str, root: Path | None = None) -> Path:
    return (root or data_dir()) / client / "reports" / scan_id


def collector_inbox(client: str, root: Path | None = None) -> Path:
    """Where ``maturity collect`` appends the OpenLineage events it accepted for a client."""
    return (root or data_dir()) / client / "openlineage_inbox"
