"""Session-wide test settings: no telemetry, no network, a private Dagster home.

Every test runs with the same environment a CI run has; nothing here mocks a part that
can run for real.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"

os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "False")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# dbt and dagster-dbt look for the dbt executable on PATH: make it the venv's.
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")

import shutil  # noqa: E402
from datetime import datetime  # noqa: E402

import pytest  # noqa: E402

# The clock of the shared demo stack: every planted age (12-day-stale source, 8-month-old ML
# history, 60 days of runs) is relative to it, and scans of it run one hour later.
ACME_AS_OF = datetime(2026, 6, 1, 8, 0, 0)
ACME_SCAN_AT = "2026-06-01T09:00:00"


@pytest.fixture(scope="session")
def acme_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Acme demo stack, built once per test session at ACME_AS_OF; returns its client file.

    Building runs dbt and GX for real (20-40 s), so every test that needs the stack shares
    this one; tests that use it carry ``@pytest.mark.xdist_group("acme")`` so that xdist keeps
    them on one worker and the stack is built once.
    """
    from demo.acme import build

    root = tmp_path_factory.mktemp("acme")
    build(root / "stack", as_of=ACME_AS_OF, seed=42)
    for name in ("acme.yaml", "survey.yaml", "portfolio.yaml"):
        shutil.copy(REPO / "examples" / "acme" / name, root / name)
    return root / "acme.yaml"


@pytest.fixture(scope="session")
def acme_scan(acme_client: Path, tmp_path_factory: pytest.TempPathFactory):
    """One full scan of the shared demo stack at ACME_SCAN_AT, for tests that only read it.

    Returns the ``ScanOutcome`` (result dict, per-step seconds); its evidence store is under
    ``acme_scan.data_dir``. Tests that scan again or change files make their own copy.
    """
    from orchestration.run_scan import run_scan

    data_dir = tmp_path_factory.mktemp("acme-data")
    outcome = run_scan(acme_client, as_of=ACME_SCAN_AT, data_dir=str(data_dir))
    assert outcome.failed_steps == [], outcome.failure_messages
    outcome.data_dir = data_dir
    return outcome
