"""Why a client's file cannot be used: the diagnosis shown when a partition's file broke.

Discovery (``orchestration.clients``) only sees files that parse and declare a client, so a
client file that stopped parsing simply disappears from it. A person reading a failed run or
a sensor tick needs the parse error with its line, not "not found"; this module finds it.
"""

from __future__ import annotations

from pathlib import Path

import yaml


def unreadable_client_files(client: str, dirs: list[Path]) -> list[tuple[str, str]]:
    """(path, problem) of YAML files under ``dirs`` that fail to parse and look like ``client``'s.

    A file looks like the client's when its name is the client id or its text still
    holds ``client: <id>``: a broken file cannot say more about itself.
    """
    problems = []
    for root in dirs:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.y*ml")):
            problem = _problem(path, client)
            if problem:
                problems.append((str(path), problem))
    return problems


def _problem(path: Path, client: str) -> str | None:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        return str(err) if path.stem == client else None
    if path.stem != client and f"client: {client}" not in text:
        return None
    try:
        yaml.safe_load(text)
    except yaml.YAMLError as err:
        return " ".join(str(err).split())
    return None
