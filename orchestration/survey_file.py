"""Reading and writing the survey answers file (SPEC 5.3) for ``maturity survey``.

The file is hand-editable YAML, so it is rendered line by line with a comment header and
a label comment per answer, rather than dumped. Two checks guard every write: the text
must parse back to exactly the answers meant, and scoring's ``parse_survey`` must accept
it. The write itself is atomic (a temporary file in the same folder, then a rename), so an
interrupted run never leaves a half-written survey that the next scan would reject.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from connectors.config import ClientConfig, ConfigError, read_yaml
from scoring.inputs import QUESTION_IDS, InputError, SurveyAnswers, parse_survey

#: Order of the keys under ``answers``: the questions, with Q3's sub-answer after Q3.
ANSWER_KEYS: tuple[str, ...] = tuple(
    k for q in QUESTION_IDS for k in ((q, "Q3_dedicated_people") if q == "Q3" else (q,))
)


@dataclass
class SurveyFile:
    """What will be written: the answers plus the lines that explain the absent ones."""

    answers: dict[str, str | int | bool] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)  # key -> label comment
    notes: dict[str, str] = field(default_factory=dict)  # absent question -> comment line
    header: list[str] = field(default_factory=list)
    extras: dict[str, Any] = field(default_factory=dict)  # respondent, answered_at, comments


def target_path(cfg: ClientConfig, client_file: Path, out: Path | None) -> tuple[Path, bool]:
    """Where to write, and whether the client file already points the scan at it.

    --out wins; then the client's ``survey:`` path; else ``survey.yaml`` beside the client
    file (the caller then tells the user to add ``survey: survey.yaml``).
    """
    configured = cfg.resolve(cfg.survey) if cfg.survey else None
    if out is not None:
        chosen = out.expanduser().resolve()
        return chosen, configured is not None and chosen == configured
    if configured is not None:
        return configured, True
    return client_file.resolve().parent / "survey.yaml", False


def load_previous(path: Path) -> tuple[SurveyAnswers | None, dict[str, Any]]:
    """The existing answers file (None when absent or empty) and its extra keys.

    Raises:
        ConfigError: when the file exists but is not valid YAML or not a valid survey.
    """
    if not path.exists():
        return None, {}
    data = read_yaml(path)
    if data is None:
        return None, {}
    try:
        survey = parse_survey(data)
    except InputError as err:
        raise ConfigError(path, err.problems) from None
    extras = {
        k: data[k] for k in ("respondent", "answered_at", "comments") if isinstance(data, dict) and k in data
    }
    return survey, extras


def scalar(value: str | int | bool) -> str:
    """A YAML scalar that reads back as the same Python value (``yes`` quoted: YAML 1.1).

    >>> [scalar(v) for v in ("partial", "yes", "no", 7, True)]
    ['partial', '"yes"', '"no"', '7', 'true']
    """
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    plain = str(value)
    if yaml.safe_load(plain) == plain and plain.strip() == plain and plain:
        return plain
    return '"' + plain.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(survey: SurveyFile) -> str:
    """The file's text: header comments, ``answers:`` in question order, then the extras."""
    lines = [f"# {line}" if line else "#" for line in survey.header]
    lines.append("answers:" if survey.answers else "answers: {}")
    for key in ANSWER_KEYS:
        if key in survey.answers:
            entry = f"  {key}: {scalar(survey.answers[key])}"
            label = survey.labels.get(key)
            lines.append(f"{entry:<30}# {label}" if label else entry)
        elif key in survey.notes:
            lines.append(f"  # {survey.notes[key]}")
    text = "\n".join(lines) + "\n"
    if survey.extras:
        text += yaml.safe_dump(survey.extras, allow_unicode=True, sort_keys=False, default_flow_style=False)
    return text


def check(text: str, survey: SurveyFile) -> SurveyAnswers:
    """Parse the rendered text back and validate it with scoring, as the next scan will.

    Raises:
        ValueError: when the text does not read back as the intended answers (a bug here).
        InputError: when scoring rejects it.
    """
    data = yaml.safe_load(text)
    if not isinstance(data, dict) or (data.get("answers") or {}) != survey.answers:
        raise ValueError(f"the survey text does not read back as the answers given: {data!r}")
    return parse_survey(data)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temp_name, path.stat().st_mode & 0o777)
        else:
            os.chmod(temp_name, 0o644)
        os.replace(temp_name, path)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
