"""Big dbt artifacts are streamed: the same rows as a whole-file parse, errors that still point at the byte.

Every artifact set of the corpus (manifest v7 to v12, the trimmed one with dangling
references), the demo's dbt run and the large synthetic client's artifacts are crawled
both ways (``STREAM_ABOVE`` moved so that every file takes one path, then the other) and
must give identical tables, counts and errors. The bracket scanner is checked on its
own at window sizes that cut strings, escapes and brackets at every place, and broken
files are real files with the damage at a known byte.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import orjson
import pytest

from connectors.base import ScanContext
from connectors.config import DbtConfig
from connectors.dbt_artifacts import artifacts, crawl_dbt
from connectors.dbt_artifacts.artifacts import ArtifactError, read_artifact
from connectors.dbt_artifacts.json_brackets import find_brackets
from connectors.dbt_artifacts.json_stream import JsonShapeError, stream_object
from connectors.dbt_artifacts.manifest import RESOURCE_COLLECTIONS
from tests.conftest import REPO, SHARED

CORPUS = SHARED / "corpora" / "dbt_artifacts"
SETS = sorted(p for p in CORPUS.iterdir() if (p / "manifest.json").is_file())
CTX = ScanContext(client="acme", scan_id="scan-1", scanned_at=datetime(2026, 9, 1), base_dir=".")
WHOLE, STREAMED = sys.maxsize, 0


def crawl_both_ways(target: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict]:
    outcomes = []
    for limit in (WHOLE, STREAMED):
        monkeypatch.setattr(artifacts, "STREAM_ABOVE", limit)
        result = crawl_dbt(DbtConfig(target_dir=str(target)), CTX, Path)
        outcomes.append(
            {
                "tables": {name: table.to_pylist() for name, table in result.tables.items()},
                "counts": result.counts,
                "errors": [e.as_dict() for e in result.errors],
            }
        )
    return outcomes[0], outcomes[1]


@pytest.mark.parametrize("target", SETS, ids=[p.name.split("__")[0] for p in SETS])
def test_corpus_rows_are_identical_both_ways(target, monkeypatch):
    whole, streamed = crawl_both_ways(target, monkeypatch)
    assert whole["errors"] == [] and whole["counts"]["dbt_nodes"] > 0
    assert streamed == whole


def test_large_client_rows_are_identical_both_ways(tmp_path, monkeypatch):
    from demo.large.dbt_artifacts import write_dbt_artifacts
    from demo.large.layout import plan
    from demo.large.sizes import PRESETS

    sizes = PRESETS["small"]
    write_dbt_artifacts(tmp_path, plan(sizes, 3), sizes.models, datetime(2026, 6, 1), 3)
    whole, streamed = crawl_both_ways(tmp_path, monkeypatch)
    assert whole["counts"]["dbt_nodes"] > sizes.models and whole["counts"]["dbt_run_results"] > 0
    assert streamed == whole


@pytest.mark.e2e
@pytest.mark.xdist_group("acme")
def test_demo_rows_are_identical_both_ways(acme_client, monkeypatch):
    whole, streamed = crawl_both_ways(acme_client.parent / "stack" / "dbt_target", monkeypatch)
    assert whole["errors"] == [] and whole["counts"]["dbt_source_freshness"] > 0
    assert streamed == whole


# --- the bracket scanner ------------------------------------------------------------------------

NASTY = ['a"b', "\\", '\\"', '\\\\"', "}{][", "é—🙂", "\n\t", '"', "\\\\\\", ",:"]


def _random_json(rng: random.Random, depth: int = 0) -> object:
    roll = rng.random()
    if depth < 4 and roll < 0.35:
        return {rng.choice(NASTY) + str(i): _random_json(rng, depth + 1) for i in range(rng.randint(0, 4))}
    if depth < 4 and roll < 0.55:
        return [_random_json(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return rng.choice([None, True, 1.5, -3, "", *NASTY])


@pytest.mark.parametrize("seed", range(40))
def test_streamed_members_match_a_whole_parse(seed):
    """Random documents full of quotes, backslashes and brackets in strings, in both layouts."""
    rng = random.Random(seed)
    doc = {f"s{i}": _random_json(rng) for i in range(6)}
    text = json.dumps(doc, ensure_ascii=False, indent=rng.choice([None, 1])).encode()
    members, keep = {"s0", "s1", "s2"}, {"s3", "s4"}
    got_members, got_values = [], {}
    stream_object(text, members, keep, lambda s, k, v: got_members.append((s, k, v)), got_values.__setitem__)
    expected = []
    for name, value in doc.items():
        if name in members and isinstance(value, dict | list):
            items = value.items() if isinstance(value, dict) else enumerate(value)
            expected += [(name, k, v) for k, v in items]
    assert got_members == expected
    assert got_values == {k: doc[k] for k in keep}
    for window in (1, 2, 3, 5, 64):
        small = find_brackets(text, 3, window=window)
        big = find_brackets(text, 3)
        assert small.pos.tolist() == big.pos.tolist() and small.level.tolist() == big.level.tolist()


@pytest.mark.parametrize("target", SETS[:2], ids=["set1", "set2"])
def test_scanner_windows_on_real_manifests(target):
    text = (target / "manifest.json").read_bytes()
    reference = find_brackets(text, 3)
    for window in (13, 4096) if target == SETS[1] else (4096,):
        got = find_brackets(text, 3, window=window)
        assert got.pos.tolist() == reference.pos.tolist()
        assert got.level.tolist() == reference.level.tolist()
    # Every member span the scanner found parses on its own, like the whole file does.
    tree = orjson.loads(text)
    count = sum(len(tree[c]) for c in RESOURCE_COLLECTIONS if isinstance(tree.get(c), dict))
    seen = []
    stream_object(text, RESOURCE_COLLECTIONS, (), lambda s, k, v: seen.append(k), lambda k, v: None)
    assert len(seen) == count


# --- broken files ---------------------------------------------------------------------------


def _error(path: Path, kind: str = "manifest") -> str:
    with pytest.raises(ArtifactError) as exc:
        read_artifact(path, kind, RESOURCE_COLLECTIONS, stream_above=0)
    return str(exc.value)


MANIFEST = (
    CORPUS / "set2_jaffle_shop_classic__dbt1.8.9_duckdb__manifest_v12__with_openlineage"
) / "manifest.json"


@pytest.mark.parametrize("fraction", [0.01, 0.3, 0.5, 0.999])
def test_truncated_manifest_names_the_end_of_data(tmp_path, fraction):
    text = MANIFEST.read_bytes()
    cut = int(len(text) * fraction)
    path = tmp_path / "manifest.json"
    path.write_bytes(text[:cut])
    message = _error(path)
    assert message.startswith("invalid JSON (truncated or corrupt) at line ")
    assert f"(byte {cut})" in message and "unexpected end of data" in message


def _byte(message: str) -> int:
    return int(message.split("(byte ")[1].split(")")[0])


@pytest.mark.parametrize(
    ("length", "damage", "expected"),
    [
        (1, b"tabl", "invalid string"),  # a stray quote: strings no longer balance, ijson finds where
        (7, b"table!!", "invalid literal"),  # quotes still balance: orjson finds it in the node
    ],
    ids=["stray quote", "bare word"],
)
def test_corrupt_bytes_inside_a_node_are_reported_at_their_position(tmp_path, length, damage, expected):
    text = MANIFEST.read_bytes()
    at = text.index(b'"materialized": "table"') + len(b'"materialized": ')
    path = tmp_path / "manifest.json"
    path.write_bytes(text[:at] + damage + text[at + length :])
    message = _error(path)
    line = text.count(b"\n", 0, at) + 1
    assert message.startswith(f"invalid JSON (truncated or corrupt) at line {line} ")
    assert at <= _byte(message) <= at + 8 and expected in message


@pytest.mark.parametrize(
    ("text", "pos", "reason"),
    [
        (b'{"n": {"a": {} "b": {}}}', 15, "expected ','"),
        (b'{"n": {"a": {},, "b": {}}}', 15, "unexpected character"),
        (b'{"n": {"a": {}, }}', 14, "trailing ','"),
        (b'{"n": {"a": {}]}', 14, "']' closes '{'"),
        (b'{"n": {"a": {}}]', 15, "']' closes '{'"),
        (b'{"n": [{}, 1 {}]}', 13, "expected"),
        (b'{"n": {"a": {}} "m": {}}', 16, "expected ','"),
        (b'{"n": {"a": {"x": 1,}}}', 19, "trailing comma"),
    ],
)
def test_broken_structure_is_reported_at_its_byte(text, pos, reason):
    with pytest.raises(JsonShapeError) as exc:
        stream_object(text, {"n"}, (), lambda s, k, v: None, lambda k, v: None)
    assert (exc.value.pos, reason in exc.value.msg) == (pos, True), exc.value.msg


def test_trailing_garbage_and_not_an_object(tmp_path):
    path = tmp_path / "manifest.json"
    path.write_bytes(MANIFEST.read_bytes() + b"\n{}")
    assert "unexpected content after document" in _error(path)
    path.write_bytes(b"  [1, 2]")
    assert _error(path) == "expected a JSON object at the top level, found list"


def test_schema_version_is_checked_wherever_the_metadata_is(tmp_path):
    data = orjson.loads(MANIFEST.read_bytes())
    metadata = data.pop("metadata")
    metadata["dbt_schema_version"] = "https://schemas.getdbt.com/dbt/manifest/v99.json"
    path = tmp_path / "manifest.json"
    path.write_bytes(orjson.dumps({**data, "metadata": metadata}))  # after the nodes
    assert _error(path) == "unsupported manifest schema version v99 (supported: v7 to v12)"
    path.write_bytes(orjson.dumps(data))
    assert _error(path) == "no recognisable metadata.dbt_schema_version (got None)"


def test_shape_errors_carry_a_byte_position():
    with pytest.raises(JsonShapeError) as exc:
        find_brackets(b'{"a": "x\\"}', 3)
    assert exc.value.pos == 11 and "inside a string" in exc.value.msg
    with pytest.raises(JsonShapeError) as exc:
        find_brackets(b'{"a": 1}}', 3)
    assert exc.value.pos == 8


# --- memory ---------------------------------------------------------------------------------

_MEASURE = """
import sys
from datetime import datetime
from pathlib import Path
from connectors.base import ScanContext
from connectors.config import DbtConfig
from connectors.dbt_artifacts import artifacts, crawl_dbt

def status(field):
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith(field + ":")) * 1024

artifacts.STREAM_ABOVE = 0
before = status("VmHWM")
r = crawl_dbt(DbtConfig(target_dir=sys.argv[1]), ScanContext("a", "s", datetime(2026, 1, 1), "."), Path)
print(r.counts["dbt_nodes"], before, status("VmHWM"))
"""


def test_streamed_manifest_stays_within_a_few_times_its_size(tmp_path):
    """A ~30 MB manifest crawled streamed grows the process by less than 3x the file.

    A whole-file parse costs about 7x (benchmarks/README.md); streamed, the file's bytes
    (1x), the rows and their Arrow tables are what is left. Run in a fresh interpreter so
    that the peak is the crawl's own, read from /proc (a child's ru_maxrss starts at its
    parent's, pytest's here).
    """
    from benchmarks.bench_manifest import write_manifest

    path = write_manifest(tmp_path, 3_000)
    size = path.stat().st_size
    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(tmp_path)], capture_output=True, text=True, cwd=REPO, check=True
    )
    nodes, before, peak = (int(x) for x in out.stdout.split())
    assert size > 25e6 and nodes > 10_000
    assert peak - before < 3 * size, f"peak grew {(peak - before) / size:.1f}x the file size"
