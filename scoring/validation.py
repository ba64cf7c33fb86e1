"""Turn validation failures into messages a consultant can act on.

Users write the survey, portfolio and rubric files by hand. A pydantic error dump is not a
good answer to a typo, so every problem becomes one line ``path: what was expected (got X)``
where ``path`` is the key path in the file (``projects[2].tld.time``), and an unknown key
comes with the closest known key (``did you mean 'Q5'?``).
"""

from __future__ import annotations

import difflib
import inspect
import re
from collections.abc import Iterable, Sequence
from typing import Any, get_args

from pydantic import BaseModel, ValidationError


class InputError(Exception):
    """A user file (survey, portfolio, rubric) is invalid.

    Attributes:
        problems: one line per problem, ``field.path: what was expected (got X)``.
    """

    def __init__(self, what: str, problems: Sequence[str]) -> None:
        self.what = what
        self.problems: list[str] = list(problems)
        super().__init__(f"invalid {what}: " + "; ".join(self.problems))


def format_path(loc: Iterable[str | int]) -> str:
    """Join a location into a key path.

    >>> format_path(["projects", 2, "tld", "time"])
    'projects[2].tld.time'
    """
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path or "(top level)"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A ``; did you mean 'x'?`` suffix, or an empty string when nothing is close.

    >>> did_you_mean("Q55", ["Q5", "Q15", "Q3_dedicated_people"])
    "; did you mean 'Q5'?"
    >>> did_you_mean("zzz", ["Q5"])
    ''
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.5)
    return f"; did you mean '{close[0]}'?" if close else ""


def _model_in(annotation: Any) -> type[BaseModel] | None:
    if inspect.isclass(annotation) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def _fields_at(model: type[BaseModel], loc: Sequence[str | int]) -> list[str]:
    """The keys a model accepts at ``loc`` (aliases included), to suggest a correction."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        by_alias = {(f.alias or name): f for name, f in current.model_fields.items()}
        info = by_alias.get(part) or current.model_fields.get(part)
        if info is not None:
            current = _model_in(info.annotation)
        # else: a key of a mapping field (e.g. a question id); the model stays the same.
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _natural(text: str) -> tuple[object, ...]:
    """Sort key putting Q2 before Q10."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", text))


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def problems_from(error: ValidationError, model: type[BaseModel]) -> list[str]:
    """One readable line per pydantic error."""
    problems = []
    for err in error.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        kind = err["type"]
        got = err.get("input")
        if kind == "extra_forbidden":
            key = str(loc[-1])
            expected = sorted(_fields_at(model, loc[:-1]), key=_natural)
            hint = did_you_mean(key, expected)
            listed = ", ".join(expected)
            where = format_path(loc)
            problems.append(f"{where}: unknown key, expected one of {listed}{hint} (got {_short(got)})")
            continue
        if kind == "missing":
            problems.append(f"{format_path(loc)}: a value is required (got nothing)")
            continue
        message = str(err["msg"])
        for prefix in ("Value error, ", "Assertion failed, "):
            message = message.removeprefix(prefix)
        if kind == "literal_error":
            expected_values = err.get("ctx", {}).get("expected", "")
            message = f"one of {expected_values}"
            if isinstance(got, str):
                message += did_you_mean(got, re.findall(r"'([^']*)'", str(expected_values)))
        problems.append(f"{format_path(loc)}: {message[0].lower() + message[1:]} (got {_short(got)})")
    return problems


def validate(model: type[BaseModel], data: object, what: str) -> Any:
    """Validate ``data`` against ``model`` or raise :class:`InputError` with readable problems."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InputError(what, problems_from(error, model)) from None
