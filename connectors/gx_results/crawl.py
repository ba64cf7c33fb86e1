"""Crawl Great Expectations validation results (files or whole ``gx/`` folders) into ``gx_results``.

Pointing the scanner at a GX project folder is the normal case, and that folder holds
the same validation several times: stored under ``uncommitted/validations/``, inside a
checkpoint result, and summarised by a 1.x ``describe_dict``. Each validation is landed
once: full results first (they carry run time and batch metadata), then summaries only
when no full result with the same fingerprint was seen. Suites, checkpoint configs and
other JSON are skipped and counted (``gx_files_skipped``), not errors; JSON that does not
parse is an error naming the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from connectors.base import CrawlResult, ScanContext
from connectors.config import PathsConfig
from connectors.gx_results.formats import Validation, find_validations
from connectors.gx_results.results import fingerprint, validation_rows
from connectors.rows import rows_to_table

SOURCE = "gx"
log = logging.getLogger(__name__)


def _files(paths: list[Path], result: CrawlResult) -> tuple[list[Path], int]:
    """JSON files under the given paths (recursively), and how many other files were passed over."""
    out: list[Path] = []
    others = 0
    for path in paths:
        if path.is_file():
            found = [path]
        elif path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            result.error(str(path), "path not found")
            continue
        for p in found:
            if p.suffix.lower() == ".json":
                out.append(p)
            else:
                others += 1
                log.info("gx: skipped %s (not a JSON file)", p)
    return out, others


def _checkpoint_run_time(doc: Any) -> str | None:
    run_id = doc.get("run_id") if isinstance(doc, dict) else None
    return run_id.get("run_time") if isinstance(run_id, dict) else None


def crawl_gx(cfg: PathsConfig, ctx: ScanContext, resolve: Callable[[str], Path]) -> CrawlResult:
    """Read every GX validation result under ``cfg.paths``; one ``gx_results`` row per expectation.

    Counts: ``gx_results`` (rows), ``gx_validations`` (distinct validations landed),
    ``gx_duplicate_validations`` (repeats recognised and not landed again),
    ``gx_files`` (files holding results) and ``gx_files_skipped``.
    """
    result = CrawlResult(source=SOURCE)
    files, skipped = _files([resolve(p) for p in cfg.paths], result)
    full: list[tuple[Validation, str, str | None]] = []
    summaries: list[tuple[Validation, str]] = []
    read = 0
    for path in files:
        try:
            doc = orjson.loads(path.read_bytes())
        except orjson.JSONDecodeError as exc:
            result.error(f"{path}:{exc.lineno}", f"invalid JSON (truncated or corrupt): {exc.msg}")
            continue
        except OSError as exc:
            result.error(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        found = find_validations(doc)
        if found is None:
            skipped += 1
            log.info("gx: skipped %s (no validation results in it)", path)
            continue
        read += 1
        fallback = _checkpoint_run_time(doc)
        for v in found:
            if v.summary:
                summaries.append((v, str(path)))
            else:
                full.append((v, str(path), fallback))

    seen: set[str] = set()
    # Identical content is the same validation unless two checkpoint identifiers say
    # otherwise (a validation operator may run one suite twice on the same batch).
    seen_exact: dict[bytes, set[str | None]] = {}
    rows: list[dict[str, Any]] = []
    landed = duplicates = 0
    for v, path, fallback in full:
        exact = orjson.dumps(v.data, option=orjson.OPT_SORT_KEYS)
        idents = seen_exact.setdefault(exact, set())
        if idents and (v.identifier is None or None in idents or v.identifier in idents):
            duplicates += 1
            continue
        idents.add(v.identifier)
        seen.add(fingerprint(v))
        rows += validation_rows(v, path, fallback)
        landed += 1
    for v, path in summaries:
        fp = fingerprint(v)
        if fp in seen:
            duplicates += 1
            continue
        seen.add(fp)
        rows += validation_rows(v, path)
        landed += 1

    result.add("gx_results", rows_to_table("gx_results", rows, ctx.scan_id))
    result.counts.update(
        gx_results=len(rows),
        gx_validations=landed,
        gx_duplicate_validations=duplicates,
        gx_files=read,
        gx_files_skipped=skipped,
    )
    return result
