"""The code a crawler's raw rows depend on, as one hash, for rescans that skip unchanged sources.

A source's rows are reused only when its inputs *and* the code that derives rows from them
are unchanged. Hashing the whole ``connectors`` tree would make any connector's change
re-read every source; hashing only the crawler's own package would miss a change in the
shared modules it imports (the store, the SQL lineage extractor). So the fingerprint
covers the crawler's package and every ``connectors`` module it imports, followed
transitively, read from the source files with ``ast`` (nothing is imported to find them).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
from pathlib import Path

ROOT_PACKAGE = "connectors"


def _module_files(name: str) -> list[Path]:
    """The source files of a module or of every module of a package; [] when not found."""
    spec = importlib.util.find_spec(name)
    if spec is None or spec.origin is None:
        return []
    origin = Path(spec.origin)
    if spec.submodule_search_locations:  # a package: all its modules, sub-packages included
        return sorted(origin.parent.rglob("*.py"))
    return [origin]


def _imported_modules(path: Path, package: str) -> set[str]:
    """``connectors.*`` modules a file imports (absolute and relative imports)."""
    try:
        tree = ast.parse(path.read_bytes(), filename=str(path))
    except SyntaxError:
        return set()
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = importlib.util.resolve_name("." * node.level + base, package) if package else base
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return {m for m in found if m == ROOT_PACKAGE or m.startswith(ROOT_PACKAGE + ".")}


def _existing(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _root_dir() -> Path:
    spec = importlib.util.find_spec(ROOT_PACKAGE)
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent.parent


def _package_of(path: Path) -> str:
    """Dotted package a file belongs to (the base of its relative imports)."""
    return ".".join(path.relative_to(_root_dir()).parent.parts)


def dependency_files(package: str) -> list[Path]:
    """Every source file of ``package`` and of the ``connectors`` modules it reaches.

    >>> names = {f.name for f in dependency_files("connectors.gx_results")}
    >>> {"store.py", "base.py"} <= names and "collector.py" not in names
    True
    """
    seen_modules: set[str] = set()
    files: set[Path] = set()
    pending = [package]
    while pending:
        name = pending.pop()
        if name in seen_modules or not _existing(name):
            continue
        seen_modules.add(name)
        # importing a.b.c runs a/__init__.py and a/b/__init__.py first
        parts = name.split(".")
        pending.extend(".".join(parts[:i]) + ".__init__" for i in range(1, len(parts)))
        for f in _module_files(name):
            if f not in files:
                files.add(f)
                pending.extend(_imported_modules(f, _package_of(f)))
    return sorted(files)


@functools.cache
def code_fingerprint(package: str, salt: str = "") -> str:
    """sha256 over the dependency files' paths and contents (and ``salt``, a format version)."""
    h = hashlib.sha256(salt.encode())
    root = _root_dir()
    for f in dependency_files(package):
        h.update(f.relative_to(root).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()
