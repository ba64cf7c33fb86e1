"""When scans run: a weekly scan of every client, new client files picked up, and a re-score
when a client's survey or portfolio file changes (the evidence of the last scan is reused).
"""

import hashlib
import json

import dagster as dg

from orchestration import clients as client_files
from orchestration import settings
from orchestration.defs.partitions import clients_partitions

# One process per run, not per step: a client's evidence store is a single-writer DuckDB
# file, so its steps run one after the other anyway, and a process per step would pay the
# Dagster/dbt import (3-5 s) a dozen times per scan. Clients still scan in parallel, one run each.
scan_job = dg.define_asset_job(
    "client_scan",
    selection=dg.AssetSelection.all(),
    partitions_def=clients_partitions,
    executor_def=dg.in_process_executor,
    description="Full scan of one client: crawl every source, build the evidence model, score, report.",
)
rescore_job = dg.define_asset_job(
    "client_rescore",
    selection=dg.AssetSelection.assets("portfolio", "scorecard", "maturity_report"),
    partitions_def=clients_partitions,
    executor_def=dg.in_process_executor,
    description="Re-score the last scan of a client after its survey or portfolio changed.",
)


@dg.schedule(
    job=scan_job,
    cron_schedule="0 5 * * 1",
    execution_timezone="Europe/Paris",
    default_status=dg.DefaultScheduleStatus.RUNNING,
)
def weekly_scan(context: dg.ScheduleEvaluationContext):
    """Every Monday 05:00 Paris time, one run per client partition."""
    for client in context.instance.get_dynamic_partitions(clients_partitions.name):
        yield dg.RunRequest(
            run_key=f"{client}-{context.scheduled_execution_time:%Y%m%d}", partition_key=client
        )


@dg.sensor(minimum_interval_seconds=60, default_status=dg.DefaultSensorStatus.RUNNING)
def client_files_sensor(context: dg.SensorEvaluationContext):
    """Adds a partition for each new client file found under the client folders."""
    known = set(context.instance.get_dynamic_partitions(clients_partitions.name))
    found = [cf.client for cf in client_files.discover(settings.client_dirs())]
    new = sorted(set(found) - known)
    if not new:
        return dg.SkipReason(f"{len(known)} clients known, no new client file")
    return dg.SensorResult(dynamic_partitions_requests=[clients_partitions.build_add_request(new)])


def _inputs_digest(path) -> str:
    """Hash of a client file's survey and portfolio contents: what a re-score depends on.

    Raises ConfigError when the client file itself no longer loads.
    """
    from connectors.config import load_client

    cfg = load_client(path)
    h = hashlib.sha256()
    for rel in (cfg.survey, cfg.portfolio):
        if rel:
            p = cfg.resolve(rel)
            h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


def client_input_states(known: set[str], dirs) -> tuple[dict[str, str], dict[str, str]]:
    """Digest of each known client's re-score inputs, and the reason for each client that has none.

    One client's broken file is that client's problem: it is reported and the others are
    still compared, so a typo in one client's YAML never holds back another's re-score.
    """
    from connectors.config import ConfigError
    from orchestration.client_health import unreadable_client_files

    files = {cf.client: cf.path for cf in client_files.discover(dirs) if cf.client in known}
    digests: dict[str, str] = {}
    broken: dict[str, str] = {}
    for client in sorted(known):
        if client not in files:
            problems = unreadable_client_files(client, dirs)
            broken[client] = (
                "; ".join(f"{path}: {problem}" for path, problem in problems)
                or f"no client file declares client '{client}' any more"
            )
            continue
        try:
            digests[client] = _inputs_digest(files[client])
        except (ConfigError, OSError) as err:
            broken[client] = f"{files[client]}: {err}"
    return digests, broken


def _read_cursor(cursor: str | None) -> dict[str, str]:
    state = json.loads(cursor) if cursor else {}
    return state.get("digests", {}) if "digests" in state else state  # older cursors: flat digests


@dg.sensor(job=rescore_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def survey_change_sensor(context: dg.SensorEvaluationContext):
    """Re-scores a client when its survey or portfolio file changes.

    Only clients with a finished scan are re-scored (a re-score reuses that scan's evidence).
    A client whose file broke keeps its last good digest in the cursor, so fixing the file
    and changing the survey together still triggers a re-score; it is logged as an error
    at every tick until fixed.
    """
    previous = _read_cursor(context.cursor)
    known = set(context.instance.get_dynamic_partitions(clients_partitions.name))
    digests, broken = client_input_states(known, settings.client_dirs())
    scanned = context.instance.get_materialized_partitions(dg.AssetKey("scan_session"))
    requests = [
        dg.RunRequest(
            run_key=f"{client}-{digest[:12]}",
            partition_key=client,
            tags={"maturity/client": client, "maturity/trigger": "survey_change"},
        )
        for client, digest in sorted(digests.items())
        if client in previous and previous[client] != digest and client in scanned
    ]
    for client, reason in sorted(broken.items()):
        context.log.error(f"client '{client}' cannot be re-scored: {reason}")
        if client in previous:
            digests[client] = previous[client]
    context.update_cursor(json.dumps({"digests": digests, "broken": broken}, sort_keys=True))
    if requests:
        return requests
    if broken:
        return dg.SkipReason(
            "no survey or portfolio change; broken client files: "
            + "; ".join(f"{c}: {r}" for c, r in sorted(broken.items()))
        )
    return dg.SkipReason("no survey or portfolio change")
