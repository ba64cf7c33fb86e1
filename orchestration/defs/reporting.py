"""Report asset: the HTML, Markdown and JSON report of a scan, linked from the UI."""

from typing import Any

import dagster as dg

from orchestration import progress
from orchestration.defs.partitions import clients_partitions
from orchestration.defs.resources import ScannerResource

REPORT_GROUP = "report"


@dg.asset(
    partitions_def=clients_partitions,
    group_name=REPORT_GROUP,
    kinds={"html"},
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
            "score": result["score"]["total"],
            "band": result["score"]["band"],
        },
    )
