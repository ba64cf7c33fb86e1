"""run_results.json and sources.json: what dbt executed, how it went, and how fresh sources are.

Rows are built one result at a time, as the results are read (a big run_results.json is
streamed); what belongs to the whole invocation (id, command, time) is stamped on them
once the file is read, since ``args`` comes after ``results`` in the file. Timestamps stay
ISO strings here; the crawl converts each column to naive UTC in bulk.
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


def run_result_row(index: int | str, result: Any, artifact: str) -> dict[str, Any] | None:
    """The row of ``results[index]``, without its invocation's fields; None if it is not a result."""
    if not isinstance(index, int) or not isinstance(result, Mapping):
        return None
    message = result.get("message")
    return {
        "unique_id": result.get("unique_id"),
        "status": result.get("status"),
        "message": message if message is None else str(message),
        "failures": _int_or_none(result.get("failures")),
        "execution_time": result.get("execution_time"),
        "completed_at": _timing(result, "execute"),
        "artifact": artifact,
        "json_path": f"results[{index}]",
    }


def stamp_invocation(rows: list[dict[str, Any]], metadata: Mapping[str, Any], args: Any) -> None:
    """Add the invocation's id, command and time to the rows of one run_results.json."""
    fields = {
        "invocation_id": metadata.get("invocation_id"),
        "command": command_of(args if isinstance(args, Mapping) else None),
        "generated_at": metadata.get("generated_at"),
    }
    for row in rows:
        row.update(fields)


def freshness_row(index: int | str, result: Any, artifact: str) -> dict[str, Any] | None:
    """The row of one source freshness result; runtime errors have no max_loaded_at but are kept."""
    if not isinstance(index, int) or not isinstance(result, Mapping):
        return None
    return {
        "unique_id": result.get("unique_id"),
        "status": result.get("status"),
        "max_loaded_at": result.get("max_loaded_at"),
        "snapshotted_at": result.get("snapshotted_at"),
        "age_seconds": result.get("max_loaded_at_time_ago_in_s"),
        "artifact": artifact,
        "json_path": f"results[{index}]",
    }
