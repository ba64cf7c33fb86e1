"""Is this an OpenLineage event we can use? The spec's essentials, checked without a network.

Used by the file crawler and meant for the collector endpoint too (``maturity collect``
must answer 400 with the same reasons). It checks what the evidence model relies on and
what the spec (2-0-x) requires of the three event kinds, plus the standard facets whose
broken shapes producers really emit (ownership without names, parent without runId,
non-integer statistics). It deliberately does NOT require ``schemaURL``: real producers
(the Marquez seed events, older integrations) omit it and their events are still sound.
A naive ``eventTime`` (no offset) is accepted and read as UTC, as Marquez does.

Problems are returned as ``"json.path: what is wrong"`` strings, so an empty list means
the event can be used.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

EVENT_TYPES = frozenset({"START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"})
EVENT_KINDS = ("RunEvent", "JobEvent", "DatasetEvent")
_KIND_IN_URL = re.compile(r"#/(?:\$defs|definitions)/(RunEvent|JobEvent|DatasetEvent)\b")
_LONG_FRACTION = re.compile(r"(\.\d{6})\d+")


def parse_event_time(value: Any) -> datetime | None:
    """An ISO-8601 date-time (offset optional, any number of fraction digits), or None.

    >>> parse_event_time("2020-12-28T19:52:00.001+10:00").isoformat()
    '2020-12-28T19:52:00.001000+10:00'
    >>> parse_event_time("2021-11-03T10:53:52.427343123Z").microsecond
    427343
    >>> parse_event_time("2021-11-03") is None
    True
    """
    if not isinstance(value, str) or "T" not in value.upper():
        return None
    try:
        return datetime.fromisoformat(_LONG_FRACTION.sub(r"\1", value.strip()))
    except ValueError:
        return None


def event_kind(event: Mapping[str, Any]) -> str:
    """RunEvent, JobEvent or DatasetEvent: from ``schemaURL`` when it says, else from the shape."""
    url = event.get("schemaURL")
    if isinstance(url, str) and (m := _KIND_IN_URL.search(url)):
        return m.group(1)
    if "dataset" in event and "run" not in event and "job" not in event:
        return "DatasetEvent"
    if "run" not in event and "job" in event:
        return "JobEvent"
    return "RunEvent"


def _nonempty_str(obj: Mapping[str, Any], key: str, path: str, problems: list[str]) -> None:
    value = obj.get(key)
    if value is None:
        problems.append(f"{path}.{key}: required")
    elif not isinstance(value, str) or not value.strip():
        problems.append(f"{path}.{key}: must be a non-empty string")


def _object(parent: Mapping[str, Any], key: str, path: str, problems: list[str]) -> Mapping[str, Any] | None:
    value = parent.get(key)
    if value is None:
        problems.append(f"{path}{key}: required")
        return None
    if not isinstance(value, Mapping):
        problems.append(f"{path}{key}: must be an object")
        return None
    return value


def _integers(facet: Mapping[str, Any], keys: tuple[str, ...], path: str, problems: list[str]) -> None:
    for key in keys:
        value = facet.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append(f"{path}.{key}: must be an integer (got {value!r})")


def _check_facets(facets: Any, path: str, problems: list[str]) -> None:
    """Standard facets whose essentials the evidence model reads; other facets pass through."""
    if facets is None:
        return
    if not isinstance(facets, Mapping):
        problems.append(f"{path}: must be an object")
        return
    for name, facet in facets.items():
        fpath = f"{path}.{name}"
        if not isinstance(facet, Mapping):
            problems.append(f"{fpath}: a facet must be an object")
            continue
        if facet.get("_deleted") is True:
            continue
        if name == "ownership":
            owners = facet.get("owners")
            if not isinstance(owners, list):
                problems.append(f"{fpath}.owners: required list")
            else:
                for i, owner in enumerate(owners):
                    if not isinstance(owner, Mapping) or not isinstance(owner.get("name"), str):
                        problems.append(f"{fpath}.owners[{i}].name: required")
        elif name == "parent":
            if (run := _object(facet, "run", f"{fpath}.", problems)) is not None:
                _nonempty_str(run, "runId", f"{fpath}.run", problems)
            if (job := _object(facet, "job", f"{fpath}.", problems)) is not None:
                _nonempty_str(job, "namespace", f"{fpath}.job", problems)
                _nonempty_str(job, "name", f"{fpath}.job", problems)
        elif name == "outputStatistics":
            _integers(facet, ("rowCount", "size", "fileCount"), fpath, problems)
        elif name == "dataQualityMetrics":
            _integers(facet, ("rowCount", "bytes", "fileCount"), fpath, problems)
            if "rowCount" not in facet and "columnMetrics" not in facet:
                problems.append(f"{fpath}: carries no metric (neither rowCount nor columnMetrics)")
        elif name == "columnLineage":
            fields = facet.get("fields")
            if not isinstance(fields, Mapping):
                problems.append(f"{fpath}.fields: required object")
                continue
            for out_field, spec in fields.items():
                inputs = spec.get("inputFields") if isinstance(spec, Mapping) else None
                if not isinstance(inputs, list):
                    problems.append(f"{fpath}.fields.{out_field}.inputFields: required list")
                    continue
                for i, inp in enumerate(inputs):
                    if not isinstance(inp, Mapping) or not all(
                        isinstance(inp.get(k), str) for k in ("namespace", "name", "field")
                    ):
                        problems.append(
                            f"{fpath}.fields.{out_field}.inputFields[{i}]: needs namespace, name, field"
                        )


def _check_dataset(ds: Any, path: str, problems: list[str], facet_keys: tuple[str, ...]) -> None:
    if not isinstance(ds, Mapping):
        problems.append(f"{path}: must be an object")
        return
    _nonempty_str(ds, "namespace", path, problems)
    _nonempty_str(ds, "name", path, problems)
    for key in facet_keys:
        _check_facets(ds.get(key), f"{path}.{key}", problems)


def _check_io(event: Mapping[str, Any], problems: list[str]) -> None:
    for key, facet_keys in (("inputs", ("facets", "inputFacets")), ("outputs", ("facets", "outputFacets"))):
        value = event.get(key)
        if value is None:
            continue
        if not isinstance(value, list):
            problems.append(f"{key}: must be a list")
            continue
        for i, ds in enumerate(value):
            _check_dataset(ds, f"{key}[{i}]", problems, facet_keys)


def _check_job(event: Mapping[str, Any], problems: list[str]) -> None:
    if (job := _object(event, "job", "", problems)) is not None:
        _nonempty_str(job, "namespace", "job", problems)
        _nonempty_str(job, "name", "job", problems)
        _check_facets(job.get("facets"), "job.facets", problems)


def validate_event(obj: Any) -> list[str]:
    """Problems that make ``obj`` unusable as an OpenLineage event; empty when it is fine.

    >>> validate_event({"eventTime": "2024-01-01T00:00:00Z", "producer": "p", "eventType": "COMPLETE",
    ...                 "run": {"runId": "0190c4a4-44c1-7f3e-9b3c-4d2f3f1b6a10"},
    ...                 "job": {"namespace": "ns", "name": "j"}})
    []
    >>> validate_event({"eventTime": "yesterday", "producer": "p", "run": {}, "job": {"namespace": "ns"}})
    ["eventTime: not an ISO-8601 date-time ('yesterday')", 'run.runId: required', 'job.name: required']
    """
    if not isinstance(obj, Mapping):
        return [f"(event): expected a JSON object, got {type(obj).__name__}"]
    problems: list[str] = []
    if "eventTime" not in obj:
        problems.append("eventTime: required")
    elif parse_event_time(obj["eventTime"]) is None:
        problems.append(f"eventTime: not an ISO-8601 date-time ({obj['eventTime']!r})")
    _nonempty_str(obj, "producer", "(event)", problems)
    problems[:] = [p.replace("(event).", "") for p in problems]
    url = obj.get("schemaURL")
    if url is not None and not isinstance(url, str):
        problems.append("schemaURL: must be a string")

    kind = event_kind(obj)
    if kind == "RunEvent":
        event_type = obj.get("eventType")
        if event_type is not None and event_type not in EVENT_TYPES:
            problems.append(f"eventType: {event_type!r} is not one of {', '.join(sorted(EVENT_TYPES))}")
        if (run := _object(obj, "run", "", problems)) is not None:
            # The spec says UUID, but real producers (the fluentd proxy examples) send other
            # ids; any non-empty string identifies the run well enough to group its events.
            _nonempty_str(run, "runId", "run", problems)
            _check_facets(run.get("facets"), "run.facets", problems)
        _check_job(obj, problems)
        _check_io(obj, problems)
    elif kind == "JobEvent":
        _check_job(obj, problems)
        _check_io(obj, problems)
    else:
        if (ds := _object(obj, "dataset", "", problems)) is not None:
            _check_dataset(ds, "dataset", problems, ("facets",))
    return problems
