"""When scans run: a weekly scan of every client, new client files picked up, and a re-score
when a client's survey or portfolio file changes (the evidence of the last scan is reused).
"""

import hashlib
import json

import dagster as dg

from orchestration import clients as client_files
from orchestration import settings
from orchestration.defs.partitions import clients_partitions

scan_job = dg.define_asset_job(
    "client_scan",
    selection=dg.AssetSelection.all(),
    partitions_def=clients_partitions,
    description="Full scan of one client: crawl every source, build the evidence model, score, report.",
)
rescore_job = dg.define_asset_job(
    "client_rescore",
    selection=dg.AssetSelection.assets("scorecard", "maturity_report"),
    partitions_def=clients_partitions,
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
    """Hash of a client file's survey and portfolio contents: what a re-score depends on."""
    from connectors.config import ConfigError, load_client

    try:
        cfg = load_client(path)
    except ConfigError as err:
        return f"invalid:{err}"
    h = hashlib.sha256()
    for rel in (cfg.survey, cfg.portfolio):
        if rel:
            p = cfg.resolve(rel)
            h.update(p.read_bytes() if p.exists() else b"<missing>")
    return h.hexdigest()


@dg.sensor(job=rescore_job, minimum_interval_seconds=30, default_status=dg.DefaultSensorStatus.RUNNING)
def survey_change_sensor(context: dg.SensorEvaluationContext):
    """Re-scores a client when its survey or portfolio file changes."""
    previous = json.loads(context.cursor) if context.cursor else {}
    known = set(context.instance.get_dynamic_partitions(clients_partitions.name))
    current = {
        cf.client: _inputs_digest(cf.path)
        for cf in client_files.discover(settings.client_dirs())
        if cf.client in known
    }
    requests = [
        dg.RunRequest(run_key=f"{client}-{digest[:12]}", partition_key=client)
        for client, digest in sorted(current.items())
        if client in previous
        and previous[client] != digest
        and context.instance.get_latest_materialization_event(dg.AssetKey("scan_session")) is not None
    ]
    context.update_cursor(json.dumps(current, sort_keys=True))
    return requests or dg.SkipReason("no survey or portfolio change")
