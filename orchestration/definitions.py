"""The one Definitions object ``workspace.yaml`` loads: assets, checks, jobs, schedule, sensors."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.automation import (
    client_files_sensor,
    rescore_job,
    scan_job,
    survey_change_sensor,
    weekly_scan,
)
from orchestration.defs.crawl import crawl_assets, scan_bookkeeping_specs, scan_session
from orchestration.defs.evidence import dbt_resource, evidence_model
from orchestration.defs.portfolio import portfolio
from orchestration.defs.reporting import maturity_report
from orchestration.defs.resources import ScannerResource
from orchestration.defs.scorecard import scorecard

ALL_ASSETS = [scan_session, *crawl_assets, evidence_model, scorecard, portfolio, maturity_report]

defs_assets = [*ALL_ASSETS, *scan_bookkeeping_specs]


def resources(**scanner_config: str | None) -> dict[str, object]:
    return {"scanner": ScannerResource(**scanner_config), "dbt": dbt_resource()}


defs = dg.Definitions(
    assets=defs_assets,
    jobs=[scan_job, rescore_job],
    schedules=[weekly_scan],
    sensors=[client_files_sensor, survey_change_sensor],
    resources=resources(),
)
