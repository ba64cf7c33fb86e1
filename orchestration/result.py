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
    card = scoring.score_scan(
        signals=signals_from_rows(marts["signals"], marts["evidence"]),
        survey=survey,
        portfolio=portfolio,
        table_facts=[TableFact.from_row(r) for r in marts["table_facts"]],
        rubric=rubric,
        lang=lang,
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
