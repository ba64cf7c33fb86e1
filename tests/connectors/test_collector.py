"""The OpenLineage collector (``maturity collect``) as producers see it, end to end.

The collector runs as a real subprocess (``serve``, uvicorn) on a free 127.0.0.1 port and
is fed by the real openlineage-python client (HttpTransport, api_key auth, gzip), by
plain HTTP for the edge cases, and by the public event corpus; what it accepted is then
read back by ``crawl_openlineage`` from the inbox, as the next scan would.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset, schema_dataset
from openlineage.client.transport.http import ApiKeyTokenProvider, HttpCompression, HttpConfig, HttpTransport
from openlineage.client.uuid import generate_new_uuid

from connectors.base import ScanContext
from connectors.config import PathsConfig
from connectors.openlineage import crawl_openlineage, validate_event
from connectors.openlineage.inbox import Inbox, inbox_file
from tests.conftest import SHARED

ROOT = Path(__file__).resolve().parents[2]
CORPUS = SHARED / "corpora" / "openlineage"
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2026, 9, 1), base_dir=".")
TOKEN = "s3cret-collector-token-0123456789"
LIMIT = 64 * 1024
NS = "duckdb://acme"

_SERVE = """
import os, sys
from pathlib import Path
from connectors.config import ClientConfig
from connectors.openlineage.collector import serve
serve(ClientConfig(client="acme", name="Acme"), Path(sys.argv[1]), host="127.0.0.1", port=int(sys.argv[2]),
      token=os.environ.get("COLLECT_TOKEN") or None, max_request_bytes=int(sys.argv[3]))
"""


@dataclass
class Collector:
    proc: subprocess.Popen
    url: str
    inbox: Path
    log: Path

    def post(self, body: bytes | str, token: str | None = TOKEN, **headers: str) -> requests.Response:
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        headers.setdefault("Content-Type", "application/json")
        return requests.post(f"{self.url}/api/v1/lineage", data=body, headers=headers, timeout=10)

    def lines(self) -> list[dict]:
        return [json.loads(line) for f in sorted(self.inbox.glob("*.jsonl")) for line in f.open()]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(tmp: Path, token: str | None = TOKEN, limit: int = LIMIT) -> Collector:
    port = _free_port()
    inbox = tmp / "openlineage_inbox"
    log = tmp / "collector.log"
    env = {**os.environ, "COLLECT_TOKEN": token or "", "PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-c", _SERVE, str(inbox), str(port), str(limit)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"collector exited: {log.read_text()}")
        try:
            if requests.get(f"{url}/api/v1/health", timeout=1).ok:
                return Collector(proc, url, inbox, log)
        except requests.ConnectionError:
            time.sleep(0.05)
    proc.kill()
    raise RuntimeError("collector did not start")


def _stop(c: Collector) -> None:
    if c.proc.poll() is None:
        c.proc.terminate()
        try:
            c.proc.wait(10)
        except subprocess.TimeoutExpired:
            c.proc.kill()
            c.proc.wait()


@pytest.fixture(scope="module")
def collector(tmp_path_factory) -> Iterator[Collector]:
    c = _start(tmp_path_factory.mktemp("collector"))
    yield c
    _stop(c)


@pytest.fixture
def fresh(tmp_path) -> Iterator[Collector]:
    c = _start(tmp_path)
    yield c
    _stop(c)


def _client(url: str, token: str | None = TOKEN, gzip_body: bool = False) -> OpenLineageClient:
    config = HttpConfig(
        url=url,
        endpoint="api/v1/lineage",
        timeout=10,
        auth=ApiKeyTokenProvider({"api_key": token}) if token else ApiKeyTokenProvider({}),
        compression=HttpCompression.GZIP if gzip_body else None,
        retry={"total": 0},
    )
    return OpenLineageClient(transport=HttpTransport(config))


def _run_event(state: RunState, run_id: str, job: str = "dbt.customer_totals") -> RunEvent:
    out = OutputDataset(
        namespace=NS,
        name="MAIN.Customer_Totals",
        facets={
            "schema": schema_dataset.SchemaDatasetFacet(
                fields=[schema_dataset.SchemaDatasetFacetFields(name="total_amount", type="DOUBLE")]
            ),
            "columnLineage": column_lineage_dataset.ColumnLineageDatasetFacet(
                fields={
                    "total_amount": column_lineage_dataset.Fields(
                        inputFields=[
                            column_lineage_dataset.InputField(
                                namespace=NS,
                                name="main.stg_orders",
                                field="amount",
                                transformations=[
                                    column_lineage_dataset.Transformation(
                                        type="DIRECT", subtype="AGGREGATION"
                                    )
                                ],
                            )
                        ]
                    )
                }
            ),
        },
    )
    return RunEvent(
        eventType=state,
        eventTime=datetime.now(UTC).isoformat(),
        run=Run(runId=run_id),
        job=Job(namespace="maturity-pipeline", name=job),
        inputs=[InputDataset(namespace=NS, name="main.stg_orders")],
        outputs=[out],
        producer="https://example.invalid/maturity-pipeline",
    )


def _crawl(*paths: Path):
    return crawl_openlineage(PathsConfig(paths=[str(p) for p in paths]), CTX, Path)


def _event(**over) -> dict:
    base = {
        "eventTime": "2026-08-30T10:00:00Z",
        "eventType": "COMPLETE",
        "producer": "https://example.invalid/test",
        "run": {"runId": str(generate_new_uuid())},
        "job": {"namespace": "ns", "name": "job"},
    }
    return {**base, **over}


def test_real_client_events_land_in_the_day_file_and_are_crawled(fresh):
    run_id = str(generate_new_uuid())
    _client(fresh.url).emit(_run_event(RunState.START, run_id))
    _client(fresh.url, gzip_body=True).emit(_run_event(RunState.COMPLETE, run_id))
    files = sorted(fresh.inbox.iterdir())
    assert [f.name for f in files] == [inbox_file(fresh.inbox, datetime.now(UTC)).name]
    assert files[0].read_bytes().count(b"\n") == 2  # one event per line, nothing else

    result = _crawl(fresh.inbox)
    assert result.errors == []
    events = result.tables["openlineage_events"].to_pylist()
    assert [(e["event_type"], e["run_id"], e["job_name"], e["line_no"]) for e in events] == [
        ("START", run_id, "dbt.customer_totals", 1),
        ("COMPLETE", run_id, "dbt.customer_totals", 2),
    ]
    lineage = result.tables["openlineage_column_lineage"].to_pylist()[0]
    assert (lineage["output_name"], lineage["input_namespace"], lineage["input_name"]) == (
        "main.customer_totals",
        NS,
        "main.stg_orders",
    )
    assert lineage["transformation"] == "DIRECT/AGGREGATION"
    assert {d["direction"] for d in result.tables["openlineage_datasets"].to_pylist()} == {"input", "output"}


def test_token_missing_or_wrong_is_401_and_stores_nothing(collector):
    before = len(collector.lines())
    body = json.dumps(_event())
    for token in (None, "wrong", TOKEN[:-1], TOKEN + "x"):
        resp = collector.post(body, token=token)
        assert resp.status_code == 401, token
        assert resp.headers["WWW-Authenticate"].startswith("Bearer")
    resp = collector.post(body, token=None, Authorization=f"Basic {TOKEN}")
    assert resp.status_code == 401
    with pytest.raises(requests.HTTPError) as err:
        _client(collector.url, token="not-the-token").emit(
            _run_event(RunState.START, str(generate_new_uuid()))
        )
    assert err.value.response.status_code == 401
    assert len(collector.lines()) == before
    assert collector.post(body).status_code == 201


def test_invalid_json_and_invalid_events_are_400_with_the_reasons(collector):
    before = len(collector.lines())
    resp = collector.post(b'{"eventTime": ')
    assert resp.status_code == 400
    assert resp.json()["error"].startswith("invalid JSON")

    resp = collector.post(json.dumps({"eventTime": "yesterday", "producer": "p", "run": {}, "job": {}}))
    assert resp.status_code == 400
    assert resp.json()["problems"] == [
        "eventTime: not an ISO-8601 date-time ('yesterday')",
        "run.runId: required",
        "job.namespace: required",
        "job.name: required",
    ]
    for body, reason in ((b"", "empty body"), (b"[]", "empty batch"), (b"42", "expected a JSON object")):
        resp = collector.post(body)
        assert resp.status_code == 400 and reason in json.dumps(resp.json()), body
    # A batch is all-or-nothing: the bad element is named by its index.
    resp = collector.post(json.dumps([_event(), _event(eventType="DONE"), _event()]))
    assert resp.status_code == 400
    assert resp.json()["error"] == "1 of 3 events are invalid; nothing was stored"
    assert resp.json()["problems"][0].startswith("[1] eventType: 'DONE' is not one of")
    assert len(collector.lines()) == before

    resp = collector.post(json.dumps([_event(), _event()]))
    assert (resp.status_code, resp.json()) == (201, {"accepted": 2})
    assert len(collector.lines()) == before + 2


def test_oversized_bodies_are_413_declared_streamed_or_inflated(collector):
    before = len(collector.lines())
    big = json.dumps(_event(job={"namespace": "ns", "name": "j" * LIMIT}))
    assert collector.post(big).status_code == 413  # Content-Length over the limit: not read
    # No Content-Length (chunked): the limit is enforced while reading.
    resp = requests.post(
        f"{collector.url}/api/v1/lineage",
        data=(big[i : i + 4096].encode() for i in range(0, len(big), 4096)),
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
        timeout=10,
    )
    assert resp.status_code == 413
    bomb = gzip.compress(big.encode())
    assert len(bomb) < LIMIT
    assert collector.post(bomb, **{"Content-Encoding": "gzip"}).status_code == 413
    assert collector.post(b"xx", **{"Content-Encoding": "br"}).status_code == 415
    assert collector.post(b"not gzip", **{"Content-Encoding": "gzip"}).status_code == 400
    assert len(collector.lines()) == before


def test_other_paths_and_methods_and_health(collector):
    assert requests.get(f"{collector.url}/api/v1/lineage", timeout=5).status_code == 405
    assert requests.post(f"{collector.url}/api/v1/other", timeout=5).status_code == 404
    assert requests.delete(f"{collector.url}/api/v1/health", timeout=5).status_code == 405
    health = requests.get(f"{collector.url}/api/v1/health", timeout=5)
    assert health.status_code == 200 and health.json()["status"] == "ok"


def test_concurrent_posts_never_interleave(collector):
    before = len(collector.lines())
    run_ids = [[str(generate_new_uuid()) for _ in range(15)] for _ in range(6)]
    statuses: list[int] = []

    def worker(ids: list[str]) -> None:
        with requests.Session() as s:
            for rid in ids:
                body = json.dumps([_event(run={"runId": rid}), _event(run={"runId": rid}, eventType="START")])
                r = s.post(
                    f"{collector.url}/api/v1/lineage",
                    data=body,
                    headers={"Authorization": f"Bearer {TOKEN}"},
                    timeout=10,
                )
                statuses.append(r.status_code)

    threads = [threading.Thread(target=worker, args=(ids,)) for ids in run_ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert set(statuses) == {201}
    lines = collector.lines()[before:]  # every line parses: no two writes interleaved
    assert len(lines) == 6 * 15 * 2
    assert {e["run"]["runId"] for e in lines} == {rid for ids in run_ids for rid in ids}


def test_corpus_events_valid_accepted_invalid_rejected_with_the_crawl_reasons(fresh):
    accepted = rejected = 0
    for name in ("events_complete.jsonl", "events_expected_partial.jsonl", "events_invalid.jsonl"):
        for line in (CORPUS / name).read_bytes().splitlines():
            problems = validate_event(json.loads(line))
            resp = fresh.post(line)
            if problems:
                rejected += 1
                assert resp.status_code == 400, line[:80]
                assert resp.json()["problems"] == problems
            else:
                accepted += 1
                assert resp.status_code == 201, resp.text
    crawled = [_crawl(CORPUS / n) for n in ("events_complete.jsonl", "events_expected_partial.jsonl")]
    assert rejected == 6 + sum(r.counts["openlineage_invalid_events"] for r in crawled)
    assert accepted == 100 + 35 - (rejected - 6)
    result = _crawl(fresh.inbox)
    assert result.errors == []
    assert result.counts["openlineage_events"] + result.counts["openlineage_duplicate_events"] == accepted
    assert result.counts["openlineage_events"] == sum(r.counts["openlineage_events"] for r in crawled)


def test_kill_9_right_after_2xx_keeps_the_event(fresh):
    event = _event()
    resp = fresh.post(json.dumps(event))
    assert resp.status_code == 201
    os.kill(fresh.proc.pid, signal.SIGKILL)
    fresh.proc.wait(10)
    assert fresh.lines() == [event]


def test_sigterm_stops_cleanly_and_the_log_has_no_secret(fresh):
    assert fresh.post(json.dumps(_event())).status_code == 201
    assert fresh.post(b"{}", token="wrong-token-value").status_code == 401
    fresh.proc.send_signal(signal.SIGTERM)
    assert fresh.proc.wait(15) == 0
    log = fresh.log.read_text()
    assert "collector for acme stopped" in log
    requests_logged = [line for line in log.splitlines() if "POST /api/v1/lineage" in line]
    assert len(requests_logged) == 2
    assert " 201 " in requests_logged[0] and "accepted=1" in requests_logged[0]
    assert " 401 " in requests_logged[1] and "wrong bearer token" in requests_logged[1]
    assert TOKEN not in log and "wrong-token-value" not in log


def test_a_crash_mid_write_is_one_reported_line_and_later_events_stay_whole(tmp_path):
    inbox = Inbox(tmp_path)
    now = datetime(2026, 8, 30, 12, tzinfo=UTC)
    good = json.dumps(_event()).encode()
    path = inbox.append([good], now)
    with path.open("ab") as fh:  # what a crash in the middle of os.write leaves behind
        fh.write(good[:40])
    result = _crawl(tmp_path)
    assert [e.object for e in result.errors] == [f"{path}:2"]
    assert "truncated last line" in result.errors[0].message
    assert result.counts["openlineage_events"] == 1

    later = json.dumps(_event()).encode()
    inbox.append([later], now)
    result = _crawl(tmp_path)
    assert [e.object for e in result.errors] == [f"{path}:2"]  # still one bad line, not two
    assert result.counts["openlineage_events"] == 2
    assert path.read_bytes() == good + b"\n" + good[:40] + b"\n" + later + b"\n"
    with pytest.raises(ValueError):
        inbox.append([b'{"a":\n1}'], now)
