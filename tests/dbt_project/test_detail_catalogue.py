"""The evidence model's detail sentences and scoring's catalogue of them are one list.

Read from the SQL (no build): every ``detail_text('key', 'English template', ...)`` of the
models and macros has its key in scoring/detail_texts.py with that English template to the
letter, one key is never two sentences, and the catalogue holds no sentence the models no
longer write. The builds of the other tests check the values (tests/dbt_project/detail_rows.py).
"""

from __future__ import annotations

import re

from scoring.detail_texts import TEMPLATES
from tests.dbt_project.dbt_runner import PROJECT

_CALL = re.compile(r"detail_text\(\s*'([^']+)'\s*,\s*'((?:[^']|'')*)'", re.S)
#: what question_signals writes for a catalogue signal no model measured
_NOT_MEASURED = ("signal.not_measured", "not measured")


def sql_sentences() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in sorted([*PROJECT.glob("models/**/*.sql"), *PROJECT.glob("macros/*.sql")]):
        for key, template in _CALL.findall(path.read_text(encoding="utf-8")):
            found.setdefault(key, set()).add(template.replace("''", "'"))
    marts = (PROJECT / "models" / "marts" / "question_signals.sql").read_text(encoding="utf-8")
    assert f"'{_NOT_MEASURED[0]}'" in marts and f"'{_NOT_MEASURED[1]}'" in marts
    found.setdefault(_NOT_MEASURED[0], set()).add(_NOT_MEASURED[1])
    return found


def test_every_sentence_of_the_models_is_in_the_catalogue_in_its_english() -> None:
    found = sql_sentences()
    assert len(found) > 100
    assert {key: sorted(t) for key, t in found.items() if len(t) > 1} == {}, "one key, two sentences"
    assert sorted(set(found) - set(TEMPLATES)) == [], "keys without a French and English sentence"
    assert {key: TEMPLATES[key]["en"] for key in found} == {key: next(iter(t)) for key, t in found.items()}


def test_the_catalogue_has_no_sentence_the_models_do_not_write() -> None:
    assert sorted(set(TEMPLATES) - set(sql_sentences())) == []
