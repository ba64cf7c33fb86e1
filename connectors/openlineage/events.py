"""One validated OpenLineage event -> rows of the three raw OpenLineage tables.

Dataset names are lower-cased (the warehouse connector and SQL lineage name tables in
lower case, and the evidence model joins on them). Ownership comes from the
``ownership`` job facet (for the event) and dataset facet (for the dataset). A
DatasetEvent has no run and no direction: its dataset is landed with direction
``declared`` so its ownership still counts as governance evidence.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from connectors.openlineage.validation import event_kind


@dataclass
class EventRows:
    events: list[dict[str, Any]] = field(default_factory=list)
    datasets: list[dict[str, Any]] = field(default_factory=list)
    column_lineage: list[dict[str, Any]] = field(default_factory=list)


def _owners(facets: Any) -> list[str] | None:
    ownership = (facets or {}).get("ownership") if isinstance(facets, Mapping) else None
    if not isinstance(ownership, Mapping) or ownership.get("_deleted"):
        return None
    names = [o["name"] for o in ownership.get("owners") or [] if isinstance(o, Mapping) and o.get("name")]
    return names or None


def _lower(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None


def _transformation(spec: Mapping[str, Any], inp: Mapping[str, Any]) -> str | None:
    """``TYPE/SUBTYPE`` list of the input field (1-2-0 facet), else the legacy field-level text."""
    steps = [
        "/".join(p for p in (t.get("type"), t.get("subtype")) if p)
        for t in inp.get("transformations") or []
        if isinstance(t, Mapping)
    ]
    if steps := [s for s in steps if s]:
        return ", ".join(steps)
    legacy = [spec.get("transformationType"), spec.get("transformationDescription")]
    return ": ".join(str(p) for p in legacy if p) or None


def _column_lineage(ds: Mapping[str, Any], run_id: str | None) -> list[dict[str, Any]]:
    facet = (ds.get("facets") or {}).get("columnLineage")
    if not isinstance(facet, Mapping) or facet.get("_deleted"):
        return []
    out_name = _lower(ds.get("name"))
    rows = []
    for out_field, spec in (facet.get("fields") or {}).items():
        for inp in spec.get("inputFields") or []:
            rows.append(
                {
                    "run_id": run_id,
                    "output_name": out_name,
                    "output_field": out_field,
                    "input_namespace": inp.get("namespace"),
                    "input_name": _lower(inp.get("name")),
                    "input_field": inp.get("field"),
                    "transformation": _transformation(spec, inp),
                }
            )
    # Facet 1-2-0: inputs that shape the whole dataset (filters, joins), not one column.
    for inp in facet.get("dataset") or []:
        if isinstance(inp, Mapping):
            rows.append(
                {
                    "run_id": run_id,
                    "output_name": out_name,
                    "output_field": None,
                    "input_namespace": inp.get("namespace"),
                    "input_name": _lower(inp.get("name")),
                    "input_field": inp.get("field"),
                    "transformation": _transformation({}, inp),
                }
            )
    return rows


def event_rows(event: Mapping[str, Any], source_file: str, line_no: int) -> EventRows:
    """Rows for one event that passed :func:`validate_event`."""
    out = EventRows()
    kind = event_kind(event)
    run = event.get("run") or {}
    job = event.get("job") or {}
    run_id = run.get("runId")
    event_time = event.get("eventTime")
    event_type = event.get("eventType")
    parent = (run.get("facets") or {}).get("parent") or {}
    where = {"source_file": source_file, "line_no": line_no}
    out.events.append(
        {
            "event_time": event_time,
            "event_type": event_type,
            "run_id": run_id,
            "job_namespace": job.get("namespace"),
            "job_name": job.get("name"),
            "producer": event.get("producer"),
            "parent_job_name": (parent.get("job") or {}).get("name"),
            "owners": _owners(job.get("facets")),
            **where,
        }
    )
    if kind == "DatasetEvent":
        datasets = [("declared", event.get("dataset") or {})]
    else:
        datasets = [("input", d) for d in event.get("inputs") or []]
        datasets += [("output", d) for d in event.get("outputs") or []]
    for direction, ds in datasets:
        out.datasets.append(
            {
                "run_id": run_id,
                "event_time": event_time,
                "event_type": event_type,
                "job_name": job.get("name"),
                "direction": direction,
                "namespace": ds.get("namespace"),
                "name": _lower(ds.get("name")),
                "owners": _owners(ds.get("facets")),
                **where,
            }
        )
        out.column_lineage.extend(_column_lineage(ds, run_id))
    return out
