"""Assemble the result JSON of one scan (SPEC 5.5) from the marts, the survey and the portfolio.

The scoring core is pure, so this module does its reading for it: the marts from the
evidence store, the survey, portfolio and rubric files from disk. Problems with those
files become scan errors (the scan is partial) rather than failures, except that a
rubric that does not validate stops scoring: every score would be wrong.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import scoring
from connectors.config import ClientConfig, ConfigError, read_yaml
from connectors.store import EvidenceStore
from orchestration.scan_steps import load_optional_yaml, read_marts, scan_errors_and_counts
from scoring import ColumnIndex
from scoring.evidence import TableFact, signals_from_rows
from scoring.inputs import InputError, parse_portfolio, parse_rubric, parse_survey
from scoring.rubric import DEFAULT_RUBRIC_FILE


def load_rubric(path: str | Path | None = None) -> scoring.rubric.Rubric:
    """The rubric: 1. an explicit path, 2. ``MATURITY_RUBRIC``, 3. the packaged default."""
    import os

    chosen = Path(path or os.environ.get("MATURITY_RUBRIC") or DEFAULT_RUBRIC_FILE)
    try:
        return parse_rubric(read_yaml(chosen))
    except InputError as err:
        raise ConfigError(chosen, err.problems) from None


def _parse_input(cfg: ClientConfig, attr: str, parser, errors: list[dict[str, str]]):
    data, path = load_optional_yaml(cfg, attr)
    if data is None:
        return None
    if isinstance(data, ConfigError):
        errors.append({"source": attr, "object": data.path, "message": "; ".join(data.problems)})
        return None
    try:
        return parser(data)
    except InputError as err:
        errors.append({"source": attr, "object": str(path), "message": "; ".join(err.problems)})
        return None


def read_portfolio_inputs(store: EvidenceStore, scan_id: str) -> dict[str, Any]:
    """What the portfolio needs beyond the marts: catalog columns and dbt source freshness.

    ``raw.warehouse_columns`` gives the real columns and types of the tables a project
    names (scope-of-work drafts); ``raw.dbt_source_freshness`` joined to the source nodes
    gives each source table's freshness status, the most reliable sign of a broken load.
    """
    with store.connect(read_only=True) as con:
        # One row per table with its columns' lists: a large warehouse has 400,000 columns and
        # the portfolio reads a few dozen tables (ColumnIndex builds those on demand).
        per_table = con.execute(
            """
            select
                lower(coalesce(schema_name, '') || '.' || coalesce(table_name, '')) as fqn,
                list(column_name order by ordinal nulls last, column_name),
                list(data_type order by ordinal nulls last, column_name),
                list(is_primary_key order by ordinal nulls last, column_name)
            from raw.warehouse_columns
            where scan_id = ?
            group by fqn
            """,
            [scan_id],
        ).fetchall()
        columns = ColumnIndex({fqn: (names, types, keys) for fqn, names, types, keys in per_table})
        freshness_rows = con.execute(
            "select lower(n.schema_name || '.' || n.name), f.status from raw.dbt_source_freshness f "
            "join raw.dbt_nodes n on n.scan_id = f.scan_id and n.unique_id = f.unique_id "
            "where f.scan_id = ? and n.resource_type = 'source'",
            [scan_id],
        ).fetchall()
    rank = {"error": 2, "warn": 1}
    freshness: dict[str, str] = {}
    for table, status in freshness_rows:
        status = str(status or "").lower()
        if rank.get(status, 0) >= rank.get(freshness.get(table, ""), -1):
            freshness[table] = status
    return {"columns": columns, "source_freshness": freshness}


def build_result(
    cfg: ClientConfig,
    store: EvidenceStore,
    scan_id: str,
    *,
    lang: str | None = None,
    rubric_path: str | None = None,
) -> dict[str, Any]:
    """Score one scan and return the whole result dict (without the report paths yet)."""
    lang = lang or cfg.language
    rubric = load_rubric(rubric_path)
    marts = read_marts(store, scan_id)
    errors, counts, statuses = scan_errors_and_counts(store, scan_id)
    survey = _parse_input(cfg, "survey", parse_survey, errors)
    portfolio = _parse_input(cfg, "portfolio", parse_portfolio, errors)
    extra = read_portfolio_inputs(store, scan_id)
    card = scoring.score_scan(
        signals=signals_from_rows(marts["signals"], marts["evidence"]),
        survey=survey,
        portfolio=portfolio,
        table_facts=[TableFact.from_row(r) for r in marts["table_facts"]],
        rubric=rubric,
        lang=lang,
        columns=extra["columns"],
        lineage_edges=marts["lineage_edges"],
        source_freshness=extra["source_freshness"],
    )
    scan = next(s for s in store.scans() if s.scan_id == scan_id)
    partial = bool(errors) or any(s in ("failed", "partial") for s in statuses.values())
    edges = marts["lineage_edges"]
    without = sorted(
        r["table_fqn"] for r in marts["table_facts"] if r.get("is_modelled") and not r.get("has_upstream")
    )
    history = [
        {
            "scan_id": r["scan_id"],
            "scanned_at": r["scanned_at"],
            "total": r["score"]["total"],
            "band": r["score"]["band"],
        }
        for r in store.previous_results(scan_id)
    ]
    return {
        "client": cfg.client,
        "name": cfg.name,
        "language": lang,
        "scan_id": scan_id,
        "scanned_at": scan.scanned_at.isoformat(),
        "partial": partial,
        "errors": errors,
        "sources": statuses,
        "evidence_counts": counts,
        **card.to_dict(),
        "lineage": {
            "edges": [
                {"source": e["source_table"], "target": e["target_table"], "provenance": e["provenance"]}
                for e in edges
            ],
            "tables_without_lineage": without,
        },
        "history": history,
    }
