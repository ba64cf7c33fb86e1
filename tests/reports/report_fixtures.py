"""Shared data for the report tests: the Acme result in both languages and a large lineage.

The fixture results under ``fixtures/`` follow CONTRACTS.md section 4 and hold the hard
cases on purpose: a partial scan with errors, a contradiction (Q7), an unanswered question
(Q9), a folded evidence list (Q1), and a table named ``<script>alert(1)</script>``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = Path(__file__).resolve().parent / "golden"
EVIL_TABLE = "raw.<script>alert(1)</script>"


def load_result(name: str) -> dict[str, Any]:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def large_lineage(edge_count: int = 3000, domains: int = 12) -> list[dict[str, str]]:
    """A deterministic warehouse-shaped edge list: per domain raw -> staging -> intermediate -> marts.

    Each step fans in a little (three staging tables feed one intermediate model...), so the
    graph has the shape of a real dbt project, not a random one.
    """
    provenances = ("dbt", "openlineage", "sql_view", "sql_query_log")
    edges: list[dict[str, str]] = []
    seen: set[tuple[str, str]] = set()
    i = 0
    while len(edges) < edge_count:
        d = f"d{i % domains:02d}"
        n = i // domains
        chain = [
            (f"raw_{d}.src_{n}", f"staging_{d}.stg_{d}_{n}"),
            (f"staging_{d}.stg_{d}_{n}", f"intermediate.int_{d}_{n // 3}"),
            (f"intermediate.int_{d}_{n // 3}", f"marts_{d}.fct_{d}_{n // 9}"),
        ]
        for k, pair in enumerate(chain):
            if len(edges) < edge_count and pair not in seen:
                seen.add(pair)
                edges.append({"source": pair[0], "target": pair[1], "provenance": provenances[(i + k) % 4]})
        i += 1
    return edges
