"""The planner section of the reports: the cheapest steps to the next band.

Scoring's ``planner`` (docs/CONTRACTS.md section 4, scoring/planner.py) is already in the
scan's language; this turns it into rows both templates render: a one-line summary (points
needed to reach the next band), then one row per step, ``Q1: partial -> yes (+1)``, its
actions and the evidence it cites. The section's own labels live here, in both languages,
so it can be rendered before the report catalogues list them.
"""

from __future__ import annotations

from typing import Any

from reports.i18n import Catalog

LABELS = {
    "en": {
        "title": "Next band: the cheapest steps",
        "summary": "{points} points to reach {band} ({target} points); {steps} steps planned (effort {effort}).",
        "top": "Already in the top band: no step is needed.",
        "unreachable": "Every improvement within reach still falls short of {band}: answer the open questions ({open}).",
        "step": "{question}: {from_} → {to} (+{points}, effort {effort}/5)",
        "open": "Open questions that could also move the score: {open}.",
    },
    "fr": {
        "title": "Bande suivante : les étapes les moins coûteuses",
        "summary": "{points} points pour atteindre {band} ({target} points) ; {steps} étapes prévues (effort {effort}).",
        "top": "Déjà dans la bande la plus haute : aucune étape n'est nécessaire.",
        "unreachable": "Toutes les améliorations possibles ne suffisent pas pour {band} : répondre aux questions ouvertes ({open}).",
        "step": "{question} : {from_} → {to} (+{points}, effort {effort}/5)",
        "open": "Questions ouvertes qui pourraient aussi faire bouger le score : {open}.",
    },
}


def planner_view(planner: dict[str, Any] | None, cat: Catalog) -> dict[str, Any] | None:
    """Rows for the planner section, or None when the result has no planner."""
    if not planner:
        return None
    words = LABELS.get(cat.lang, LABELS["en"])
    open_questions = ", ".join(planner.get("unanswered") or [])
    target = planner.get("target_band")
    steps = planner.get("steps") or []
    if target is None:
        summary = words["top"]
    elif not planner.get("reachable", True):
        summary = words["unreachable"].format(band=cat.term("bands", target), open=open_questions or "-")
    else:
        summary = words["summary"].format(
            points=planner.get("points_needed"),
            band=cat.term("bands", target),
            target=planner.get("target_total"),
            steps=len(steps),
            effort=planner.get("effort_planned", sum(int(s.get("effort") or 0) for s in steps)),
        )
    rows = [
        {
            "title": words["step"].format(
                question=s.get("question"),
                from_=s.get("from_label") or s.get("from"),
                to=s.get("to_label") or s.get("to"),
                points=s.get("points"),
                effort=s.get("effort"),
            ),
            "question": s.get("question"),
            "actions": [str(a) for a in s.get("actions") or []],
            "evidence": [
                {
                    "kind": str(e.get("kind") or ""),
                    "ref": str(e.get("ref") or ""),
                    "detail": str(e.get("detail") or ""),
                }
                for e in s.get("evidence") or []
            ],
        }
        for s in steps
    ]
    return {
        "title": words["title"],
        "summary": summary,
        "open_text": words["open"].format(open=open_questions) if open_questions and target else None,
        "steps": rows,
    }
