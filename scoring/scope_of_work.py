"""Scope-of-work drafts (phase 5) for the prioritised projects, grounded in the warehouse.

A draft has the nine fields of the seed: business context, problem statement, technical
overview, required data, assumptions, deliverables, estimated effort, required expertise
and exclusions. "Required data" is not copied from the portfolio file: it lists the real
columns and types from the warehouse catalog and the upstream sources from the lineage
graph, so a consultant can hand the draft to the client's data team as is. The effort is
an explained estimate (a base per deployment complexity plus work per table and per data
issue), given as a range because a draft is not a quote.
"""

from __future__ import annotations

from collections.abc import Sequence

from scoring.portfolio import ProjectScore
from scoring.portfolio_data import TableMeasure
from scoring.team import role_name

#: Person-weeks of a first production-ready version, by adjusted deployment complexity.
BASE_WEEKS = {"low": 6.0, "medium": 10.0, "high": 16.0}
WEEKS_PER_TABLE = 0.5
WEEKS_PER_ISSUE = 1.0
WEEKS_WEAK_USE_CASE = 4.0
#: The estimate is shown as [low, high] = estimate x these factors.
RANGE = (0.8, 1.3)

_T = {
    "fr": {
        "context": "Le département {d} porte ce projet : {desc} Valeur estimée {v} (temps {t}, logique {lg}, "
        "données {dt}).",
        "context_no_dept": "{desc} Valeur estimée {v} (temps {t}, logique {lg}, données {dt}).",
        "problem_uc": "Construire un modèle de {u} ({tech}) répondant à : {desc}",
        "problem": "Construire un modèle ({tech}) répondant à : {desc}",
        "overview": "Cas d'usage documenté : {uc}. Déploiement {dep} (complexité {c} ; {why}). Socle existant : "
        "{have}. À construire : {miss}.",
        "nothing": "aucun",
        "no_uc": "aucun cas d'usage du catalogue ne correspond",
        "assume_access": "Accès en lecture à l'entrepôt et aux tables listées pendant toute la mission.",
        "assume_owner": "Un responsable métier du département {d} valide les critères de succès.",
        "assume_issue": "Point à traiter avant l'entraînement : {i}.",
        "assume_history": "L'historique disponible ({d} jours sur {t}) reflète le fonctionnement futur.",
        "d_batch": "Un traitement planifié qui écrit une table de prédictions (horodatage, version du modèle, "
        "sortie, décision, identifiant de l'entité)",
        "d_microservice": "Une API de prédiction documentée, journalisant chaque appel dans une table de "
        "prédictions (horodatage, version du modèle, sortie, décision, identifiant de l'entité)",
        "d_streaming": "Un traitement en flux qui score chaque événement et journalise les décisions dans une "
        "table de prédictions",
        "d_model": "Le modèle entraîné et son jeu d'entraînement conservés et versionnés",
        "d_eval": "Un rapport d'évaluation (métriques hors ligne, comparaison à une référence simple)",
        "d_monitor": "Un suivi de la qualité des prédictions et de la dérive des données, avec alerte",
        "d_doc": "La documentation d'exploitation et une session de transfert à l'équipe",
        "effort": "{lo}-{hi} semaines-personne (base {c} {b} ; +{t} pour {n} tables ; +{i} pour {k} points de "
        "données ; +{u} cas d'usage peu documenté)",
        "x_sources": "Les corrections dans les systèmes sources ({s}).",
        "x_external": "L'acquisition de données externes.",
        "x_run": "L'exploitation au-delà de la période de mise en service.",
        "x_other": "Les autres projets du portefeuille.",
    },
    "en": {
        "context": "The {d} department sponsors this project: {desc} Estimated value {v} (time {t}, logic {lg}, "
        "data {dt}).",
        "context_no_dept": "{desc} Estimated value {v} (time {t}, logic {lg}, data {dt}).",
        "problem_uc": "Build a {u} model ({tech}) that answers: {desc}",
        "problem": "Build a model ({tech}) that answers: {desc}",
        "overview": "Documented use case: {uc}. {dep} deployment (complexity {c}; {why}). Existing footing: "
        "{have}. To build: {miss}.",
        "nothing": "none",
        "no_uc": "no catalogue use case matches",
        "assume_access": "Read access to the warehouse and the listed tables for the whole engagement.",
        "assume_owner": "A business owner from the {d} department signs off the success criteria.",
        "assume_issue": "To settle before training: {i}.",
        "assume_history": "The available history ({d} days on {t}) reflects how the business will run.",
        "d_batch": "A scheduled job writing a prediction table (timestamp, model version, output, decision, "
        "entity id)",
        "d_microservice": "A documented prediction API logging every call to a prediction table (timestamp, "
        "model version, output, decision, entity id)",
        "d_streaming": "A streaming job scoring each event and logging decisions to a prediction table",
        "d_model": "The trained model and its training set, stored and versioned",
        "d_eval": "An evaluation report (offline metrics, comparison with a simple baseline)",
        "d_monitor": "Monitoring of prediction quality and data drift, with alerting",
        "d_doc": "Operations documentation and a hand-over session with the team",
        "effort": "{lo}-{hi} person-weeks (base {c} {b}; +{t} for {n} tables; +{i} for {k} data issues; "
        "+{u} thinly documented use case)",
        "x_sources": "Fixes in the source systems ({s}).",
        "x_external": "Acquiring external data.",
        "x_run": "Running the service beyond the go-live period.",
        "x_other": "The other projects of the portfolio.",
    },
}

_GRADE = {"fr": {"high": "élevé", "medium": "moyen", "low": "faible"}}


def _g(level: str, lang: str) -> str:
    return _GRADE.get(lang, {}).get(level, level)


def _required_data(table: TableMeasure) -> dict[str, object]:
    """One table of the draft: real columns and types, its upstream sources and path."""
    fact = table.fact
    return {
        "table": table.table,
        "row_count": fact.row_count if fact else None,
        "history_days": round(fact.history_days, 1) if fact and fact.history_days is not None else None,
        "columns": [c.to_dict() for c in table.required_columns()],
        "upstream_sources": [u.table for u in table.upstream if u.is_source],
        "upstream": [u.to_dict() for u in table.upstream],
        "issues": list(table.blockers + table.issues),
    }


def effort_weeks(score: ProjectScore) -> tuple[float, float, float, dict[str, float]]:
    """(estimate, low, high, parts) in person-weeks for one project.

    >>> from scoring.inputs import parse_portfolio
    >>> from scoring.portfolio import score_project
    >>> from scoring.rubric import PortfolioSettings
    >>> p = parse_portfolio({"projects": [{"name": "Churn", "technique": "classification churn",
    ...     "tld": {"time": "high", "logic": "high", "data": "high"}}]}).projects[0]
    >>> effort_weeks(score_project(p, {}, PortfolioSettings(), "en"))[:3]
    (6.0, 4.8, 7.8)
    """
    level = score.complexity.level if score.complexity else "low"
    tables = [t for t in score.tables if not t.external]
    parts = {
        "base": BASE_WEEKS[level],
        "tables": WEEKS_PER_TABLE * len(tables),
        "issues": WEEKS_PER_ISSUE * len(score.issues),
        "use_case": 0.0
        if score.use_case is not None and score.use_case.strength == "strong"
        else WEEKS_WEAK_USE_CASE,
    }
    estimate = sum(parts.values())
    return estimate, round(estimate * RANGE[0], 1), round(estimate * RANGE[1], 1), parts


def draft_scope(
    score: ProjectScore, team_roles: Sequence[str], footprint: dict[str, object], lang: str = "fr"
) -> dict[str, object]:
    """The nine-field draft of one project (``footprint`` is ``Footprint.to_dict(lang)``)."""
    w = _T.get(lang, _T["en"])
    p = score.project
    tld = {k: _g(v, lang) for k, v in (("t", p.tld.time), ("lg", p.tld.logic), ("dt", score.data_level_used))}
    value = f"{score.value:.2f}"
    desc = p.description.strip() or p.name
    context = (
        w["context"].format(d=p.department, desc=desc, v=value, **tld)
        if p.department
        else w["context_no_dept"].format(desc=desc, v=value, **tld)
    )
    uc = score.use_case
    technique = p.technique or (uc.use_case.techniques[0] if uc else "-")
    problem = (
        w["problem_uc"].format(u=uc.use_case.name(lang).lower(), tech=technique, desc=desc)
        if uc
        else w["problem"].format(tech=technique, desc=desc)
    )
    complexity = score.complexity
    found = [str(f["label"]) for f in footprint.get("found", [])]  # type: ignore[union-attr]
    missing = [str(f["label"]) for f in footprint.get("missing", [])]  # type: ignore[union-attr]
    overview = w["overview"].format(
        uc=uc.explanation(lang) if uc else w["no_uc"],
        dep=p.deployment.capitalize() if lang == "en" else p.deployment,
        c=_g(complexity.level, lang) if complexity else "-",
        why=complexity.why if complexity else "-",
        have=", ".join(found) or w["nothing"],
        miss=", ".join(missing) or w["nothing"],
    )
    internal = [t for t in score.tables if not t.external and t.exists]
    assumptions = [w["assume_access"]]
    if p.department:
        assumptions.append(w["assume_owner"].format(d=p.department))
    assumptions += [w["assume_issue"].format(i=i) for i in score.issues]
    histories = [(t.fact.history_days, t.table) for t in internal if t.fact and t.fact.history_days]
    if histories:
        days, table = max(histories)
        assumptions.append(w["assume_history"].format(d=round(days), t=table))
    deliverables = [w[f"d_{p.deployment}"], w["d_model"], w["d_eval"], w["d_monitor"], w["d_doc"]]
    estimate, low, high, parts = effort_weeks(score)
    effort = {
        "person_weeks": estimate,
        "low": low,
        "high": high,
        "parts": parts,
        "text": w["effort"].format(
            lo=low,
            hi=high,
            c=_g(complexity.level if complexity else "low", lang),
            b=parts["base"],
            t=parts["tables"],
            n=len([t for t in score.tables if not t.external]),
            i=parts["issues"],
            k=len(score.issues),
            u=parts["use_case"],
        ),
    }
    sources = sorted({u.table for t in internal for u in t.upstream if u.is_source})
    exclusions = []
    if sources:
        exclusions.append(w["x_sources"].format(s=", ".join(sources)))
    exclusions += [w["x_external"], w["x_run"], w["x_other"]]
    return {
        "project": p.name,
        "rank": score.rank,
        "business_context": context,
        "problem_statement": problem,
        "technical_overview": overview,
        "required_data": [_required_data(t) for t in score.tables if not t.external],
        "assumptions": assumptions,
        "deliverables": deliverables,
        "estimated_effort": effort,
        "required_expertise": [{"role": r, "name": role_name(r, lang)} for r in team_roles],
        "exclusions": exclusions,
    }


def project_roles(score: ProjectScore, team: Sequence[dict[str, object]]) -> list[str]:
    """Roles of the team plan that name this project, plus a data scientist for any model."""
    roles = [str(r["role"]) for r in team if score.project.name in (r.get("projects") or [])]  # type: ignore[operator]
    return roles if "data_scientist" in roles else ["data_scientist", *roles]


def draft_scopes(
    scores: Sequence[ProjectScore],
    team: Sequence[dict[str, object]],
    footprint: dict[str, object],
    lang: str = "fr",
) -> list[dict[str, object]]:
    """Drafts for the prioritised projects (quadrant ``priority``), in rank order."""
    return [
        draft_scope(s, project_roles(s, team), footprint, lang)
        for s in sorted(scores, key=lambda s: s.rank)
        if s.quadrant == "priority"
    ]
