"""Portfolio asset: the AI-project assessment of a scan (phases 2-6) as its own asset.

The scorecard computes the whole result in one pass (the team plan needs the weak
answers, the portfolio needs the marts), so this asset does not score twice: it takes the
scorecard's result and publishes the portfolio part of it, with metadata a data leader
follows in the UI (projects per quadrant, the top project, blocked projects) and a check
that every table the portfolio file names exists in the warehouse.
"""

from typing import Any

import dagster as dg

from orchestration.defs.partitions import clients_partitions

PORTFOLIO_GROUP = "portfolio"
TABLES_FOUND_CHECK = "every_named_table_found"
PORTFOLIO_KEYS = ("portfolio", "roadmap", "team", "scope_of_work", "mlops_footprint")
QUADRANTS = ("priority", "invest", "opportunistic", "later")


def portfolio_part(result: dict[str, Any]) -> dict[str, Any]:
    """The portfolio keys of a scan result (empty lists when the client has no portfolio)."""
    part = {key: result.get(key) or ([] if key != "mlops_footprint" else {}) for key in PORTFOLIO_KEYS}
    part.update({"client": result.get("client"), "scan_id": result.get("scan_id")})
    return part


def portfolio_metadata(part: dict[str, Any]) -> dict[str, Any]:
    """Numbers per quadrant, the top project, blocked projects and the roles needed."""
    projects = part["portfolio"]
    top = next((p for p in projects if p.get("rank") == 1), None)
    blocked = [p["name"] for p in projects if p.get("data_blockers")]
    return {
        "projects": dg.MetadataValue.int(len(projects)),
        **{
            f"quadrant_{q}": dg.MetadataValue.int(sum(1 for p in projects if p["quadrant"] == q))
            for q in QUADRANTS
        },
        "top_project": top["name"] if top else "none",
        "blocked_projects": ", ".join(blocked) or "none",
        "scope_of_work_drafts": dg.MetadataValue.int(len(part["scope_of_work"])),
        "roles_needed": ", ".join(r["role"] for r in part["team"]) or "none",
        "ranking": dg.MetadataValue.md(
            "\n".join(
                f"{p['rank']}. {p['name']}: {p['quadrant']}, data {p.get('data_availability')}"
                for p in projects
            )
            or "no portfolio"
        ),
    }


@dg.asset(
    partitions_def=clients_partitions,
    group_name=PORTFOLIO_GROUP,
    kinds={"python"},
    check_specs=[
        dg.AssetCheckSpec(
            TABLES_FOUND_CHECK,
            asset="portfolio",
            description="Every warehouse table the portfolio file names exists (typos and tables of "
            "another database are listed with the closest existing names).",
        )
    ],
    description="AI-project portfolio of the scan: value, measured feasibility, quadrant, ranked roadmap, "
    "scope-of-work drafts of the prioritised projects and team needs.",
)
def portfolio(scorecard: dict[str, Any]):
    part = portfolio_part(scorecard)
    yield dg.Output(part, metadata=portfolio_metadata(part))
    missing = [
        {"project": p["name"], "table": t["table"], "suggestions": t.get("suggestions", [])}
        for p in part["portfolio"]
        for t in p.get("tables", [])
        if not t.get("exists") and not t.get("external")
    ]
    yield dg.AssetCheckResult(
        check_name=TABLES_FOUND_CHECK,
        passed=not missing,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"missing": dg.MetadataValue.json(missing)},
    )
