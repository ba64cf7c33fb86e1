"""The French and English catalogues: same keys, every id the contract uses translated.

A label missing in one language would raise in the middle of a render (``label``) or show
a humanised id (``term``); both are caught here instead.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from reports.formatting import fmt_datetime, fmt_number, fmt_percent
from reports.i18n import LANGUAGES, humanize, load_catalog
from scoring.signals import SIGNALS


def _keys(tree: dict[str, Any], prefix: str = "") -> set[str]:
    out: set[str] = set()
    for key, value in tree.items():
        assert isinstance(key, str), f"non-string key {key!r} under {prefix!r} (YAML 1.1 yes/no?)"
        out.add(prefix + key)
        if isinstance(value, dict):
            out |= _keys(value, f"{prefix}{key}.")
    return out


def test_catalogues_have_the_same_keys() -> None:
    fr, en = (load_catalog(lang).strings for lang in ("fr", "en"))
    assert _keys(fr) ^ _keys(en) == set()


def test_placeholders_match_between_languages() -> None:
    fr, en = (load_catalog(lang).strings["labels"] for lang in ("fr", "en"))
    for key in en:
        assert set(re.findall(r"{(\w+)}", fr[key])) == set(re.findall(r"{(\w+)}", en[key])), key


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("vocabulary", "ids"),
    [
        ("bands", ["early", "developing", "advanced"]),
        ("categories", ["data", "data_science", "business_culture"]),
        ("sources", ["evidence", "survey", "both", "none"]),
        ("confidence", ["high", "medium", "low"]),
        ("quadrants", ["priority", "invest", "opportunistic", "later"]),
        ("availability", ["internal", "to_acquire", "missing"]),
        ("provenance", ["dbt", "openlineage", "sql_view", "sql_query_log"]),
        ("levels", ["data_aware", "data_proficient", "data_savvy", "data_driven"]),
        ("layers", ["raw", "staging", "intermediate", "marts", "other"]),
        ("maturity_keys", ["governance", "contracts", "kpis", "catalog", "security", "compliance"]),
        # Every survey answer id of SPEC 5.3.
        (
            "values",
            [
                "yes",
                "partial",
                "no",
                "present",
                "layered",
                "database",
                "none",
                "lt_1y",
                "ge_1y",
                "in_progress",
                "evaluating",
                "dedicated",
                "shared",
                "partly",
            ],
        ),
    ],
)
def test_contract_ids_are_translated(lang: str, vocabulary: str, ids: list[str]) -> None:
    catalog = load_catalog(lang)
    missing = [i for i in ids if not catalog.has_term(vocabulary, i)]
    assert not missing, f"{lang}.{vocabulary} lacks {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_signal_has_a_label(lang: str) -> None:
    catalog = load_catalog(lang)
    assert [s.name for s in SIGNALS if not catalog.has_term("signals", s.name)] == []


def test_french_is_written_in_french() -> None:
    labels = load_catalog("fr").strings["labels"]
    assert labels["summary"] == "Synthèse" and labels["history"] == "Évolution"
    assert labels["lineage_upstream"] == "En amont" and labels["contradiction_text"].startswith("Les preuves")


def test_unknown_ids_fall_back_readably() -> None:
    catalog = load_catalog("en")
    assert catalog.term("quadrants", "moonshot") == "Moonshot"
    assert humanize("data_lab") == "Data lab"
    with pytest.raises(KeyError):
        catalog.label("no_such_label")
    with pytest.raises(ValueError, match="unsupported"):
        load_catalog("de")


def test_locale_formatting() -> None:
    fr, en = load_catalog("fr"), load_catalog("en")
    assert fmt_number(58211, fr) == "58\u202f211" and fmt_number(58211, en) == "58,211"
    assert fmt_number(0.6, fr) == "0,6" and fmt_number(None, en) == "—"
    assert fmt_percent(0.964, fr, is_share=True) == "96,4\u202f%" and fmt_percent(50, en) == "50%"
    assert fmt_datetime("2026-08-18T09:00:00", en) == "18 August 2026, 09:00 UTC"
    assert fmt_datetime("2026-08-18T09:00:00Z", fr, with_time=False) == "18 août 2026"
    assert fmt_datetime("not a date", en) == "not a date"
