"""Deployment and maintenance complexity of a project: declared, then adjusted by evidence.

The portfolio file declares how a project will run (batch script, microservice, streaming).
What the client already operates changes how hard that is: an active orchestrator, a
prediction table that records the model version, stored training sets, a model registry
and monitoring are the industrialisation footprint (MLOps seed). With most of it in
place the complexity drops one level; with none of it (not even an orchestrator) it rises
one level, because the project must build that footing first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from scoring.evidence import Signal
from scoring.portfolio_data import DataContext

LEVELS = ("low", "medium", "high")
DECLARED = {"batch": "low", "microservice": "medium", "streaming": "high"}
#: Footprint weight of each capability; at least LOWER_AT points lowers the complexity one level.
WEIGHTS = {
    "orchestrator": 1.0,
    "prediction_table": 1.0,
    "training_set": 0.5,
    "model_registry": 1.0,
    "monitoring": 1.0,
}
LOWER_AT = 3.0
#: An orchestrator run or dbt success older than this does not count as operated.
ACTIVE_DAYS = 30.0

_REGISTRY = re.compile(r"(mlflow|model_registry|registered_model|model_versions?\b)")
_MONITOR = re.compile(r"(drift|monitor)")
_PREDICTION = re.compile(r"(prediction|score|scoring|forecast)")
_TRAINING = re.compile(r"(training|train_set|trainset)")

_T = {
    "fr": {
        "orchestrator": "orchestrateur actif",
        "prediction_table": "table de prédictions versionnée",
        "training_set": "jeux d'entraînement conservés",
        "model_registry": "registre de modèles",
        "monitoring": "suivi des modèles (dérive, tests)",
        "lowered": "complexité abaissée d'un niveau : l'existant couvre {have}",
        "raised": "complexité relevée d'un niveau : aucun socle d'industrialisation (ni orchestrateur, ni table "
        "de prédictions)",
        "kept": "complexité déclarée conservée",
    },
    "en": {
        "orchestrator": "active orchestrator",
        "prediction_table": "versioned prediction table",
        "training_set": "stored training sets",
        "model_registry": "model registry",
        "monitoring": "model monitoring (drift, tests)",
        "lowered": "complexity lowered one level: the existing stack covers {have}",
        "raised": "complexity raised one level: no industrialisation footing (no orchestrator, no prediction table)",
        "kept": "declared complexity kept",
    },
}


@dataclass(frozen=True)
class Footprint:
    """The MLOps capabilities the scan found, each with the evidence that shows it."""

    found: Mapping[str, str]
    #: True when the scan could see orchestration at all (a Q2 run signal was measured).
    measured: bool = False

    @property
    def points(self) -> float:
        """Weighted count of the capabilities present."""
        return sum(WEIGHTS[k] for k in self.found)

    def missing(self) -> tuple[str, ...]:
        """Capabilities not found, in the order of :data:`WEIGHTS`."""
        return tuple(k for k in WEIGHTS if k not in self.found)

    def to_dict(self, lang: str) -> dict[str, object]:
        """Plain dict for the result JSON."""
        w = _T.get(lang, _T["en"])
        return {
            "found": [{"capability": k, "label": w[k], "evidence": v} for k, v in self.found.items()],
            "missing": [{"capability": k, "label": w[k]} for k in self.missing()],
        }


def mlops_footprint(ctx: DataContext, signals: Mapping[str, Mapping[str, Signal]]) -> Footprint:
    """What of the industrialisation footing the scan saw.

    >>> from scoring.evidence import TableFact
    >>> from scoring.portfolio_data import Column
    >>> ctx = DataContext(facts={"ml.churn_predictions": TableFact("ml.churn_predictions", layer="ml")},
    ...     columns={"ml.churn_predictions": (Column("model_version", "VARCHAR"),)})
    >>> sorted(mlops_footprint(ctx, {}).found)
    ['prediction_table']
    """
    found: dict[str, str] = {}
    q2 = signals.get("Q2", {})
    measured = False
    for name in ("orchestrator_days_since_run", "dbt_days_since_success"):
        sig = q2.get(name)
        measured = measured or (sig is not None and sig.value is not None)
        if (
            sig is not None
            and sig.value is not None
            and sig.value <= ACTIVE_DAYS
            and "orchestrator" not in found
        ):
            found["orchestrator"] = sig.detail or name
    for fqn in sorted(ctx.facts):
        fact = ctx.facts[fqn]
        short = fqn.rpartition(".")[2]
        if _REGISTRY.search(fqn) and "model_registry" not in found:
            found["model_registry"] = fqn
        if _MONITOR.search(short) and "monitoring" not in found:
            found["monitoring"] = fqn
        is_prediction = (fact.layer == "ml" or "ml" in fqn.split(".")[0]) and _PREDICTION.search(short)
        if (
            is_prediction
            and "prediction_table" not in found
            and {"model_version", "model_name"} & {c.name.lower() for c in ctx.columns.get(fqn, ())}
        ):
            found["prediction_table"] = fqn
            if (fact.test_count or 0) > 0 and "monitoring" not in found:
                found["monitoring"] = f"{fqn} ({fact.test_count} tests)"
        if _TRAINING.search(short) and "training_set" not in found:
            found["training_set"] = fqn
    return Footprint(found, measured=measured or bool(found))


@dataclass(frozen=True)
class Complexity:
    """Declared and evidence-adjusted deployment complexity of one project."""

    declared: str
    level: str
    why: str

    def to_dict(self) -> dict[str, str]:
        """Plain dict for the result JSON."""
        return {"declared": self.declared, "level": self.level, "why": self.why}


def deployment_complexity(deployment: str, footprint: Footprint, lang: str) -> Complexity:
    """Adjust the declared complexity of ``deployment`` by the client's footprint.

    >>> rich = Footprint({"orchestrator": "a", "prediction_table": "b", "model_registry": "c"})
    >>> deployment_complexity("streaming", rich, "en").level
    'medium'
    >>> deployment_complexity("batch", Footprint({}, measured=True), "en").level
    'medium'
    >>> deployment_complexity("batch", Footprint({}), "en").level  # nothing measured: as declared
    'low'
    """
    w = _T.get(lang, _T["en"])
    declared = DECLARED[deployment]
    index = LEVELS.index(declared)
    if footprint.points >= LOWER_AT and index > 0:
        have = ", ".join(w[k] for k in footprint.found)
        return Complexity(declared, LEVELS[index - 1], w["lowered"].format(have=have))
    bare = footprint.measured and not ({"orchestrator", "prediction_table"} & set(footprint.found))
    if bare and index < 2:
        return Complexity(declared, LEVELS[index + 1], w["raised"])
    return Complexity(declared, declared, w["kept"])
