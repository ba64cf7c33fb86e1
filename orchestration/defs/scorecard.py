"""Scoring assets: merge the evidence marts with the survey into the scorecard of a scan."""

from typing import Any

import dagster as dg
from dagster_dbt import get_asset_key_for_model

from orchestration import progress
from orchestration.defs.evidence import evidence_model
from orchestration.defs.partitions import clients_partitions
from orchestration.defs.resources import ScannerResource
from orchestration.result import build_result
from orchestration.scan_steps import finish_scan

SCORING_GROUP = "scoring"
ALL_ANSWERED_CHECK = "every_question_answered_or_flagged"
SOURCES_READ_CHECK = "every_configured_source_read"

_MARTS = ("question_signals", "signal_evidence", "table_facts", "lineage_edges")


@dg.asset(
    partitions_def=clients_partitions,
    group_name=SCORING_GROUP,
    kinds={"python"},
    deps=[get_asset_key_for_model([evidence_model], m) for m in _MARTS],
    check_specs=[
        dg.AssetCheckSpec(
            ALL_ANSWERED_CHECK,
            asset="scorecard",
            description="Each of the 15 questions has an answer, or is flagged unanswered "
            "and counted in the score range.",
        ),
        dg.AssetCheckSpec(
            SOURCES_READ_CHECK,
            asset="scorecard",
            description="Every source named in the client file was read without error.",
        ),
    ],
    description="The 15-question maturity scorecard of the scan: evidence merged with the survey, "
    "contradictions, score range, band, recommendations and the AI-project portfolio.",
)
def scorecard(context: dg.AssetExecutionContext, scanner: ScannerResource, scan_session: str):
    cfg = scanner.client(context.partition_key)
    store = scanner.store(cfg.client)
    progress.update("scoring", "merging evidence and survey")
    result = build_result(cfg, store, scan_session, lang=scanner.language, rubric_path=scanner.rubric_path)
    store.save_result(scan_session, result)
    finish_scan(store, scan_session, result["partial"])
    score = result["score"]
    unanswered = [q["id"] for q in result["questions"] if q["points"] is None]
    progress.update("scoring", "done")
    yield dg.Output(
        result,
        metadata={
            "score": dg.MetadataValue.int(score["total"]),
            "score_min": score["min"],
            "score_max": score["max"],
            "band": score["band"],
            "percent": score["percent"],
            "partial": result["partial"],
            "errors": len(result["errors"]),
            "contradictions": sum(1 for q in result["questions"] if q.get("contradiction")),
            "unanswered": ", ".join(unanswered) or "none",
            **{
                f"points_{q['id']}": (q["points"] if q["points"] is not None else -1)
                for q in result["questions"]
            },
        },
    )
    yield dg.AssetCheckResult(
        check_name=ALL_ANSWERED_CHECK,
        passed=len(result["questions"]) == 15,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"unanswered (in range)": ", ".join(unanswered) or "none"},
    )
    yield dg.AssetCheckResult(
        check_name=SOURCES_READ_CHECK,
        passed=not result["errors"],
        severity=dg.AssetCheckSeverity.WARN,
        metadata={
            "errors": dg.MetadataValue.json(result["errors"][:50]),
            "sources": dg.MetadataValue.json(result.get("sources", {})),
        },
    )


def summary_line(result: dict[str, Any]) -> str:
    s = result["score"]
    rng = f" (range {s['min']}-{s['max']})" if s["min"] != s["max"] else ""
    return f"{result['client']}: {s['total']}/30{rng}, band {s['band']} ({s['percent']} %)"
