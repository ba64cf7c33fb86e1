"""Keep dbt_project's manifest.json current so the dbt assets can be defined at load time.

dagster-dbt builds its assets from a manifest. A fresh clone has none, and a stale one
would hide a model, so it is regenerated with ``dbt parse`` whenever the project's files
changed since it was written (a content hash of the project is stored beside it).
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from orchestration.settings import DBT_PROJECT_DIR

TARGET_DIR = DBT_PROJECT_DIR / "target"
MANIFEST = TARGET_DIR / "manifest.json"
_HASH_FILE = TARGET_DIR / ".project_hash"
_PROJECT_GLOBS = ("dbt_project.yml", "profiles.yml", "models/**/*", "macros/**/*", "seeds/**/*", "tests/**/*")


def dbt_executable() -> str:
    """The dbt next to this interpreter: the venv's, whatever PATH says."""
    candidate = Path(sys.executable).parent / "dbt"
    return str(candidate) if candidate.exists() else "dbt"


def project_hash(project_dir: Path = DBT_PROJECT_DIR) -> str:
    h = hashlib.sha256()
    for pattern in _PROJECT_GLOBS:
        for path in sorted(project_dir.glob(pattern)):
            if path.is_file():
                h.update(str(path.relative_to(project_dir)).encode())
                h.update(path.read_bytes())
    return h.hexdigest()


def build_fingerprint() -> str:
    """What a build's rows depend on besides its inputs: the project and the engine versions."""
    from importlib.metadata import version

    engines = ":".join(version(d) for d in ("dbt-core", "dbt-duckdb", "duckdb"))
    return hashlib.sha256(f"{project_hash()}:{engines}".encode()).hexdigest()


def dbt_env(evidence_db: Path | str) -> dict[str, str]:
    return {
        **os.environ,
        "MATURITY_EVIDENCE_DB": str(evidence_db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "DO_NOT_TRACK": "1",
    }


def ensure_manifest() -> Path:
    """Return the manifest path, running ``dbt parse`` first if it is missing or stale."""
    digest = project_hash()
    if MANIFEST.exists() and _HASH_FILE.exists() and _HASH_FILE.read_text() == digest:
        return MANIFEST
    TARGET_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        # parse never opens the database, but the profile needs a path to render.
        proc = subprocess.run(
            [
                dbt_executable(),
                "parse",
                "--project-dir",
                str(DBT_PROJECT_DIR),
                "--profiles-dir",
                str(DBT_PROJECT_DIR),
                "--target-path",
                str(TARGET_DIR),
                "--quiet",
            ],
            env=dbt_env(Path(tmp) / "parse.duckdb"),
            capture_output=True,
            text=True,
            check=False,
        )
    if proc.returncode != 0:
        raise RuntimeError(f"dbt parse failed for {DBT_PROJECT_DIR}:\n{proc.stdout}\n{proc.stderr}")
    _HASH_FILE.write_text(digest)
    return MANIFEST
