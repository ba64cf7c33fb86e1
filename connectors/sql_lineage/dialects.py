"""Dialect names as people and tools write them, mapped to sqlglot's.

Client files, query-log exports and other lineage tools name dialects their own way
(sqlfluff says ``sparksql`` and ``ansi``, DataHub says ``mssql``). One table here keeps
the rest of the package speaking sqlglot.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from sqlglot.dialects.dialect import Dialect
from sqlglot.parser import Parser
from sqlglot.tokens import Tokenizer

T = TypeVar("T")

ALIASES: dict[str, str] = {
    "ansi": "",
    "generic": "",
    "sql": "",
    "default": "",
    "postgresql": "postgres",
    "pg": "postgres",
    "greenplum": "postgres",
    "mssql": "tsql",
    "sqlserver": "tsql",
    "azuresql": "tsql",
    "synapse": "tsql",
    "sparksql": "spark",
    "bq": "bigquery",
    "mariadb": "mysql",
    "snowflakedb": "snowflake",
}


@lru_cache(maxsize=64)
def dialect_of(name: str) -> Dialect:
    """One sqlglot dialect instance per name (``get_or_raise`` builds a new one on every call)."""
    return Dialect.get_or_raise(name)


_LOCAL = threading.local()


def _cached(kind: str, name: str, make: Callable[[Dialect], T]) -> T:
    cache: dict[str, T] | None = getattr(_LOCAL, kind, None)
    if cache is None:
        cache = {}
        setattr(_LOCAL, kind, cache)
    got = cache.get(name)
    if got is None:
        got = cache[name] = make(dialect_of(name))
    return got


def tokenizer_of(name: str) -> Tokenizer:
    """A tokenizer for the dialect, kept per thread (it holds the state of the text it reads).

    Building one sets up its C core (keyword trie, quote and comment tables): a tenth of
    the time of tokenising a mid-size query.
    """
    return _cached("tokenizers", name, lambda d: d.tokenizer())


def parser_of(name: str) -> Parser:
    """A parser for the dialect, kept per thread like the tokenizer (each parse resets it)."""
    return _cached("parsers", name, lambda d: d.parser())


class UnknownDialect(ValueError):
    """A dialect name neither sqlglot nor the alias table knows."""


@lru_cache(maxsize=256)
def sqlglot_dialect(name: str | None) -> str:
    """The sqlglot dialect name for ``name`` ('' is sqlglot's generic dialect).

    >>> sqlglot_dialect("SparkSQL"), sqlglot_dialect("mssql"), sqlglot_dialect(None)
    ('spark', 'tsql', '')
    """
    key = (name or "").strip().lower()
    key = ALIASES.get(key, key)
    # ``get`` loads this one dialect; ``Dialect.classes`` imports all ~30 (ms per call).
    if key and Dialect.get(key) is None:
        known = ", ".join(sorted(k for k in Dialect.classes if k))
        raise UnknownDialect(f"unknown dialect {name!r} (known: {known})")
    return key
