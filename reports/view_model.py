"""Result JSON -> plain data for the report templates.

This is the whole "thinking" half of the report: labels are translated, numbers formatted,
long lists capped, chart geometry computed. Templates only place what they are given, which
keeps them free of logic and lets tests check the view-model directly. Every optional key of
the result (maturity, portfolio, lineage, history, recommendations) may be missing or empty;
the matching section then says so instead of failing the report.
"""

from __future__ import annotations

from typing import Any

from reports import charts, portfolio_view
from reports.formatting import fmt_datetime, fmt_number, fmt_percent, parse_timestamp
from reports.i18n import Catalog, humanize, load_catalog
from reports.lineage_view import build_lineage
from reports.planner_view import planner_view
from scoring.signals import SIGNALS

CATEGORY_ORDER: tuple[str, ...] = ("data", "data_science", "business_culture")
EVIDENCE_SHOWN = 12
EVIDENCE_FOLDED_MAX = 500
WITHOUT_LINEAGE_SHOWN = 300
SIGNAL_UNITS: dict[str, str] = {spec.name: spec.unit for spec in SIGNALS}
TLD_ORDER: tuple[str, ...] = ("time", "logic", "data")
GRADE_POSITION: dict[str, float] = {"high": 0.83, "medium": 0.5, "low": 0.17}


def _question_anchor(question_id: object) -> str:
    return "q-" + "".join(ch for ch in str(question_id) if ch.isalnum() or ch in "-_")


def answer_text(value: object, cat: Catalog) -> str:
    """An answer value as a reader sees it: known ids translated, numbers localised, free text kept."""
    if value is None:
        return cat.label("unanswered")
    if isinstance(value, bool):
        return cat.label("word_yes") if value else cat.label("word_no")
    if isinstance(value, int | float):
        return fmt_number(value, cat)
    return cat.term("values", value, default=str(value))


def signal_value_text(name: str, value: object, cat: Catalog) -> str:
    """Format a signal value by the unit its catalogue entry declares (share, days, count, flag)."""
    if value is None:
        return cat.strings["units"]["not_measurable"]
    if not isinstance(value, int | float):
        return str(value)
    unit = SIGNAL_UNITS.get(name)
    if unit == "share":
        return fmt_percent(value, cat, is_share=True)
    if unit == "days":
        return cat.strings["units"]["days"].format(n=fmt_number(round(float(value), 1), cat))
    if unit == "flag":
        return cat.label("word_yes") if value else cat.label("word_no")
    return fmt_number(value, cat)


def _evidence_items(items: list[dict[str, Any]] | None, cat: Catalog) -> list[dict[str, str]]:
    return [
        {
            "kind": cat.term("evidence_kinds", item.get("kind") or "", default=str(item.get("kind") or "")),
            "ref": str(item.get("ref") or ""),
            "detail": str(item.get("detail") or ""),
        }
        for item in items or []
    ]


def _capped(items: list[Any], shown: int, folded_max: int) -> dict[str, Any]:
    """Split a long list: the first ``shown`` visible, up to ``folded_max`` folded, the rest counted."""
    return {
        "shown": items[:shown],
        "folded": items[shown : shown + folded_max],
        "truncated": max(0, len(items) - shown - folded_max),
        "total": len(items),
    }


def _contradiction(
    contradiction: dict[str, Any], q: dict[str, Any], cat: Catalog, same_language: bool
) -> dict[str, str]:
    """The contradiction stated once, plus which answer the score kept.

    Scoring's ``message`` already states the fact (with the rubric's own answer wording) in
    the scan's language; printing it beside the report's generic sentence said the same
    thing twice. So: the message when the report is in the scan's language, else the
    translated sentence built from the structured values.
    """
    message = str(contradiction.get("message") or "").strip()
    if not (same_language and message):
        message = cat.label(
            "contradiction_text",
            evidence=answer_text(contradiction.get("evidence_value"), cat),
            evidence_points=fmt_number(contradiction.get("evidence_points"), cat),
            survey=answer_text(contradiction.get("survey_value"), cat),
            survey_points=fmt_number(contradiction.get("survey_points"), cat),
        )
    source = q.get("source")
    kept = ""
    if source in ("evidence", "survey") and q.get("value") is not None:
        answer = (
            str(q["value_label"])
            if same_language and q.get("value_label")
            else answer_text(q.get("value"), cat)
        )
        kept = cat.label("contradiction_kept", answer=answer, source=cat.term("sources", source))
    return {"text": message, "kept": kept}


def _question_card(q: dict[str, Any], cat: Catalog, same_language: bool) -> dict[str, Any]:
    """One question card. The scorer's ``value_label`` is used when the report is in the scan's
    language (the rubric knows its own answer wording best); otherwise the id is translated here."""
    points = q.get("points")
    unanswered = q.get("value") is None or points is None
    contradiction = q.get("contradiction") or None
    contra_vm = None
    if contradiction:
        contra_vm = _contradiction(contradiction, q, cat, same_language)
    evidence = _evidence_items(q.get("evidence"), cat)
    return {
        "id": str(q.get("id")),
        "anchor": _question_anchor(q.get("id")),
        "category": cat.term("categories", q.get("category") or ""),
        "question": str(q.get("question") or ""),
        "answer": str(q["value_label"])
        if same_language and q.get("value_label") and q.get("value") is not None
        else answer_text(q.get("value"), cat),
        "unanswered": unanswered,
        "points": points,
        "points_text": cat.label("points_range")
        if points is None
        else cat.label("points_value", points=fmt_number(points, cat)),
        "source": cat.term("sources", q.get("source") or "none"),
        "confidence": str(q.get("confidence") or ""),
        "confidence_text": cat.term("confidence", q.get("confidence")) if q.get("confidence") else "",
        "survey_answer": None if q.get("survey_value") is None else answer_text(q.get("survey_value"), cat),
        "evidence_answer": None
        if q.get("evidence_value") is None
        else answer_text(q.get("evidence_value"), cat),
        "rationale": str(q.get("rationale") or ""),
        "contradiction": contra_vm,
        "evidence": _capped(evidence, EVIDENCE_SHOWN, EVIDENCE_FOLDED_MAX),
        "signals": [
            {
                "name": str(s.get("name")),
                "label": cat.term("signals", s.get("name"), default=str(s.get("name"))),
                "value": signal_value_text(str(s.get("name")), s.get("value"), cat),
                "detail": str(s.get("detail") or ""),
            }
            for s in q.get("signals") or []
        ],
    }


def _categories(score: dict[str, Any], questions: list[dict[str, Any]], cat: Catalog) -> dict[str, Any]:
    raw = score.get("categories") or {}
    order = [c for c in CATEGORY_ORDER if c in raw] + sorted(c for c in raw if c not in CATEGORY_ORDER)
    rows = []
    for key in order:
        entry = raw[key] or {}
        count = entry.get("questions")
        if isinstance(count, list):
            count = len(count)
        if not isinstance(count, int):
            count = sum(1 for q in questions if q.get("category") == key)
        points = entry.get("points") or 0
        low = entry.get("min", points)
        high = entry.get("max", points)
        possible = entry.get("max_points") or 2 * count
        value_text = f"{fmt_number(points, cat)} / {possible}"
        if high != low:
            value_text += f" ({fmt_number(low, cat)}–{fmt_number(high, cat)})"
        rows.append(
            {
                "id": key,
                "label": cat.term("categories", key),
                "points": points,
                "min": low,
                "max": high,
                "possible": possible,
                "value_text": value_text,
                "answered_text": cat.label(
                    "answered_of", answered=entry.get("answered", count), questions=count
                ),
            }
        )
    return {"rows": rows, "chart": charts.category_bars(rows) if rows else None}


def _maturity_value(value: Any, cat: Catalog) -> tuple[str, float | None]:
    """Text and, for 0..1 shares, the bar length of one maturity item."""
    if isinstance(value, bool) or value is None:
        return answer_text(value, cat) if value is not None else cat.label("none_value"), None
    if isinstance(value, int | float) and 0 <= value <= 1:
        return fmt_percent(value, cat, is_share=True), float(value)
    if isinstance(value, int | float):
        return fmt_number(value, cat), None
    if isinstance(value, list):
        return ", ".join(str(v) for v in value), None
    return cat.term("values", value, default=str(value)), None


def _ordered_keys(
    mapping: dict[str, Any], cat: Catalog, skip: frozenset[str] | set[str] = frozenset()
) -> list:
    """Keys in the order the catalogue lists them (pillars read contracts -> compliance), then the rest."""
    known = list(cat.strings["maturity_keys"])
    keys = [k for k in mapping if k not in skip]
    return sorted(keys, key=lambda k: (known.index(k) if k in known else len(known), str(k)))


def _maturity(maturity: dict[str, Any] | None, cat: Catalog) -> dict[str, Any] | None:
    """Stage and level, then one block per nested view (governance pillars, MLOps readiness...)."""
    if not maturity:
        return None
    stage = maturity.get("stage")
    stage_text = None
    if stage is not None:
        label = maturity.get("stage_label")
        stage_text = cat.label("stage_value", stage=stage, label=label) if label else str(stage)
    level = maturity.get("level")
    blocks, general = [], []
    for key in _ordered_keys(maturity, cat, skip=frozenset({"stage", "stage_label", "level"})):
        value = maturity[key]
        if isinstance(value, dict):
            items = []
            for sub in _ordered_keys(value, cat):
                text, share = _maturity_value(value[sub], cat)
                if isinstance(value[sub], dict):
                    text, share = (
                        ", ".join(f"{humanize(k)}: {v}" for k, v in sorted(value[sub].items())),
                        None,
                    )
                items.append({"label": cat.term("maturity_keys", sub), "value": text, "share": share})
            blocks.append({"title": cat.term("maturity_keys", key), "items": items})
        else:
            text, share = _maturity_value(value, cat)
            general.append({"label": cat.term("maturity_keys", key), "value": text, "share": share})
    if general:
        blocks.insert(0, {"title": cat.label("general"), "items": general})
    return {
        "stage_text": stage_text,
        "level_text": cat.term("levels", level) if level else None,
        "blocks": blocks,
    }


def _unit_interval(value: Any) -> float | None:
    """Place a portfolio value/feasibility on 0..1: grades map to thirds, 0..100 numbers are scaled."""
    if isinstance(value, str):
        return GRADE_POSITION.get(value.lower())
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value <= 1 else min(float(value), 100.0) / 100.0


def _grade_text(value: Any, cat: Catalog) -> str:
    if isinstance(value, str):
        return cat.term("grades", value, default=value)
    return fmt_number(value, cat, decimals=2) if isinstance(value, float) else fmt_number(value, cat)


def _project_table(table: Any) -> dict[str, Any]:
    """A table a project needs; the scorer gives dicts with ``exists``, older inputs plain names."""
    if isinstance(table, dict):
        return {"name": str(table.get("table") or ""), "missing": table.get("exists") is False}
    return {"name": str(table), "missing": False}


def _portfolio(projects: list[dict[str, Any]] | None, cat: Catalog) -> dict[str, Any]:
    ordered = sorted(
        projects or [],
        key=lambda p: (p.get("rank") is None, p.get("rank") or 0, str(p.get("name") or "")),
    )
    rows, points = [], []
    for p in ordered:
        quadrant = str(p.get("quadrant") or "")
        tld = p.get("tld") or {}
        row = {
            "rank": "" if p.get("rank") is None else str(p.get("rank")),
            "name": str(p.get("name") or ""),
            "department": str(p.get("department") or ""),
            "value": _grade_text(p.get("value"), cat),
            "feasibility": _grade_text(p.get("feasibility"), cat),
            "quadrant": quadrant,
            "quadrant_text": cat.term("quadrants", quadrant) if quadrant else "",
            "availability": cat.term("availability", p.get("data_availability"))
            if isinstance(p.get("data_availability"), str)
            else _grade_text(p.get("data_availability"), cat),
            "advice": str(p.get("advice") or ""),
            "tld": ", ".join(
                f"{cat.term('tld', k, default=k[:1].upper())}: {cat.term('grades', v, default=str(v))}"
                for k, v in sorted(
                    tld.items(), key=lambda kv: TLD_ORDER.index(kv[0]) if kv[0] in TLD_ORDER else 3
                )
            )
            if isinstance(tld, dict)
            else "",
            "tables": [_project_table(t) for t in p.get("tables") or []],
            "use_case": str((p.get("use_case") or {}).get("name") or ""),
            "deployment": cat.term("deployments", p.get("deployment")) if p.get("deployment") else "",
            "complexity": cat.label("complexity", level=cat.term("grades", p.get("deployment_complexity")))
            if p.get("deployment_complexity")
            else "",
        }
        rows.append(row)
        value, feas = _unit_interval(p.get("value")), _unit_interval(p.get("feasibility"))
        if value is not None and feas is not None:
            points.append(
                {
                    "value": value,
                    "feasibility": feas,
                    "rank": row["rank"] or "·",
                    "quadrant": quadrant,
                    "title": f"{row['name']} ({row['quadrant_text']})",
                }
            )
    return {"rows": rows, "chart": charts.quadrant_chart(points) if points else None}


def _history(result: dict[str, Any], cat: Catalog) -> dict[str, Any]:
    past = [h for h in result.get("history") or [] if h.get("scan_id") != result.get("scan_id")]
    past.sort(key=lambda h: (parse_timestamp(h.get("scanned_at")) is None, str(h.get("scanned_at") or "")))
    score = result.get("score") or {}
    entries = [{**h, "current": False} for h in past]
    if past:
        entries.append(
            {
                "scan_id": result.get("scan_id"),
                "scanned_at": result.get("scanned_at"),
                "total": score.get("total"),
                "band": score.get("band"),
                "current": True,
            }
        )
    rows = [
        {
            "date": fmt_datetime(h.get("scanned_at"), cat, with_time=False),
            "scan_id": str(h.get("scan_id") or ""),
            "total": fmt_number(h.get("total"), cat),
            "band": cat.term("bands", h.get("band")) if h.get("band") else "",
            "current": h["current"],
        }
        for h in entries
    ]
    plotted = [
        {
            "total": h["total"],
            "label": row["date"] if not h["current"] else cat.label("current_scan"),
            "title": f"{row['date']}: {row['total']}",
            "total_text": row["total"],
        }
        for h, row in zip(entries, rows, strict=True)
        if isinstance(h.get("total"), int | float)
    ]
    return {"rows": rows, "chart": charts.history_line(plotted) if len(plotted) > 1 else None}


def _evidence_counts(counts: dict[str, Any] | None, cat: Catalog) -> list[dict[str, str]]:
    known = list(cat.strings["evidence_counts"])
    keys = [k for k in known if k in (counts or {})] + sorted(k for k in counts or {} if k not in known)
    return [{"label": cat.term("evidence_counts", k), "value": fmt_number(counts[k], cat)} for k in keys]


def build_view_model(result: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    """Turn a result JSON (CONTRACTS.md section 4) into the data both templates render."""
    cat = load_catalog(lang or result.get("language") or "en")
    score = result.get("score") or {}
    questions = result.get("questions") or []
    same_language = cat.lang == (result.get("language") or cat.lang)
    cards = [_question_card(q, cat, same_language) for q in questions]
    total, low, high = score.get("total"), score.get("min"), score.get("max")
    low = total if low is None else low
    high = total if high is None else high
    unanswered = [c for c in cards if c["unanswered"]]
    # Without question details the range still says how many questions are open (2 points each).
    open_questions = len(unanswered) if cards else round(((high or 0) - (low or 0)) / 2)
    band = score.get("band")
    band_labels = {b: cat.term("bands", b) for b, _, _ in charts.BAND_THRESHOLDS}
    percent = score.get("percent")
    if isinstance(percent, float) and 0 < percent <= 1:
        percent = percent * 100
    recommendations = sorted(
        result.get("recommendations") or [],
        key=lambda r: (r.get("priority") is None, r.get("priority") or 0, str(r.get("question") or "")),
    )
    lineage = build_lineage(
        result.get("lineage"),
        {
            "layers": cat.strings["layers"],
            "provenance": cat.strings["provenance"],
            "internal": cat.label("lineage_internal"),
        },
    )
    without = (lineage or {}).get("without_lineage") or []
    if lineage:
        lineage["stats_text"] = cat.label(
            "lineage_stats",
            edges=fmt_number(lineage["edge_count"], cat),
            tables=fmt_number(lineage["table_count"], cat),
            schemas=fmt_number(lineage["schema_count"], cat),
        )
    return {
        "lang": cat.lang,
        "html_lang": cat.meta["html_lang"],
        "t": cat.strings["labels"],
        "colon": cat.meta["colon"],
        "quadrant_names": dict(cat.strings["quadrants_short"]),
        "client_id": str(result.get("client") or ""),
        "client_name": str(result.get("name") or result.get("client") or ""),
        "scan_id": str(result.get("scan_id") or ""),
        "scanned_at": fmt_datetime(result.get("scanned_at"), cat),
        "summary": {
            "total": fmt_number(total, cat),
            "score_text": cat.label("score_out_of", total=fmt_number(total, cat), max=charts.SCORE_MAX),
            "range_text": cat.label(
                "score_range", min=fmt_number(low, cat), max=fmt_number(high, cat), n=open_questions
            )
            if high is not None and low is not None and high != low
            else None,
            "band": str(band or ""),
            "band_text": cat.term("bands", band) if band else cat.label("none_value"),
            "band_summary": cat.band_summary(band) if band else None,
            "bands_in_range_text": cat.label(
                "bands_in_range", bands=", ".join(cat.term("bands", b) for b in score["bands_in_range"])
            )
            if len(score.get("bands_in_range") or []) > 1
            else None,
            "percent_text": fmt_percent(percent, cat) if percent is not None else None,
            "gauge": charts.score_gauge(total, low, high, band_labels)
            if isinstance(total, int | float)
            else None,
        },
        "partial": bool(result.get("partial")) or bool(result.get("errors")),
        "errors": [
            {
                "source": str(e.get("source") or ""),
                "object": str(e.get("object") or ""),
                "message": str(e.get("message") or ""),
            }
            for e in result.get("errors") or []
        ],
        "contradictions": [c for c in cards if c["contradiction"]],
        "unanswered": unanswered,
        "categories": _categories(score, questions, cat),
        "maturity": _maturity(result.get("maturity"), cat),
        "questions": cards,
        "recommendations": [
            {
                "priority": str(r.get("priority") if r.get("priority") is not None else ""),
                "text": str(r.get("text") or ""),
                "question": str(r["question"]) if r.get("question") else None,
                "anchor": _question_anchor(r["question"]) if r.get("question") else None,
                "evidence": _capped(_evidence_items(r.get("evidence"), cat), 8, 200),
            }
            for r in recommendations
        ],
        "lineage": lineage,
        "without_lineage": _capped(without, WITHOUT_LINEAGE_SHOWN, 0),
        "portfolio": _portfolio(result.get("portfolio"), cat),
        "project_details": [
            portfolio_view.project_detail(p, cat)
            for p in sorted(
                result.get("portfolio") or [],
                key=lambda p: (p.get("rank") is None, p.get("rank") or 0, str(p.get("name") or "")),
            )
            if portfolio_view.has_details(p)
        ],
        "planner": planner_view(result.get("planner"), cat),
        "roadmap": portfolio_view.roadmap_view(result.get("roadmap"), cat),
        "scope_of_work": portfolio_view.scope_view(result.get("scope_of_work"), cat),
        "team": portfolio_view.team_view(
            result.get("team"),
            result.get("mlops_footprint"),
            cat,
            {str(q.get("id")) for q in questions},
        ),
        "history": _history(result, cat),
        "evidence_counts": _evidence_counts(result.get("evidence_counts"), cat),
    }
