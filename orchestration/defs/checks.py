"""Asset checks on the crawl: did each configured source land evidence for this scan, and is
that evidence recent?

They read the rows back from the evidence store rather than trusting the crawler's own
counts, so a landing bug (rows written under another scan id, a table left empty) fails
the check. They run inside the crawl step that landed the rows: the evidence store is
single-writer, and a separate check step would need its own connection to the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import dagster as dg

from connectors.config import ClientConfig
from connectors.store import EvidenceStore
from orchestration.scan_steps import CRAWLERS, SourceOutcome

EVIDENCE_LANDED_CHECK = "evidence_landed_for_scan"
EVIDENCE_FRESH_CHECK = "evidence_is_recent"

# The evidence a person checks first per source, and the timestamp that says how recent the
# source's own activity is (not when we crawled it): the newest data row in the warehouse,
# the newest dbt invocation, lineage event, validation run, logged query.
PRIMARY_TABLES: dict[str, tuple[str, str]] = {
    "warehouse": ("warehouse_tables", "max_timestamp_at"),
    "dbt": ("dbt_invocations", "generated_at"),
    "openlineage": ("openlineage_events", "event_time"),
    "gx": ("gx_results", "run_at"),
    "query_logs": ("query_log", "started_at"),
}

# A source whose newest activity is older than this at the scan clock is stale. One week
# matches the weekly scan and the "ran in the last 7 days" rubric of Q2.
FRESH_WITHIN = timedelta(days=7)


def check_specs(source: str, asset_key: dg.AssetKey) -> list[dg.AssetCheckSpec]:
    table, column = PRIMARY_TABLES[source]
    return [
        dg.AssetCheckSpec(
            EVIDENCE_LANDED_CHECK,
            asset=asset_key,
            description=f"When the client file configures the {source} source, this scan landed "
            f"rows in raw.{table} under its own scan id, and the crawl reported no error.",
        ),
        dg.AssetCheckSpec(
            EVIDENCE_FRESH_CHECK,
            asset=asset_key,
            description=f"The newest raw.{table}.{column} is at most {FRESH_WITHIN.days} days older "
            "than the scan clock: the evidence describes a stack that is still running.",
        ),
    ]


@dataclass(frozen=True)
class LandedFacts:
    rows: int
    newest: datetime | None
    previous_hash: str | None


def read_facts(store: EvidenceStore, source: str, scan_id: str) -> LandedFacts:
    """Rows of this scan in the source's primary table, its newest timestamp, the last hash."""
    table, column = PRIMARY_TABLES[source]
    with store.connect(read_only=True) as con:
        rows, newest = con.execute(
            f'select count(*), max("{column}") from raw."{table}" where scan_id = ?', [scan_id]
        ).fetchone()
        prev = con.execute(
            "select s.content_hash from raw.scan_sources s join raw.scans c using (scan_id) "
            "where s.source = ? and s.scan_id <> ? and s.status <> 'skipped' "
            "and c.scanned_at <= (select scanned_at from raw.scans where scan_id = ?) "
            "order by c.scanned_at desc, s.scan_id desc limit 1",
            [source, scan_id, scan_id],
        ).fetchone()
    return LandedFacts(int(rows), newest, prev[0] if prev else None)


def configured(cfg: ClientConfig, source: str) -> bool:
    return bool(getattr(cfg, CRAWLERS[source][2]))


def landed_result(
    source: str, asset_key: dg.AssetKey, cfg: ClientConfig, outcome: SourceOutcome, facts: LandedFacts
) -> dg.AssetCheckResult:
    table, _ = PRIMARY_TABLES[source]
    if not configured(cfg, source):
        return dg.AssetCheckResult(
            asset_key=asset_key,
            check_name=EVIDENCE_LANDED_CHECK,
            passed=True,
            metadata={"configured": False, "note": f"the client file has no {source} section"},
        )
    passed = facts.rows > 0 and not outcome.errors
    # No evidence at all from a configured source is an error; evidence with some problems
    # (a partial crawl) is a warning: the scan still scores, marked partial.
    severity = dg.AssetCheckSeverity.ERROR if facts.rows == 0 else dg.AssetCheckSeverity.WARN
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=EVIDENCE_LANDED_CHECK,
        passed=passed,
        severity=severity,
        description=None
        if passed
        else f"{facts.rows} rows in raw.{table} for this scan, {len(outcome.errors)} crawl errors",
        metadata={
            "configured": True,
            "status": outcome.status,
            "rows": facts.rows,
            "errors": len(outcome.errors),
            "first_errors": dg.MetadataValue.json(outcome.errors[:5]),
        },
    )


def fresh_result(
    source: str,
    asset_key: dg.AssetKey,
    cfg: ClientConfig,
    outcome: SourceOutcome,
    facts: LandedFacts,
    scanned_at: datetime,
) -> dg.AssetCheckResult:
    table, column = PRIMARY_TABLES[source]
    unchanged = bool(outcome.content_hash) and outcome.content_hash == facts.previous_hash
    common = {
        "content_hash": outcome.content_hash or "",
        "inputs_unchanged_since_previous_scan": unchanged,
    }
    if not configured(cfg, source) or facts.rows == 0:
        return dg.AssetCheckResult(
            asset_key=asset_key,
            check_name=EVIDENCE_FRESH_CHECK,
            passed=True,
            metadata={**common, "note": "no evidence to date (see evidence_landed_for_scan)"},
        )
    if facts.newest is None:
        return dg.AssetCheckResult(
            asset_key=asset_key,
            check_name=EVIDENCE_FRESH_CHECK,
            passed=False,
            severity=dg.AssetCheckSeverity.WARN,
            description=f"raw.{table} has no {column} in this scan: its age cannot be measured",
            metadata=common,
        )
    age_days = round((scanned_at - facts.newest).total_seconds() / 86400, 2)
    passed = scanned_at - facts.newest <= FRESH_WITHIN
    return dg.AssetCheckResult(
        asset_key=asset_key,
        check_name=EVIDENCE_FRESH_CHECK,
        passed=passed,
        severity=dg.AssetCheckSeverity.WARN,
        description=None if passed else f"newest {column} is {age_days} days before the scan",
        metadata={
            **common,
            "newest": facts.newest.isoformat(),
            "age_days": dg.MetadataValue.float(float(age_days)),
            "limit_days": FRESH_WITHIN.days,
        },
    )
