"""run_results.json and sources.json: what dbt executed, how it went, and how fresh sources are.

Timestamps stay ISO strings here; the crawl converts each column to naive UTC in bulk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# ``args.which`` values whose command line has two words.
_TWO_WORD = {
    "generate": "docs generate",
    "serve": "docs serve",
    "freshness": "source freshness",
    "source-freshness": "source freshness",
    "snapshot-freshness": "source freshness",
}


def command_of(args: Mapping[str, Any] | None) -> str | None:
    """The dbt command that wrote an artifact (``build``, ``test``, ``source freshness``...).

    >>> command_of({"which": "generate", "invocation_command": "dbt docs generate --vars {}"})
    'docs generate'
    >>> command_of({"which": "build"})
    'build'
    """
    if not args:
        return None
    line = args.get("invocation_command")
    if isinstance(line, str) and line.strip():
        words = line.split()
        if words and words[0].endswith("dbt"):
            words = words[1:]
        verb = []
        for w in words:
            if w.startswith("-"):
                break
            verb.append(w)
        if verb:
            return " ".join(verb[:2] if verb[0] in ("docs", "source") else verb[:1])
    which = args.get("which") or args.get("rpc_method")
    return _TWO_WORD.get(which, which) if isinstance(which, str) else None


def _timing(result: Mapping[str, Any], phase: str) -> str | None:
    """``completed_at`` of the named timing phase, else of the last phase recorded."""
    timing = [t for t in (result.get("timing") or []) if isinstance(t, Mapping)]
    for t in timing:
        if t.get("name") == phase:
            return t.get("completed_at")
    return timing[-1].get("completed_at") if timing else None


def _int_or_none(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def run_result_rows(data: Mapping[str, Any], artifact: str) -> list[dict[str, Any]]:
    meta = data.get("metadata") or {}
    command = command_of(data.get("args"))
    rows = []
    for i, r in enumerate(data.get("results") or []):
        if not isinstance(r, Mapping):
            continue
        message = r.get("message")
        rows.append(
            {
                "invocation_id": meta.get("invocation_id"),
                "command": command,
                "unique_id": r.get("unique_id"),
                "status": r.get("status"),
                "message": message if message is None else str(message),
                "failures": _int_or_none(r.get("failures")),
                "execution_time": r.get("execution_time"),
                "completed_at": _timing(r, "execute"),
                "generated_at": meta.get("generated_at"),
                "artifact": artifact,
                "json_path": f"results[{i}]",
            }
        )
    return rows


def freshness_rows(data: Mapping[str, Any], artifact: str) -> list[dict[str, Any]]:
    """One row per source freshness result; runtime errors have no max_loaded_at but are kept."""
    rows = []
    for i, r in enumerate(data.get("results") or []):
        if not isinstance(r, Mapping):
            continue
        rows.append(
            {
                "unique_id": r.get("unique_id"),
                "status": r.get("status"),
                "max_loaded_at": r.get("max_loaded_at"),
                "snapshotted_at": r.get("snapshotted_at"),
                "age_seconds": r.get("max_loaded_at_time_ago_in_s"),
                "artifact": artifact,
                "json_path": f"results[{i}]",
            }
        )
    return rows
