"""Governance-pillar evidence turns into recommendations that name the models to fix."""

from __future__ import annotations

from scoring import score_scan
from scoring.evidence import EvidenceItem, Signal
from scoring.rubric import Rubric

CONTRACTS = (EvidenceItem("dbt_node", "manifest.json nodes['model.acme.dim_customers']", "no contract"),)
CATALOG = (
    EvidenceItem("dbt_node", "manifest.json nodes['model.acme.stg_orders']", "no description"),
    EvidenceItem("dbt_node", "manifest.json nodes['model.acme.fct_orders']", "2 of 5 columns documented"),
)


def test_weak_governance_cites_the_models_without_contract_or_description(rubric: Rubric) -> None:
    signals = [
        Signal("Q7", "owner_coverage", 0.5),
        Signal("Q7", "roles_with_grants", 1.0),
        Signal("Q7", "gov_contracts", 0.5, evidence=CONTRACTS),
        Signal("Q7", "gov_catalog", 0.3, evidence=CATALOG),
    ]
    card = score_scan(signals=signals, survey=None, portfolio=None, table_facts=[], rubric=rubric, lang="en")
    q7 = [r for r in card.to_dict()["recommendations"] if r["question"] == "Q7"]
    assert [r["text"] for r in q7] == [
        "Enforce a data contract (or an explicit access level) on the consumed mart models "
        "manifest.json nodes['model.acme.dim_customers'].",
        "Describe these models and their columns in dbt: manifest.json nodes['model.acme.stg_orders'], "
        "manifest.json nodes['model.acme.fct_orders'].",
    ]
    assert [len(r["evidence"]) for r in q7] == [1, 2]
    assert card.maturity["governance"] == {
        "contracts": 0.5,
        "kpis": None,
        "catalog": 0.3,
        "security": None,
        "compliance": None,
    }
