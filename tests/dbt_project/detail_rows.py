"""Check the details a built evidence model emits against scoring's catalogue of sentences.

Shared by the dbt-project tests (their fixture stores) and the end-to-end tests (the Acme
demo scan): every ``(detail_key, detail_args, detail)`` row of the marts must have a French
and an English sentence taking as many values as the row has, and the English one must give
the evidence model's own ``detail`` to the letter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from scoring.detail_texts import TEMPLATES, arity, render_template

#: both marts' details, one row each: (detail_key, detail_args, detail)
DETAIL_ROWS_SQL = (
    "select detail_key, detail_args, detail from main.question_signals where scan_id = ? "
    "union all select detail_key, detail_args, detail from main.signal_evidence where scan_id = ?"
)


def detail_problems(rows: Iterable[tuple[str | None, Sequence[str | None] | None, str]]) -> list[str]:
    """What is wrong with each row, as readable lines (empty when every row can be said)."""
    problems = []
    for key, args, detail in rows:
        values = list(args or [])
        templates = TEMPLATES.get(key or "")
        if templates is None:
            problems.append(f"{key!r}: no sentence in scoring/detail_texts.py (detail {detail!r})")
            continue
        for lang in ("fr", "en"):
            if arity(templates[lang]) != len(values):
                problems.append(
                    f"{key} ({lang}): {arity(templates[lang])} placeholders for {len(values)} args"
                )
        english = render_template(key, values, "en")
        if english != detail:
            problems.append(f"{key} (en): {english!r} is not the model's {detail!r}")
        if render_template(key, values, "fr") is None:
            problems.append(f"{key} (fr): cannot be said with {values!r}")
    return problems
