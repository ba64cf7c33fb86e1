"""Result JSON -> view data for the portfolio details, roadmap, scope-of-work drafts and team.

These are phases 2-6 of the product (SPEC 3). The scorer already wrote the explanations
(why a table blocks, why a complexity moved, why a role is needed) in the scan's language;
this module only labels, orders and formats them, and derives one status per needed table so
a reader sees at a glance *why* data is unavailable (missing, empty, feed broken, stale
upstream...) rather than a bare score.

Every key is optional: results written before these phases existed have no ``roadmap``,
``team`` or ``scope_of_work`` and a thinner ``portfolio``. A missing key returns None (the
section is left out); a present but empty list returns an empty view (the section says so).
"""

from __future__ import annotations

from typing import Any

from reports.formatting import fmt_number, fmt_percent
from reports.i18n import Catalog

TERM_ORDER: tuple[str, ...] = ("short", "medium", "long")
#: Roadmap item prerequisites shown per project before folding into "n more".
PREREQUISITES_SHOWN = 6


def _grade(value: object, cat: Catalog) -> str:
    return cat.term("grades", value) if value else cat.label("none_value")


def _opt_number(value: object, cat: Catalog, decimals: int | None = None) -> str:
    if value is None or isinstance(value, bool):
        return cat.label("none_value")
    return fmt_number(value, cat, decimals=decimals) if decimals is not None else fmt_number(value, cat)


def _days(value: object, cat: Catalog) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return cat.label("none_value")
    return cat.strings["units"]["days"].format(n=fmt_number(round(float(value), 1), cat))


def table_status(table: dict[str, Any]) -> str:
    """One status per needed table, the most serious first.

    ``external`` (to acquire), ``missing`` (not in the warehouse), ``empty``, ``blocked``
    (its own load is broken: a freshness error), ``degraded`` (usable, with issues such as a
    stale upstream source or thin history), ``ok``.

    >>> table_status({"exists": False, "external": False})
    'missing'
    >>> table_status({"exists": True, "empty": False, "blockers": [], "issues": ["x is stale"]})
    'degraded'
    """
    if table.get("external"):
        return "external"
    if table.get("exists") is False:
        return "missing"
    if table.get("empty") or table.get("row_count") == 0:
        return "empty"
    if table.get("blockers"):
        return "blocked"
    if table.get("issues"):
        return "degraded"
    return "ok"


def _upstream_problems(table: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "table": str(u.get("table") or ""),
            "health": str(u.get("health") or ""),
            "why": str(u.get("why") or ""),
        }
        for u in table.get("upstream") or []
        if u.get("health") in ("degraded", "blocked")
    ]


def _table_row(table: dict[str, Any], cat: Catalog) -> dict[str, Any]:
    status = table_status(table)
    blockers = [str(b) for b in table.get("blockers") or []]
    reasons = blockers + [str(i) for i in table.get("issues") or [] if str(i) not in blockers]
    suggestions = [str(s) for s in table.get("suggestions") or []]
    quality = table.get("quality_pass_rate")
    freshness = table.get("freshness_status")
    return {
        "table": str(table.get("table") or ""),
        "status": status,
        "status_text": cat.term("table_status", status),
        "rows": _opt_number(table.get("row_count"), cat),
        "history": _days(table.get("history_days"), cat),
        "since_update": _days(table.get("days_since_update"), cat),
        "freshness": cat.term("freshness", freshness) if freshness else cat.label("none_value"),
        "quality": fmt_percent(quality, cat, is_share=True)
        if isinstance(quality, int | float) and not isinstance(quality, bool)
        else cat.label("none_value"),
        "reasons": reasons,
        # Shown apart (as names to copy) unless the scorer's reason already lists every one of them.
        "suggestions": suggestions if not all(s in " ".join(reasons) for s in suggestions) else [],
        "upstream_problems": _upstream_problems(table),
    }


def _tld(project: dict[str, Any], cat: Catalog) -> list[dict[str, str]]:
    """Time, logic, data: the level used, and the declared one where the data was measured."""
    used = project.get("tld") or {}
    declared = project.get("tld_declared") or used
    measured = project.get("measured_data") or None
    rows = []
    for key in ("time", "logic", "data"):
        if key not in used and key not in declared:
            continue
        row = {
            "label": cat.term("tld", key),
            "value": _grade(used.get(key, declared.get(key)), cat),
            "declared": _grade(declared.get(key), cat),
            "measured": None,
            "differs": False,
        }
        if key == "data" and measured:
            row["measured"] = cat.label(
                "tld_measured",
                level=_grade(measured.get("level"), cat),
                score=fmt_number(measured.get("score"), cat, decimals=2)
                if isinstance(measured.get("score"), int | float)
                else cat.label("none_value"),
            )
            row["declared"] = _grade(measured.get("declared", declared.get(key)), cat)
            row["differs"] = bool(measured.get("differs"))
        rows.append(row)
    return rows


def _use_case(project: dict[str, Any], cat: Catalog) -> dict[str, Any] | None:
    uc = project.get("use_case")
    if not isinstance(uc, dict):
        return None
    typical = uc.get("typical_data")
    return {
        "name": str(uc.get("name") or ""),
        "strength": str(uc.get("strength") or ""),
        "strength_text": cat.term("match_strength", uc.get("strength")) if uc.get("strength") else "",
        "explanation": str(uc.get("explanation") or ""),
        "matched": [str(m) for m in uc.get("matched") or []],
        # A sentence in current results, a list in early ones.
        "typical_data": ", ".join(str(d) for d in typical)
        if isinstance(typical, list)
        else str(typical or ""),
        "typical_deployment": cat.term("deployments", uc.get("typical_deployment"))
        if uc.get("typical_deployment")
        else "",
    }


def _complexity(project: dict[str, Any], cat: Catalog) -> dict[str, Any] | None:
    level = project.get("deployment_complexity")
    if not level:
        return None
    declared = project.get("deployment_complexity_declared") or level
    order = ("low", "medium", "high")
    move = "kept"
    if declared in order and level in order and declared != level:
        move = "up" if order.index(level) > order.index(declared) else "down"
    return {
        "deployment": cat.term("deployments", project.get("deployment")) if project.get("deployment") else "",
        "declared": _grade(declared, cat),
        "adjusted": _grade(level, cat),
        "move": move,
        "why": str(project.get("deployment_complexity_why") or ""),
    }


def project_detail(project: dict[str, Any], cat: Catalog) -> dict[str, Any]:
    """The detail card of one project: T.L.D., data availability with reasons, use case, deployment."""
    readiness = project.get("data_readiness")
    components = project.get("feasibility_components") or {}
    availability = project.get("data_availability")
    quadrant = str(project.get("quadrant") or "")
    return {
        "rank": "" if project.get("rank") is None else str(project.get("rank")),
        "name": str(project.get("name") or ""),
        "anchor": "project-" + str(project.get("rank") or "x"),
        "quadrant": quadrant,
        "quadrant_text": cat.term("quadrants", quadrant) if quadrant else "",
        "description": str(project.get("description") or ""),
        "technique": str(project.get("technique") or ""),
        "tld": _tld(project, cat),
        "availability": cat.term("availability", availability) if availability else cat.label("not_measured"),
        "readiness": fmt_percent(readiness, cat, is_share=True)
        if isinstance(readiness, int | float)
        else None,
        "tables": [_table_row(t, cat) for t in project.get("tables") or [] if isinstance(t, dict)],
        "use_case": _use_case(project, cat),
        "complexity": _complexity(project, cat),
        "components": [
            {"label": cat.term("feasibility_parts", k), "value": fmt_number(v, cat, decimals=2)}
            for k, v in components.items()
            if isinstance(v, int | float)
        ],
        "advice": str(project.get("advice") or ""),
        "advice_kinds": [cat.term("advice_kinds", k) for k in project.get("advice_kinds") or []],
    }


def has_details(project: dict[str, Any]) -> bool:
    """True when the scorer wrote the phase 2-3 details (older results only have the summary row)."""
    return any(
        k in project
        for k in ("tld_declared", "feasibility_components", "deployment_complexity_why", "data_blockers")
    )


def roadmap_view(roadmap: list[dict[str, Any]] | None, cat: Catalog) -> list[dict[str, Any]] | None:
    """Short, medium and long term, each with its projects, why and prerequisites."""
    if roadmap is None:
        return None
    terms = sorted(
        (t for t in roadmap if isinstance(t, dict)),
        key=lambda t: TERM_ORDER.index(t["term"]) if t.get("term") in TERM_ORDER else len(TERM_ORDER),
    )
    out = []
    for term in terms:
        items = []
        for item in sorted(
            term.get("items") or [], key=lambda i: (i.get("rank") is None, i.get("rank") or 0)
        ):
            prerequisites = [str(p) for p in item.get("prerequisites") or []]
            quadrant = str(item.get("quadrant") or "")
            items.append(
                {
                    "rank": "" if item.get("rank") is None else str(item.get("rank")),
                    "project": str(item.get("project") or ""),
                    "quadrant": quadrant,
                    "quadrant_text": cat.term("quadrants_short", quadrant) if quadrant else "",
                    "why": str(item.get("why") or ""),
                    "prerequisites": prerequisites[:PREREQUISITES_SHOWN],
                    "prerequisites_more": max(0, len(prerequisites) - PREREQUISITES_SHOWN),
                }
            )
        term_id = str(term.get("term") or "")
        horizon = term.get("horizon_months")
        out.append(
            {
                "term": term_id,
                "label": cat.term("terms", term_id),
                "horizon": cat.label("horizon_months", months=horizon) if horizon else "",
                "items": items,
            }
        )
    return out


def _required_table(entry: dict[str, Any], cat: Catalog) -> dict[str, Any]:
    return {
        "table": str(entry.get("table") or ""),
        "rows": _opt_number(entry.get("row_count"), cat),
        "history": _days(entry.get("history_days"), cat),
        "columns": [
            {
                "name": str(c.get("name") or ""),
                "type": str(c.get("type") or "") or cat.label("type_unknown"),
                "primary_key": bool(c.get("primary_key")),
            }
            for c in entry.get("columns") or []
        ],
        "upstream_sources": [str(s) for s in entry.get("upstream_sources") or []],
        "issues": [str(i) for i in entry.get("issues") or []],
    }


def _effort_parts(parts: object, cat: Catalog) -> str:
    """The estimate's breakdown in person-weeks (base, tables, data issues, weak use case), zeros left out."""
    if not isinstance(parts, dict):
        return ""
    shown = []
    order = ("base", "tables", "issues", "use_case")
    for key in sorted(parts, key=lambda k: order.index(k) if k in order else len(order)):
        weeks = parts[key]
        if not isinstance(weeks, int | float) or isinstance(weeks, bool) or (weeks == 0 and key != "base"):
            continue
        sign = "" if key == "base" else "+"
        shown.append(f"{cat.term('effort_parts', key)} {sign}{fmt_number(weeks, cat)}")
    return " · ".join(shown)


def scope_view(scopes: list[dict[str, Any]] | None, cat: Catalog) -> list[dict[str, Any]] | None:
    """The nine-field drafts, in rank order, field labels translated, values as the scorer wrote them."""
    if scopes is None:
        return None
    out = []
    for s in sorted(scopes, key=lambda s: (s.get("rank") is None, s.get("rank") or 0)):
        effort = s.get("estimated_effort") or {}
        out.append(
            {
                "rank": "" if s.get("rank") is None else str(s.get("rank")),
                "project": str(s.get("project") or ""),
                "business_context": str(s.get("business_context") or ""),
                "problem_statement": str(s.get("problem_statement") or ""),
                "technical_overview": str(s.get("technical_overview") or ""),
                "required_data": [_required_table(t, cat) for t in s.get("required_data") or []],
                "assumptions": [str(a) for a in s.get("assumptions") or []],
                "deliverables": [str(d) for d in s.get("deliverables") or []],
                "effort_range": cat.label(
                    "effort_range",
                    low=fmt_number(effort.get("low"), cat),
                    high=fmt_number(effort.get("high"), cat),
                )
                if effort.get("low") is not None and effort.get("high") is not None
                else "",
                "effort_parts": _effort_parts(effort.get("parts"), cat),
                # The scorer's sentence repeats the range; it is only shown for results without parts.
                "effort_text": "" if isinstance(effort.get("parts"), dict) else str(effort.get("text") or ""),
                "expertise": [
                    cat.term("roles", r.get("role"), default=str(r.get("name") or r.get("role") or ""))
                    for r in s.get("required_expertise") or []
                ],
                "exclusions": [str(x) for x in s.get("exclusions") or []],
            }
        )
    return out


def team_view(
    team: list[dict[str, Any]] | None, footprint: dict[str, Any] | None, cat: Catalog, question_ids: set[str]
) -> dict[str, Any] | None:
    """Roles with skills, tools and what calls for them; the MLOps footing found and missing."""
    if team is None and footprint is None:
        return None
    roles = [
        {
            "role": str(r.get("role") or ""),
            # The role id is translated in the report's language; the scorer's name is the fallback.
            "name": cat.term("roles", r.get("role"), default=str(r.get("name") or r.get("role") or "")),
            "skills": str(r.get("skills") or ""),
            "tools": [str(t) for t in r.get("tools") or []],
            "reasons": [str(x) for x in r.get("reasons") or []],
            "projects": [str(p) for p in r.get("projects") or []],
            "questions": [
                {
                    "id": str(q),
                    "anchor": "q-" + "".join(ch for ch in str(q) if ch.isalnum() or ch in "-_"),
                    "linked": str(q) in question_ids,
                }
                for q in r.get("questions") or []
            ],
        }
        for r in team or []
    ]
    fp = footprint or {}
    return {
        "roles": roles,
        "footprint_found": [
            {
                "label": str(f.get("label") or f.get("capability") or ""),
                "evidence": str(f.get("evidence") or ""),
            }
            for f in fp.get("found") or []
        ],
        "footprint_missing": [
            str(f.get("label") or f.get("capability") or "") for f in fp.get("missing") or []
        ],
        "has_footprint": footprint is not None,
    }
