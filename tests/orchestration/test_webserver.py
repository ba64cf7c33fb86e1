"""``dagster dev`` on the repository's workspace.yaml, driven through GraphQL like the UI does.

What a consultant sees on day one: the asset graph, its checks, the weekly schedule and the
sensors are loaded; adding a client partition and launching ``client_scan`` for it runs the
whole scan in real subprocesses (the multiprocess executor, the run queue, the daemon); a
client whose file is broken fails its own run, with the parse error in the run's events,
while the other client's run succeeds. The server is stopped with SIGINT, as a person would.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("acme")]

REPO = Path(__file__).resolve().parents[2]
LOCATION = "maturity_scanner"  # workspace.yaml
REPOSITORY = "__repository__"
RUN_TIMEOUT = 900  # seconds: a full scan in subprocesses on a shared 2-core machine


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _restore_signals() -> None:
    # A process started from a non-interactive shell inherits SIGINT ignored, and dagster maps
    # SIGTERM onto the SIGINT handler: without this, neither stops it (DEPENDENCIES.md 2a).
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


class DagsterDev:
    def __init__(self, home: Path, env: dict[str, str], log: Path):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.proc = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "dagster"),
                "dev",
                "-w",
                str(REPO / "workspace.yaml"),
                "-h",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
            cwd=REPO,
            env={**env, "DAGSTER_HOME": str(home)},
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            preexec_fn=_restore_signals,
            start_new_session=True,
        )

    def wait_ready(self, timeout: float = 240) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dagster dev exited: {self.log.read_text()[-3000:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/server_info", timeout=5) as resp:
                    if resp.status == 200:
                        data = self.gql(
                            '{ repositoryOrError(repositorySelector: {repositoryLocationName: "'
                            f'{LOCATION}", repositoryName: "{REPOSITORY}"}}) {{ __typename }} }}'
                        )
                        if data["repositoryOrError"]["__typename"] == "Repository":
                            return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(1)
        raise TimeoutError(f"dagster dev not ready: {self.log.read_text()[-3000:]}")

    def gql(self, query: str, **variables: Any) -> dict[str, Any]:
        body = json.dumps({"query": query, "variables": variables}).encode()
        req = urllib.request.Request(f"{self.url}/graphql", body, {"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            out = json.load(resp)
        assert "errors" not in out, out["errors"]
        return out["data"]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        # Every child (webserver, daemon, code server) follows within a few seconds.
        deadline = time.monotonic() + 30
        leftover = True
        while leftover and time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
                time.sleep(0.5)
            except ProcessLookupError:
                leftover = False
        if leftover:
            os.killpg(self.proc.pid, signal.SIGKILL)
        assert not leftover, "dagster dev left processes behind 30 s after SIGINT"


_SELECTOR = {"repositoryLocationName": LOCATION, "repositoryName": REPOSITORY}

_REPO_QUERY = """
query ($selector: RepositorySelector!) {
  repositoryOrError(repositorySelector: $selector) {
    ... on Repository {
      jobs { name }
      schedules { name cronSchedule scheduleState { status } }
      sensors { name sensorState { status } }
    }
  }
  assetNodes {
    assetKey { path }
    assetChecksOrError { ... on AssetChecks { checks { name } } }
  }
}"""

_ADD_PARTITION = """
mutation ($selector: RepositorySelector!, $key: String!) {
  addDynamicPartition(repositorySelector: $selector, partitionsDefName: "clients", partitionKey: $key) {
    __typename
    ... on PythonError { message }
  }
}"""

_LAUNCH = """
mutation ($params: ExecutionParams!) {
  launchRun(executionParams: $params) {
    __typename
    ... on LaunchRunSuccess { run { runId } }
    ... on PythonError { message }
    ... on InvalidSubsetError { message }
    ... on RunConfigValidationInvalid { errors { message } }
  }
}"""

_RUN = """
query ($runId: ID!) {
  runOrError(runId: $runId) { ... on Run { status tags { key value } } }
}"""

_LOGS = """
query ($runId: ID!) {
  logsForRun(runId: $runId, limit: 5000) {
    ... on EventConnection {
      events {
        __typename
        ... on MessageEvent { message }
        ... on StepEvent { stepKey }
        ... on ExecutionStepFailureEvent { error { message } }
        ... on MaterializationEvent { assetKey { path } }
        ... on AssetCheckEvaluationEvent { evaluation { checkName success } }
      }
    }
  }
}"""


def _launch(server: DagsterDev, client: str) -> str:
    params = {
        "selector": {**_SELECTOR, "jobName": "client_scan"},
        "mode": "default",
        "executionMetadata": {"tags": [{"key": "dagster/partition", "value": client}]},
    }
    res = server.gql(_LAUNCH, params=params)["launchRun"]
    assert res["__typename"] == "LaunchRunSuccess", res
    return res["run"]["runId"]


def _wait(server: DagsterDev, run_ids: list[str]) -> dict[str, str]:
    deadline = time.monotonic() + RUN_TIMEOUT
    status: dict[str, str] = {}
    while time.monotonic() < deadline:
        status = {rid: server.gql(_RUN, runId=rid)["runOrError"]["status"] for rid in run_ids}
        if all(s in ("SUCCESS", "FAILURE", "CANCELED") for s in status.values()):
            return status
        time.sleep(3)
    raise TimeoutError(f"runs still going after {RUN_TIMEOUT} s: {status}")


@pytest.fixture
def server(acme_client: Path, tmp_path: Path):
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    broken = tmp_path / "clients"
    broken.mkdir()
    # Declared its client once; now a bad edit left an unclosed bracket.
    (broken / "beta.yaml").write_text(
        "client: beta\nname: Beta SA\nwarehouse: [kind: duckdb\n  path: w.duckdb\n"
    )
    env = {
        **os.environ,
        "MATURITY_CLIENT_DIRS": os.pathsep.join([str(acme_client.parent), str(broken)]),
        "MATURITY_DATA_DIR": str(tmp_path / "data"),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "False",
        "GX_ANALYTICS_ENABLED": "false",
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    }
    dev = DagsterDev(home, env, tmp_path / "dagster_dev.log")
    try:
        dev.wait_ready()
        yield dev
    finally:
        dev.stop()


def test_webserver_runs_a_client_scan_and_isolates_a_broken_client(server: DagsterDev, tmp_path: Path):
    data = server.gql(_REPO_QUERY, selector=_SELECTOR)
    repo = data["repositoryOrError"]
    assert {"client_scan", "client_rescore"} <= {j["name"] for j in repo["jobs"]}
    assert [(s["name"], s["cronSchedule"], s["scheduleState"]["status"]) for s in repo["schedules"]] == [
        ("weekly_scan", "0 5 * * 1", "RUNNING")
    ]
    assert {s["name"]: s["sensorState"]["status"] for s in repo["sensors"]} == {
        "client_files_sensor": "RUNNING",
        "survey_change_sensor": "RUNNING",
    }
    assets = {"/".join(n["assetKey"]["path"]): n for n in data["assetNodes"]}
    assert {
        "scan_session",
        "raw/warehouse_tables",
        "evidence/question_signals",
        "scorecard",
        "maturity_report",
    } <= set(assets)

    def checks(key: str) -> set[str]:
        return {c["name"] for c in assets[key]["assetChecksOrError"]["checks"]}

    assert {"evidence_landed_for_scan", "evidence_is_recent"} <= checks("raw/warehouse_tables")
    assert {"evidence_landed_for_scan", "evidence_is_recent"} <= checks("raw/query_log")
    assert {"every_question_answered_or_flagged", "every_configured_source_read"} <= checks("scorecard")

    for client in ("acme", "beta"):
        added = server.gql(_ADD_PARTITION, selector=_SELECTOR, key=client)["addDynamicPartition"]
        # The client files sensor may have added acme first: either way the partition exists.
        assert added["__typename"] in ("AddDynamicPartitionSuccess", "DuplicateDynamicPartitionError"), added

    acme_run, beta_run = _launch(server, "acme"), _launch(server, "beta")
    status = _wait(server, [acme_run, beta_run])
    logs = {rid: server.gql(_LOGS, runId=rid)["logsForRun"]["events"] for rid in (acme_run, beta_run)}
    assert status == {acme_run: "SUCCESS", beta_run: "FAILURE"}, (status, server.log.read_text()[-4000:])

    acme = logs[acme_run]
    materialised = {
        "/".join(e["assetKey"]["path"]) for e in acme if e["__typename"] == "MaterializationEvent"
    }
    assert {
        "scan_session",
        "raw/warehouse_tables",
        "evidence/question_signals",
        "scorecard",
        "maturity_report",
    } <= (materialised)
    landed = {
        e["evaluation"]["checkName"]: e["evaluation"]["success"]
        for e in acme
        if e["__typename"] == "AssetCheckEvaluationEvent"
        and e["evaluation"]["checkName"] == "evidence_landed_for_scan"
    }
    assert landed == {"evidence_landed_for_scan": True}
    report = next(tmp_path.glob("data/acme/reports/*/report.html"))
    assert "Acme Retail" in report.read_text(encoding="utf-8")

    failures = [e for e in logs[beta_run] if e["__typename"] == "ExecutionStepFailureEvent"]
    assert [e["stepKey"] for e in failures] == ["scan_session"]
    message = failures[0]["error"]["message"]
    assert "client 'beta' cannot be scanned" in message
    assert "beta.yaml" in message and "line 3" in message  # the parse error, where it is
