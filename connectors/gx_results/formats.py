"""Which Great Expectations document is this, and where are its validation results?

Four shapes hold validation results:

* a stored validation result (``ExpectationSuiteValidationResult.to_json_dict()``), what
  GX writes under ``uncommitted/validations/``: ``results`` + ``meta`` + ``statistics``;
* a 0.x checkpoint / validation-operator result: ``run_results`` maps a
  ``ValidationResultIdentifier::suite/run_name/run_time/batch`` to ``{validation_result}``
  (a list in some versions);
* a 1.x ``CheckpointResult.describe_dict()``: ``validation_results[]`` of summaries with
  ``expectations[]`` but no run time and no batch metadata;
* (0.9-era profiler output is the first shape without the newer meta keys.)

Suites, checkpoint and validation-definition configs are not results and are reported
as unrelated. Nothing here imports great_expectations: reading JSON does not need a
5-second import, and the scanner must read results written by any GX version.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Validation:
    """One validation result found in a document."""

    data: Mapping[str, Any]
    json_path: str  # where it sits in its file ('' for the whole file)
    identifier: str | None = None  # ValidationResultIdentifier of a checkpoint's run_results
    summary: bool = False  # a describe_dict() summary: expectations[] instead of results[]


def _is_validation_result(obj: Any) -> bool:
    return (
        isinstance(obj, Mapping)
        and isinstance(obj.get("results"), list)
        and ("statistics" in obj or "meta" in obj)
        and "success" in obj
    )


def find_validations(doc: Any) -> list[Validation] | None:
    """The validation results a parsed JSON document holds; None when it is not a results file."""
    if _is_validation_result(doc):
        return [Validation(doc, "")]
    if not isinstance(doc, Mapping):
        return None
    run_results = doc.get("run_results")
    if isinstance(run_results, Mapping):
        found = []
        for key, entry in run_results.items():
            vr = entry.get("validation_result") if isinstance(entry, Mapping) else None
            if _is_validation_result(vr):
                ident = key.split("::", 1)[-1] if isinstance(key, str) else None
                found.append(Validation(vr, f"run_results['{key}'].validation_result", identifier=ident))
        return found
    if isinstance(run_results, list):
        return [
            Validation(e["validation_result"], f"run_results[{i}].validation_result")
            for i, e in enumerate(run_results)
            if isinstance(e, Mapping) and _is_validation_result(e.get("validation_result"))
        ]
    summaries = doc.get("validation_results")
    if isinstance(summaries, list) and all(
        isinstance(s, Mapping) and isinstance(s.get("expectations"), list) for s in summaries
    ):
        return [Validation(s, f"validation_results[{i}]", summary=True) for i, s in enumerate(summaries)]
    return None
