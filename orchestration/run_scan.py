"""``maturity scan``: materialise the same Dagster assets as the UI, in-process, for one client.

The CLI and ``dagster dev`` share one asset graph, so a scan run from a terminal is the
same computation the schedule runs, recorded in the same instance when ``DAGSTER_HOME``
is set (otherwise in a throwaway one).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dagster as dg

from connectors.config import load_client
from orchestration import settings
from orchestration.defs.partitions import clients_partitions

_QUIET_LOGS = {"loggers": {"console": {"config": {"log_level": "ERROR"}}}}


@dataclass
class ScanOutcome:
    result: dict[str, Any] | None
    failed_steps: list[str] = field(default_factory=list)
    failure_messages: list[str] = field(default_factory=list)
    step_seconds: dict[str, float] = field(default_factory=dict)
    log_file: Path | None = None


def _instance() -> dg.DagsterInstance:
    import os

    return dg.DagsterInstance.get() if os.environ.get("DAGSTER_HOME") else dg.DagsterInstance.ephemeral()


def run_scan(
    client_file: str | Path,
    *,
    lang: str | None = None,
    as_of: str | None = None,
    data_dir: str | None = None,
    rubric_path: str | None = None,
    verbose: bool = False,
) -> ScanOutcome:
    """Scan one client; raises ConfigError when the client file itself is unusable."""
    from orchestration.definitions import ALL_ASSETS, resources

    cfg = load_client(client_file)  # fail fast, before any Dagster machinery
    instance = _instance()
    if not instance.has_dynamic_partition(clients_partitions.name, cfg.client):
        instance.add_dynamic_partitions(clients_partitions.name, [cfg.client])
    # dbt's own log lines (streamed by dagster-dbt to stdout) go to a per-client log file unless
    # --verbose: the terminal shows the progress bars, the UI shows the captured logs.
    log_file = None if verbose else settings.data_dir(data_dir) / cfg.client / "logs" / "last_scan.log"
    with contextlib.ExitStack() as stack:
        if log_file is not None:
            log_file.parent.mkdir(parents=True, exist_ok=True)
            stack.enter_context(contextlib.redirect_stdout(stack.enter_context(log_file.open("w"))))
        res = dg.materialize(
            ALL_ASSETS,
            instance=instance,
            partition_key=cfg.client,
            resources=resources(
                client_file=str(Path(client_file).resolve()),
                language=lang,
                as_of=as_of,
                data_dir=data_dir,
                rubric_path=rubric_path,
            ),
            run_config=None if verbose else _QUIET_LOGS,
            raise_on_error=False,
            tags={"maturity/client": cfg.client, "maturity/trigger": "cli"},
        )
    failed: list[str] = []
    messages: list[str] = []
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for entry in instance.all_logs(res.run_id):
        event = entry.dagster_event
        if event is None:
            continue
        step = event.step_key or "?"
        if event.event_type_value == "STEP_START":
            started[step] = entry.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and step in started:
            seconds[step] = round(entry.timestamp - started[step], 2)
        if event.event_type_value == "STEP_FAILURE":
            failed.append(step)
            err = event.event_specific_data.error if event.event_specific_data else None
            if err is not None:
                messages.append(f"{step}: {err.message.strip()}")
    result = None
    for node in ("maturity_report", "scorecard"):
        try:
            result = res.output_for_node(node)
            break
        except Exception:  # the step failed or never ran
            continue
    return ScanOutcome(result, failed, messages, seconds, log_file)
