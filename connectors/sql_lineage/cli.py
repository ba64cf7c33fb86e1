"""The body of ``maturity lineage [FILE|-] --dialect D [--jsonl]`` (SPEC 5.1), without argument parsing.

Plain mode: the whole text is one (possibly multi-statement) input, one JSON line out.
JSONL mode: each non-blank input line is ``{"id", "sql", "dialect"?}``; each output line is
the result plus ``id``. A line that is not such an object still yields a line, with the
error naming the input line, so outputs stay aligned with inputs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from connectors.sql_lineage.extract import LineageResult, extract


def _dump(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False)


def run_lineage_cli(text: str, dialect: str, jsonl: bool) -> Iterator[str]:
    """Output lines (JSON, no trailing newline) for the input ``text``."""
    if not jsonl:
        yield _dump(extract(text, dialect).as_dict())
        return
    for line_no, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as err:
            yield _dump(
                {**LineageResult(error=f"line {line_no}: invalid JSON: {err.msg}").as_dict(), "id": None}
            )
            continue
        if not isinstance(record, dict) or not isinstance(record.get("sql"), str):
            rid = record.get("id") if isinstance(record, dict) else None
            yield _dump(
                {
                    **LineageResult(
                        error=f"line {line_no}: expected an object with a 'sql' string"
                    ).as_dict(),
                    "id": rid,
                }
            )
            continue
        result = extract(record["sql"], record.get("dialect") or dialect).as_dict()
        yield _dump({**result, "id": record.get("id")})
