"""Report asset: the HTML, Markdown and JSON report of a scan, linked from the UI.

Its metadata carries the numbers a data leader follows from week to week (score, range,
category points, measured shares such as lineage coverage, evidence volumes) as numeric
values, so the asset's page in the Dagster UI plots each of them over the client's scans.
"""

from datetime import timedelta
from typing import Any

import dagster as dg

from orchestration import progress
from orchestration.defs.partitions import clients_partitions
from orchestration.defs.resources import ScannerResource

REPORT_GROUP = "report"

# The weekly schedule refreshes every client; a report older than that means the schedule,
# the daemon or the client's scan is failing. Warn after a week, fail after eight days.
REPORT_FRESHNESS = dg.FreshnessPolicy.time_window(
    fail_window=timedelta(days=8), warn_window=timedelta(days=7)
)


def trend_metadata(result: dict[str, Any]) -> dict[str, dg.MetadataValue]:
    """Numeric metadata for the UI's plots: only numbers, so each key is a series over scans."""
    from scoring.signals import SIGNALS

    score = result["score"]
    out: dict[str, dg.MetadataValue] = {
        "score": dg.MetadataValue.int(int(score["total"])),
        "score_min": dg.MetadataValue.int(int(score["min"])),
        "score_max": dg.MetadataValue.int(int(score["max"])),
        "percent": dg.MetadataValue.float(float(score["percent"])),
        "contradictions": dg.MetadataValue.int(sum(1 for q in result["questions"] if q.get("contradiction"))),
        "recommendations": dg.MetadataValue.int(len(result.get("recommendations", []))),
        "errors": dg.MetadataValue.int(len(result.get("errors", []))),
    }
    for category, sub in sorted(score.get("categories", {}).items()):
        out[f"points_{category}"] = dg.MetadataValue.int(int(sub["points"]))
    shares = {s.name for s in SIGNALS if s.unit == "share"}
    for q in result["questions"]:
        for sig in q.get("signals", []):
            if sig["name"] in shares and isinstance(sig.get("value"), int | float):
                out[f"signal_{sig['name']}"] = dg.MetadataValue.float(round(float(sig["value"]), 4))
    for name, count in sorted(result.get("evidence_counts", {}).items()):
        if isinstance(count, int):
            out[f"evidence_{name}"] = dg.MetadataValue.int(count)
    return out


@dg.asset(
    partitions_def=clients_partitions,
    group_name=REPORT_GROUP,
    kinds={"html"},
    freshness_policy=REPORT_FRESHNESS,
    description="Lineage-backed evidence report of the scan (self-contained HTML, Markdown, JSON).",
)
def maturity_report(
    context: dg.AssetExecutionContext, scanner: ScannerResource, scorecard: dict[str, Any]
) -> dg.Output[dict[str, Any]]:
    from reports import render_reports

    out_dir = scanner.reports_dir(scorecard["client"], scorecard["scan_id"])
    progress.update("report", "rendering")
    result = dict(scorecard)
    html = out_dir / "report.html"
    result["report"] = str(html)
    result["reports"] = {
        "html": str(html),
        "md": str(out_dir / "report.md"),
        "json": str(out_dir / "result.json"),
    }
    paths = render_reports(result, out_dir)
    result["reports"] = {k: str(v) for k, v in paths.items()}
    result["report"] = str(paths["html"])
    progress.update("report", str(paths["html"]))
    return dg.Output(
        result,
        metadata={
            "report": dg.MetadataValue.path(str(paths["html"])),
            "report_url": dg.MetadataValue.url(paths["html"].resolve().as_uri()),
            "markdown": dg.MetadataValue.path(str(paths["md"])),
            "json": dg.MetadataValue.path(str(paths["json"])),
            "band": result["score"]["band"],
            "scan_id": result["scan_id"],
            **trend_metadata(result),
        },
    )
