"""The further maturity views of SPEC 2.3 from the evidence model's signals: governance
pillars, data lab and MLOps readiness.

Each view is a dict of 0..1 numbers, booleans or None (None = the evidence could not tell:
the report says "not measured", never "no"). The evidence model computes the ratios
(dbt_project, ``int_signals__governance_pillars``, ``int_signals__data_lab``,
``int_signals__mlops``); scoring only reads them and turns counts into checks, so that one
rule lives in one place and the report, the JSON and the planner agree.

- Governance pillars (the governance seed): contracts, KPIs, catalog, security, compliance,
  each the ``gov_*`` signal of the same name (Q7).
- Data lab (the data-lab seed): ``separate_environments`` when at least one sandbox/dev
  space exists, ``separate_roles`` when a role reaches a lab space without being able to
  write production data (Q8 signals).
- MLOps readiness (the industrialisation seed): ``prediction_table`` is the completeness of
  the best prediction table (timestamp, model version, output, decision, entity id);
  ``training_datasets``, ``monitoring``, ``logs``, ``stored_models`` and ``retraining`` are
  checks on the Q6 signals; ``ci_cd`` and ``ab_testing`` cannot be seen in a warehouse and
  stay None; ``readiness`` is the share of the measured checks that hold (the prediction
  table counts when complete).
"""

from __future__ import annotations

from collections.abc import Mapping

from scoring.evidence import Signal

Signals = Mapping[str, Mapping[str, Signal]]

GOVERNANCE_SIGNALS = {
    "contracts": "gov_contracts",
    "kpis": "gov_kpis",
    "catalog": "gov_catalog",
    "security": "gov_security",
    "compliance": "gov_compliance",
}

MLOPS_CHECKS = {
    "training_datasets": "mlops_training_datasets",
    "monitoring": "mlops_monitoring_tables",
    "logs": "mlops_log_tables",
    "stored_models": "mlops_model_stores",
    "retraining": "mlops_retraining_days",
}


def _value(signals: Signals, qid: str, name: str) -> float | None:
    signal = signals.get(qid, {}).get(name)
    return None if signal is None else signal.value


def _check(value: float | None) -> bool | None:
    """A count as a check: None stays None (not measured), otherwise "at least one".

    >>> _check(None) is None, _check(0.0), _check(3.0)
    (True, False, True)
    """
    return None if value is None else value > 0


def has_pillar_signals(signals: Signals) -> bool:
    """True when the evidence model emitted the governance-pillar signals (stores built
    before they existed fall back to the older derivation in :mod:`scoring.maturity`)."""
    return any(name in signals.get("Q7", {}) for name in GOVERNANCE_SIGNALS.values())


def governance_from_signals(signals: Signals) -> dict[str, float | None]:
    """The five pillars, rounded to 4 decimals.

    >>> s = {"Q7": {"gov_catalog": Signal("Q7", "gov_catalog", 0.25974025974)}}
    >>> governance_from_signals(s)
    {'contracts': None, 'kpis': None, 'catalog': 0.2597, 'security': None, 'compliance': None}
    """
    result: dict[str, float | None] = {}
    for pillar, name in GOVERNANCE_SIGNALS.items():
        value = _value(signals, "Q7", name)
        result[pillar] = None if value is None else round(value, 4)
    return result


def data_lab(signals: Signals) -> dict[str, bool | None]:
    """Is experimentation separated from production?

    >>> data_lab({"Q8": {"data_lab_schemas": Signal("Q8", "data_lab_schemas", 1.0)}})
    {'separate_environments': True, 'separate_roles': None}
    """
    return {
        "separate_environments": _check(_value(signals, "Q8", "data_lab_schemas")),
        "separate_roles": _check(_value(signals, "Q8", "data_lab_separate_roles")),
    }


def mlops_readiness(signals: Signals) -> dict[str, float | bool | None]:
    """The industrialisation checklist, as far as the warehouse shows it.

    >>> v = mlops_readiness({"Q6": {
    ...     "mlops_prediction_table": Signal("Q6", "mlops_prediction_table", 1.0),
    ...     "mlops_training_datasets": Signal("Q6", "mlops_training_datasets", 1.0),
    ...     "mlops_monitoring_tables": Signal("Q6", "mlops_monitoring_tables", 0.0)}})
    >>> v["prediction_table"], v["training_datasets"], v["monitoring"], v["ci_cd"], v["readiness"]
    (1.0, True, False, None, 0.6667)
    """
    completeness = _value(signals, "Q6", "mlops_prediction_table")
    view: dict[str, float | bool | None] = {
        "prediction_table": None if completeness is None else round(completeness, 4)
    }
    for key, name in MLOPS_CHECKS.items():
        view[key] = _check(_value(signals, "Q6", name))
    view["ci_cd"] = None
    view["ab_testing"] = None
    checks = [v for k, v in view.items() if isinstance(v, bool)]
    if completeness is not None:
        checks.append(completeness >= 1.0)
    view["readiness"] = round(sum(checks) / len(checks), 4) if checks else None
    return view
