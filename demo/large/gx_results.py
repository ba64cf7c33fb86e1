"""Great Expectations validation results of the synthetic client, in GX 1.x's stored shape.

One file per validation of a raw or marts table (``ExpectationSuiteValidationResult``
as GX writes it under ``uncommitted/validations``), twenty expectations each on the core
columns; about 4 % fail, concentrated on a few tables as real failures are.
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from pathlib import Path

import orjson

from demo.large.layout import Relation

PER_FILE = 20
_EXPECTATIONS = (
    ("expect_column_values_to_not_be_null", {"column": "id"}),
    ("expect_column_values_to_be_unique", {"column": "id"}),
    ("expect_column_values_to_not_be_null", {"column": "customer_id"}),
    (
        "expect_column_values_to_be_in_set",
        {"column": "status", "value_set": ["completed", "pending", "cancelled"]},
    ),
    ("expect_column_values_to_be_between", {"column": "amount", "min_value": 0, "max_value": 100000}),
    ("expect_column_values_to_not_be_null", {"column": "created_at"}),
    ("expect_column_values_to_match_regex", {"column": "email", "regex": "^[^@]+@[^@]+$"}),
    ("expect_table_row_count_to_be_between", {"min_value": 1, "max_value": 10000000}),
)


def write_gx(
    folder: Path, relations: list[Relation], results: int, as_of: datetime, seed: int
) -> dict[str, int]:
    r = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    targets = [x for x in relations if x.kind == "table" and x.layer in ("raw", "marts")]
    files = -(-results // PER_FILE)
    written = failed = 0
    for f in range(files):
        rel = targets[(f * 13) % len(targets)]
        n = min(PER_FILE, results - written)
        bad_table = f % 17 == 0
        items = []
        for j in range(n):
            kind, kwargs = _EXPECTATIONS[j % len(_EXPECTATIONS)]
            ok = not (bad_table and j % 3 == 0) and r.random() > 0.01
            failed += not ok
            unexpected = 0 if ok else r.randint(1, 500)
            items.append({
                "success": ok,
                "expectation_config": {"type": kind, "kwargs": {"batch_id": f"bigcorp-{rel.fqn}", **kwargs},
                                       "meta": {}, "id": str(uuid.UUID(int=r.getrandbits(128), version=4)),
                                       "severity": "critical" if j % 4 else "warning"},
                "result": {"element_count": 1000, "unexpected_count": unexpected,
                           "unexpected_percent": unexpected / 10, "partial_unexpected_list": []},
                "meta": {}, "exception_info": {"raised_exception": False, "exception_traceback": None,
                                               "exception_message": None},
            })  # fmt: skip
        at = as_of - timedelta(hours=6 + f % 48)
        doc = {
            "success": all(i["success"] for i in items), "results": items,
            "suite_name": f"{rel.schema}_{rel.name}_nightly", "suite_parameters": {},
            "statistics": {"evaluated_expectations": n, "successful_expectations": sum(i["success"] for i in items),
                           "unsuccessful_expectations": sum(not i["success"] for i in items),
                           "success_percent": 100.0 * sum(i["success"] for i in items) / n},
            "meta": {"great_expectations_version": "1.24.1",
                     "active_batch_definition": {"datasource_name": "bigcorp_warehouse", "data_connector_name":
                                                 "fluent", "data_asset_name": rel.fqn, "batch_identifiers": {}},
                     "validation_id": str(uuid.UUID(int=r.getrandbits(128), version=4)), "checkpoint_id": None,
                     "run_id": {"run_name": f"nightly_{at:%Y%m%d}", "run_time": at.strftime("%Y-%m-%dT%H:%M:%S+00:00")},
                     "validation_time": at.strftime("%Y-%m-%dT%H:%M:%S+00:00"), "warehouse_table": rel.fqn},
            "id": None,
        }  # fmt: skip
        (folder / f"{rel.fqn}.{f:05d}.json").write_bytes(orjson.dumps(doc))
        written += n
    return {"files": files, "results": written, "failed": failed}
