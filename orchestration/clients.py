"""Client discovery: a client is any YAML file whose top level holds a ``client`` key.

Survey and portfolio files sit beside client files (they hold ``answers`` or
``projects``), so the key, not the file name, says what a file is.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from connectors.config import ClientConfig, load_client

_SKIP_DIRS = {"stack", "target", "dbt", "logs", "node_modules", ".venv"}


@dataclass(frozen=True)
class ClientFile:
    client: str
    path: Path


def _client_id(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8") as fh:
            head = yaml.safe_load(fh)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if isinstance(head, dict) and isinstance(head.get("client"), str):
        return head["client"]
    return None


def discover(dirs: list[Path]) -> list[ClientFile]:
    """Client files under the given folders, first one wins when two declare the same id."""
    found: dict[str, ClientFile] = {}
    for root in dirs:
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*.y*ml")):
            if _SKIP_DIRS.intersection(p.name for p in path.relative_to(root).parents):
                continue
            client = _client_id(path)
            if client and client not in found:
                found[client] = ClientFile(client, path.resolve())
    return sorted(found.values(), key=lambda c: c.client)


def find(client: str, dirs: list[Path]) -> ClientConfig:
    """Load the client file of a partition key; raises ConfigError or LookupError."""
    for cf in discover(dirs):
        if cf.client == client:
            return load_client(cf.path)
    raise LookupError(f"no client file declares client '{client}' under {', '.join(map(str, dirs))}")
