"""Detail texts in the scan's language (scoring/detail_texts.py): the catalogue is whole, the
renderer says what it can and keeps the evidence model's English for anything else."""

from __future__ import annotations

from dataclasses import replace

import pytest

import scoring
from scoring.detail_texts import TEMPLATES, VOCABULARY, arity, localized, render, render_template
from scoring.evidence import EvidenceItem, Signal, signals_from_rows
from scoring.rubric import Rubric


@pytest.mark.parametrize("key", sorted(TEMPLATES))
def test_every_key_has_a_french_and_an_english_template_taking_the_same_values(key: str) -> None:
    templates = TEMPLATES[key]
    assert set(templates) == {"fr", "en"}
    assert arity(templates["en"]) is not None, templates["en"]
    assert arity(templates["fr"]) == arity(templates["en"]), templates["fr"]
    assert templates["fr"] != templates["en"], "the French text is the English one"


def test_the_renderer_fills_values_in_order_or_by_position() -> None:
    assert (
        render_template("warehouse_is_olap.olap", ["duckdb"], "en") == "duckdb is an analytical (OLAP) engine"
    )
    assert (
        render_template("orchestrator_days_since_run.newest", ["spark", "features", "2026-06-01 05:36"], "fr")
        == "dernière exécution orchestrée terminée : job features (spark), le 2026-06-01 05:36"
    )


def test_optional_parts_are_left_out_when_a_value_inside_is_missing() -> None:
    args = ["orders", "table", "marts.orders"]
    assert render_template("dbt_models.item", args, "en") == "model orders (table, builds marts.orders)"
    assert render_template("dbt_models.item", [*args[:2], None], "en") == "model orders (table)"
    assert render_template("dbt_models.item", [*args[:2], None], "fr") == "modèle orders (table)"
    # the GX check without column, observed value nor count keeps only what is known
    assert (
        render_template("mart_test_pass_rate.item_gx", ["expect_x", None, "marts.t", "fail", None], "fr")
        == "expect_x sur marts.t : en échec"
    )


@pytest.mark.parametrize(
    ("count", "lang", "text"),
    [
        ("0", "fr", "0 modèle dans le manifeste dbt"),
        ("1", "fr", "1 modèle dans le manifeste dbt"),
        ("2", "fr", "2 modèles dans le manifeste dbt"),
        ("16", "fr", "16 modèles dans le manifeste dbt"),
        ("1", "en", "1 models in the dbt manifest"),  # the evidence model's English, to the letter
    ],
)
def test_french_words_agree_with_their_number(count: str, lang: str, text: str) -> None:
    assert render_template("dbt_models.count", [count], lang) == text


def test_french_decimals_take_a_comma_and_a_singular_below_two() -> None:
    assert (
        render_template("mart_days_since_refresh.item", ["1.5"], "fr") == "mise à jour 1,5 jour avant le scan"
    )
    assert render_template("mart_days_since_refresh.item", ["12.17"], "fr") == (
        "mise à jour 12,17 jours avant le scan"
    )
    assert (
        render_template("mart_days_since_refresh.item", ["12.17"], "en")
        == "updated 12.17 days before the scan"
    )
    # a value that is not a number takes the plural and stays as it is
    assert render_template("reporting_schemas.item", ["2", "?"], "fr") == "2 relations, ? lignes"


def test_vocabularies_translate_known_values_and_keep_the_others() -> None:
    assert render_template("lineage_coverage.item", ["view", "intermediate", "10"], "fr") == (
        "vue de la couche intermédiaire (10 lignes) sans dépendance amont dans dbt, OpenLineage ou le SQL analysé"
    )
    assert render_template("modelling_layers.layers", ["marts, raw, staging"], "fr") == (
        "couches présentes : marts, brute, staging"
    )
    assert render_template("dbt_test_pass_rate.item", ["test.x", "timeout", None], "fr") == "test.x : timeout"
    assert all(set(words) <= {"fr", "en"} for words in VOCABULARY.values())


@pytest.mark.parametrize(
    ("key", "args"),
    [
        ("no.such.key", []),
        (None, []),
        ("dbt_models.count", []),  # too few values
        ("dbt_models.count", ["1", "2"]),  # too many
        ("dbt_models.count", [None]),  # a value the sentence cannot do without
        ("warehouse_is_olap.olap", [None]),
    ],
)
def test_anything_that_does_not_fit_keeps_the_english_detail(key: str | None, args: list) -> None:
    assert render_template(key, args, "fr") is None
    assert render(key, args, "fr", "as dbt wrote it") == "as dbt wrote it"


def test_an_unknown_language_keeps_the_english_detail() -> None:
    assert (
        render("dbt_models.count", ["3"], "de", "3 models in the dbt manifest")
        == "3 models in the dbt manifest"
    )


@pytest.mark.parametrize(
    "template",
    [
        "{} and {1}",
        "{1}",
        "{0} {2}",
        "{0:no_such_vocabulary}",
        "{0:a|b|c}",
        "[{}",
        "{}]",
        "[[{}]]",
        "{",
        "x}",
    ],
)
def test_malformed_templates_have_no_arity(template: str) -> None:
    assert arity(template) is None


def test_values_that_are_not_text_are_shown_as_text() -> None:
    assert render_template("data_lab_schemas.spaces", [2, "warehouse.sandbox, dev"], "fr") == (
        "2 espaces de data lab : warehouse.sandbox, dev"
    )


def test_localized_words_signals_and_their_items_and_leaves_keyless_ones() -> None:
    item = EvidenceItem(
        "table", "raw.x", "raw-layer table (5 rows) is not declared as a dbt source",
        detail_key="source_declared_share.item", detail_args=("table", "5"),
    )  # fmt: skip
    keyless = EvidenceItem("portfolio", "churn", "marketing")
    signal = Signal(
        "Q1", "source_declared_share", 0.5, "1 of 2 raw-layer tables are declared as dbt sources",
        (item, keyless), detail_key="source_declared_share.declared", detail_args=("1", "2"),
    )  # fmt: skip
    bad = Signal("Q1", "stale_sources", 0.0, "0 of 0 dbt sources", detail_key="stale_sources.stale")
    fr = localized([signal, bad], "fr")
    assert fr[0].detail == "1 sur 2 tables de la couche brute est déclarée comme source dbt"
    assert [e.detail for e in fr[0].evidence] == [
        "table de la couche brute (5 lignes) non déclarée comme source dbt",
        "marketing",
    ]
    assert fr[1].detail == "0 of 0 dbt sources"  # no args for a sentence that needs two
    en = localized([signal], "en")[0]
    assert en.detail == signal.detail and en.evidence[0].detail == item.detail
    assert replace(signal, detail_key=None, detail_args=()) == signal, "keys and args are not compared"


def test_rows_carry_their_keys_and_rows_without_them_still_load() -> None:
    rows = [
        {
            "question_id": "Q2",
            "signal": "dbt_models",
            "value": 3,
            "detail": "3 models in the dbt manifest",
            "detail_key": "dbt_models.count",
            "detail_args": ["3"],
        },
        {"question_id": "Q2", "signal": "dbt_exposures", "value": 0, "detail": "0 exposures"},
    ]
    items = [
        {
            "question_id": "Q2",
            "signal": "dbt_models",
            "kind": "dbt_node",
            "ref": "manifest.json nodes['model.a.b']",
            "detail": "model b (view)",
            "detail_key": "dbt_models.item",
            "detail_args": ["b", "view", None],
        }
    ]
    models, exposures = signals_from_rows(rows, items)
    assert (models.detail_key, models.detail_args) == ("dbt_models.count", ("3",))
    assert (models.evidence[0].detail_key, models.evidence[0].detail_args) == (
        "dbt_models.item",
        ("b", "view", None),
    )
    assert (exposures.detail_key, exposures.detail_args) == (None, ())
    assert localized([models, exposures], "fr")[1].detail == "0 exposures"


@pytest.mark.parametrize(
    ("lang", "detail"), [("fr", "16 modèles dans le manifeste dbt"), ("en", "16 models in the dbt manifest")]
)
def test_the_scorecard_says_the_details_in_its_language(rubric: Rubric, lang: str, detail: str) -> None:
    signal = Signal(
        "Q2", "dbt_models", 16.0, "16 models in the dbt manifest",
        detail_key="dbt_models.count", detail_args=("16",),
    )  # fmt: skip
    card = scoring.score_scan(
        signals=[signal], survey=None, portfolio=None, table_facts=[], rubric=rubric, lang=lang
    )
    q2 = next(q for q in card.to_dict()["questions"] if q["id"] == "Q2")
    assert {s["name"]: s["detail"] for s in q2["signals"]}["dbt_models"] == detail
