"""The sensors that keep many clients current, evaluated against a real Dagster instance.

``client_files_sensor`` turns a folder of client files into partitions; ``survey_change_sensor``
re-scores a client whose survey or portfolio changed. Both read real files from a temporary
client folder; partitions and scan materialisations live in a real (temporary) instance.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

dg = pytest.importorskip("dagster")

from orchestration.defs.automation import client_files_sensor, survey_change_sensor  # noqa: E402
from orchestration.defs.partitions import clients_partitions  # noqa: E402
from orchestration.defs.reporting import REPORT_FRESHNESS, maturity_report  # noqa: E402

REPO = Path(__file__).resolve().parents[2]


def _client(folder: Path, client: str, survey: str = "answers:\n  Q5: 6\n") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "survey.yaml").write_text(survey)
    path = folder / f"{client}.yaml"
    path.write_text(
        f"client: {client}\nname: {client.title()} Ltd\nlanguage: en\n"
        "warehouse:\n  kind: duckdb\n  path: stack/warehouse.duckdb\nsurvey: survey.yaml\n"
    )
    return path


@pytest.fixture
def client_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "clients"
    for name in ("acme.yaml", "survey.yaml", "portfolio.yaml"):
        (root / "acme").mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / "examples" / "acme" / name, root / "acme" / name)
    _client(root / "beta", "beta")
    # A survey file beside a client file is not a client (no `client` key).
    monkeypatch.setenv("MATURITY_CLIENT_DIRS", str(root))
    return root


@pytest.fixture
def instance():
    with dg.instance_for_test() as inst:
        yield inst


def _tick(sensor, instance, cursor=None):
    ctx = dg.build_sensor_context(instance=instance, cursor=cursor)
    return sensor(ctx), ctx.cursor


def test_client_files_sensor_adds_a_partition_per_client_file(client_dir, instance):
    result, _ = _tick(client_files_sensor, instance)
    assert isinstance(result, dg.SensorResult)
    (request,) = result.dynamic_partitions_requests
    assert request.partitions_def_name == clients_partitions.name
    assert sorted(request.partition_keys) == ["acme", "beta"]
    instance.add_dynamic_partitions(clients_partitions.name, list(request.partition_keys))

    again, _ = _tick(client_files_sensor, instance)
    assert isinstance(again, dg.SkipReason)
    assert "2 clients known" in again.skip_message

    _client(client_dir / "gamma", "gamma")
    (client_dir / "broken.yaml").write_text("client: [unclosed\n")  # not a client: skipped
    third, _ = _tick(client_files_sensor, instance)
    assert list(third.dynamic_partitions_requests[0].partition_keys) == ["gamma"]


def _scanned(instance, *clients: str) -> None:
    instance.add_dynamic_partitions(clients_partitions.name, list(clients))
    for client in clients:
        instance.report_runless_asset_event(
            dg.AssetMaterialization(asset_key="scan_session", partition=client)
        )


def test_survey_change_rescores_only_the_changed_scanned_client(client_dir, instance):
    _scanned(instance, "acme", "beta")
    first, cursor = _tick(survey_change_sensor, instance)
    assert isinstance(first, dg.SkipReason)  # nothing to compare with yet
    assert set(json.loads(cursor)["digests"]) == {"acme", "beta"}

    unchanged, cursor = _tick(survey_change_sensor, instance, cursor)
    assert isinstance(unchanged, dg.SkipReason)

    survey = client_dir / "acme" / "survey.yaml"
    survey.write_text(survey.read_text().replace("Q5: 6", "Q5: 8"))
    requests, cursor = _tick(survey_change_sensor, instance, cursor)
    assert [(r.partition_key, r.tags["maturity/trigger"]) for r in requests] == [("acme", "survey_change")]
    assert requests[0].run_key.startswith("acme-")

    # The same change is not requested twice.
    again, cursor = _tick(survey_change_sensor, instance, cursor)
    assert isinstance(again, dg.SkipReason)


def test_a_client_without_a_scan_is_not_rescored(client_dir, instance):
    instance.add_dynamic_partitions(clients_partitions.name, ["acme", "beta"])
    _, cursor = _tick(survey_change_sensor, instance)
    (client_dir / "beta" / "survey.yaml").write_text("answers:\n  Q5: 9\n")
    result, _ = _tick(survey_change_sensor, instance, cursor)
    assert isinstance(result, dg.SkipReason)  # no evidence to re-score yet: the scan will do it


def test_a_broken_client_file_fails_that_client_only(client_dir, instance, capfd):
    _scanned(instance, "acme", "beta")
    _, cursor = _tick(survey_change_sensor, instance)
    beta_digest = json.loads(cursor)["digests"]["beta"]

    beta = client_dir / "beta" / "beta.yaml"
    good_beta = beta.read_text()
    beta.write_text(good_beta.replace("warehouse:\n", "warehouse: [\n"))  # invalid YAML
    survey = client_dir / "acme" / "survey.yaml"
    survey.write_text(survey.read_text().replace("Q5: 6", "Q5: 7"))

    capfd.readouterr()
    requests, cursor = _tick(survey_change_sensor, instance, cursor)
    assert [r.partition_key for r in requests] == ["acme"]  # acme is not held back
    state = json.loads(cursor)
    assert set(state["broken"]) == {"beta"}
    assert str(beta) in state["broken"]["beta"] and "line" in state["broken"]["beta"]
    assert state["digests"]["beta"] == beta_digest  # last good state kept
    # The tick's log (shown on the sensor's page) carries the error with the line at fault.
    assert "ERROR - client 'beta' cannot be re-scored" in capfd.readouterr().err

    # Still broken, nothing else changed: the skip says which client is broken and why.
    still, cursor = _tick(survey_change_sensor, instance, cursor)
    assert isinstance(still, dg.SkipReason)
    assert "beta:" in still.skip_message and str(beta) in still.skip_message

    # A file that parses but is not a valid client file is named with the field at fault.
    beta.write_text(good_beta.replace("kind: duckdb", "kind: oracle"))
    _, cursor = _tick(survey_change_sensor, instance, cursor)
    assert "kind" in json.loads(cursor)["broken"]["beta"]

    # Fixed, with a new survey answer: re-scored, and no longer reported.
    beta.write_text(good_beta)
    (client_dir / "beta" / "survey.yaml").write_text("answers:\n  Q5: 9\n")
    fixed, cursor = _tick(survey_change_sensor, instance, cursor)
    assert [r.partition_key for r in fixed] == ["beta"]
    assert json.loads(cursor)["broken"] == {}


def test_report_is_watched_for_freshness():
    spec = next(iter(maturity_report.specs))
    assert spec.freshness_policy == REPORT_FRESHNESS
