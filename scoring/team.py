"""Team needs (phase 6): the roles the portfolio and the weak maturity answers call for.

Each role is recommended for stated reasons: a technique or deployment of a project, a
data blocker to remove, or a question of the scorecard that scored below full points.
Roles nobody needs are left out, so the list reads as a hiring or staffing plan.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scoring.portfolio import ProjectScore

ROLES = (
    "data_engineer",
    "data_analyst",
    "business_analyst",
    "data_scientist",
    "research_scientist",
    "ml_engineer",
    "mlops_engineer",
)

#: Per role: (French name, English name, skills fr, skills en, tools).
_ROLE = {
    "data_engineer": (
        "Ingénieur·e data",
        "Data engineer",
        "pipelines d'ingestion, modélisation en couches, tests et fraîcheur des données, lignage",
        "ingestion pipelines, layered modelling, data tests and freshness, lineage",
        ("SQL", "dbt", "Airflow / Dagster", "Airbyte / dlt", "OpenLineage"),
    ),
    "data_analyst": (
        "Analyste data",
        "Data analyst",
        "SQL, indicateurs, tableaux de bord réutilisables, analyse exploratoire",
        "SQL, metrics, reusable dashboards, exploratory analysis",
        ("SQL", "Metabase / Looker / Power BI", "Python (pandas)"),
    ),
    "business_analyst": (
        "Analyste métier",
        "Business analyst",
        "cadrage des besoins, processus métier, définition des indicateurs de succès, conduite du changement",
        "requirements, business processes, success metrics, change management",
        ("ateliers / workshops", "BPMN", "backlog (Jira)"),
    ),
    "data_scientist": (
        "Data scientist",
        "Data scientist",
        "apprentissage supervisé, séries temporelles, validation et interprétation des modèles",
        "supervised learning, time series, model validation and interpretation",
        ("Python", "scikit-learn", "XGBoost / LightGBM", "Jupyter", "MLflow"),
    ),
    "research_scientist": (
        "Chercheur·se en IA",
        "Research scientist",
        "méthodes nouvelles, NLP et apprentissage profond, protocoles expérimentaux",
        "new methods, NLP and deep learning, experimental protocols",
        ("PyTorch", "Hugging Face Transformers", "Weights & Biases"),
    ),
    "ml_engineer": (
        "Ingénieur·e ML",
        "ML engineer",
        "mise en production des modèles, API de prédiction, traitements temps réel, performance",
        "putting models into production, prediction APIs, real-time processing, performance",
        ("Python", "FastAPI", "Docker", "Kafka / Flink", "feature store"),
    ),
    "mlops_engineer": (
        "Ingénieur·e MLOps",
        "MLOps engineer",
        "registre de modèles, CI/CD, suivi de dérive, réentraînement, journalisation des prédictions",
        "model registry, CI/CD, drift monitoring, retraining, prediction logging",
        ("MLflow", "GitHub Actions / GitLab CI", "Evidently", "Kubernetes"),
    ),
}

#: The scorecard questions whose weak answer calls for a role.
_QUESTION_ROLES = {
    "Q1": "data_engineer",
    "Q2": "data_engineer",
    "Q4": "data_engineer",
    "Q3": "data_analyst",
    "Q5": "data_analyst",
    "Q11": "data_analyst",
    "Q12": "business_analyst",
    "Q15": "business_analyst",
    "Q6": "mlops_engineer",
    "Q8": "data_scientist",
}

_REASONS = {
    "fr": {
        "data_blocker": "lever les blocages de données de « {p} »",
        "technique": "technique de « {p} » ({u})",
        "research": "« {p} » sans cas d'usage bien documenté",
        "deployment": "déploiement {d} de « {p} »",
        "production": "industrialiser « {p} » (manque : {m})",
        "scope": "cadrer « {p} » avec le département {d}",
        "question": "{q} faible ({pts}/2)",
    },
    "en": {
        "data_blocker": "remove the data blockers of '{p}'",
        "technique": "technique of '{p}' ({u})",
        "research": "'{p}' has no well-documented use case",
        "deployment": "{d} deployment of '{p}'",
        "production": "industrialise '{p}' (missing: {m})",
        "scope": "frame '{p}' with the {d} department",
        "question": "{q} weak ({pts}/2)",
    },
}


@dataclass
class _Need:
    reasons: list[str] = field(default_factory=list)
    projects: list[str] = field(default_factory=list)
    questions: list[str] = field(default_factory=list)

    def add(self, reason: str, project: str | None = None, question: str | None = None) -> None:
        if reason not in self.reasons:
            self.reasons.append(reason)
        if project and project not in self.projects:
            self.projects.append(project)
        if question and question not in self.questions:
            self.questions.append(question)


def build_team(
    scores: Sequence[ProjectScore],
    points: Mapping[str, int | None],
    lang: str = "fr",
    missing_capabilities: Sequence[str] = (),
) -> list[dict[str, object]]:
    """Roles needed, most-needed first: ``[{role, name, skills, tools, reasons, projects, questions}]``.

    Args:
        scores: the scored portfolio.
        points: points per question id (None = unanswered, not counted as weak).
        lang: ``fr`` or ``en``.
        missing_capabilities: MLOps capabilities the scan did not find (see portfolio_deploy).

    >>> team = build_team([], {"Q11": 0, "Q2": 2}, "en")
    >>> [(r["role"], r["questions"]) for r in team]
    [('data_analyst', ['Q11'])]
    """
    w = _REASONS.get(lang, _REASONS["en"])
    needs: dict[str, _Need] = {role: _Need() for role in ROLES}
    for score in scores:
        p, name = score.project, score.project.name
        active = score.quadrant in ("priority", "invest", "opportunistic")
        if score.blockers or score.availability in ("missing", "to_acquire"):
            needs["data_engineer"].add(w["data_blocker"].format(p=name), name)
        if score.quadrant in ("priority", "invest") and p.department:
            needs["business_analyst"].add(w["scope"].format(p=name, d=p.department), name)
        if score.use_case is not None and active:
            needs["data_scientist"].add(
                w["technique"].format(p=name, u=score.use_case.use_case.name(lang)), name
            )
        if score.use_case is None or score.use_case.strength == "weak" or "rnd" in score.advice_kinds:
            needs["research_scientist"].add(w["research"].format(p=name), name)
        complexity = score.complexity.level if score.complexity else None
        if active and (p.deployment != "batch" or complexity == "high"):
            needs["ml_engineer"].add(w["deployment"].format(d=p.deployment, p=name), name)
        if score.quadrant == "priority" and missing_capabilities:
            needs["mlops_engineer"].add(
                w["production"].format(p=name, m=", ".join(missing_capabilities)), name
            )
    for question, role in _QUESTION_ROLES.items():
        pts = points.get(question)
        if pts is not None and pts < 2:
            needs[role].add(w["question"].format(q=question, pts=pts), question=question)
    out = []
    for role in ROLES:
        need = needs[role]
        if not need.reasons:
            continue
        name_fr, name_en, skills_fr, skills_en, tools = _ROLE[role]
        out.append(
            {
                "role": role,
                "name": name_en if lang == "en" else name_fr,
                "skills": skills_en if lang == "en" else skills_fr,
                "tools": list(tools),
                "reasons": need.reasons,
                "projects": need.projects,
                "questions": need.questions,
            }
        )
    out.sort(key=lambda r: (-len(r["reasons"]), ROLES.index(str(r["role"]))))
    return out


def role_name(role: str, lang: str) -> str:
    """Display name of a role id in ``lang``."""
    name_fr, name_en, *_ = _ROLE[role]
    return name_en if lang == "en" else name_fr
