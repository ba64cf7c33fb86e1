"""Governance facts read off dbt nodes: owners, personal-data columns, warehouse relations.

These are the rules that turn free-form YAML (``meta``, ``tags``) into evidence for Q7
(governance) and for joining dbt nodes to warehouse tables, kept apart from the
manifest walk so they can be read, tested and tuned on their own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# Words that mark a column as personal or sensitive data when used as a tag or a meta key.
PII_WORDS = frozenset({"pii", "personal", "personal_data", "sensitive", "gdpr", "rgpd", "phi", "spi"})
_FALSE_STRINGS = frozenset({"", "false", "no", "none", "0", "n", "off", "null"})
_WORD_SPLIT = re.compile(r"[^a-z0-9]+")


def _words(text: str) -> set[str]:
    """Words of a tag or key, plus the whole lower-cased key (so 'personal_data' matches too)."""
    low = text.lower()
    return {low, *(w for w in _WORD_SPLIT.split(low) if w)}


def _truthy(value: Any) -> bool:
    if isinstance(value, str):
        return value.strip().lower() not in _FALSE_STRINGS
    return bool(value)


def _meta_marks_pii(meta: Any) -> bool:
    """True when a meta mapping has a PII-like key with a true value, at any depth.

    A value of False ('pii: false') is a statement that the data is NOT personal and
    must not count; nested blocks ('governance: {pii_category: ...}') are common.
    """
    if not isinstance(meta, Mapping):
        return False
    for key, value in meta.items():
        if isinstance(key, str) and _words(key) & PII_WORDS and _truthy(value):
            return True
        if isinstance(value, Mapping) and _meta_marks_pii(value):
            return True
    return False


def is_pii_column(column: Mapping[str, Any]) -> bool:
    """Whether a manifest column is tagged or meta-marked as personal data.

    Looks at ``tags``/``meta`` and, from dbt 1.10, ``config.tags``/``config.meta``.

    >>> is_pii_column({"tags": ["PII"]})
    True
    >>> is_pii_column({"meta": {"is_sensitive": True}})
    True
    >>> is_pii_column({"config": {"meta": {"governance": {"pii_category": "organization"}}}})
    True
    >>> is_pii_column({"meta": {"pii": False}, "tags": ["finance"]})
    False
    """
    config = column.get("config") or {}
    for tags in (column.get("tags"), config.get("tags")):
        for tag in tags or ():
            if isinstance(tag, str) and _words(tag) & PII_WORDS:
                return True
    return _meta_marks_pii(column.get("meta")) or _meta_marks_pii(config.get("meta"))


def owner_text(owner: Any) -> str | None:
    """An owner as one string: dbt allows a name, an email, a mapping of both, or a list.

    >>> owner_text({"name": "Finance", "email": "fin@acme.io"})
    'Finance'
    >>> owner_text(["@alice", {"email": "bob@acme.io"}])
    '@alice, bob@acme.io'
    >>> owner_text({"name": None, "email": None}) is None
    True
    """
    if owner is None:
        return None
    if isinstance(owner, str):
        return owner.strip() or None
    if isinstance(owner, Mapping):
        return owner_text(owner.get("name")) or owner_text(owner.get("email"))
    if isinstance(owner, list):
        parts = [t for t in (owner_text(o) for o in owner) if t]
        return ", ".join(parts) or None
    return str(owner)


_IDENT = re.compile(r'"((?:[^"]|"")*)"|`([^`]*)`|\[([^\]]*)\]|([^."`\[\]]+)')


def split_relation(relation_name: str) -> list[str]:
    """Split a rendered relation name into its unquoted parts.

    Quoted parts may contain dots; each quoting style dbt adapters use is understood.

    >>> split_relation('"pagila"."public"."an-aliased.view"')
    ['pagila', 'public', 'an-aliased.view']
    >>> split_relation("`proj`.`dataset`.`tbl`")
    ['proj', 'dataset', 'tbl']
    >>> split_relation("analytics.Orders")
    ['analytics', 'Orders']
    """
    parts = []
    for m in _IDENT.finditer(relation_name):
        dq, bq, br, bare = m.groups()
        if dq is not None:
            parts.append(dq.replace('""', '"'))
        elif bq is not None:
            parts.append(bq)
        elif br is not None:
            parts.append(br)
        else:
            parts.append(bare.strip())
    return [p for p in parts if p != ""]


def warehouse_relation(relation_name: str | None, schema: str | None, identifier: str | None) -> str | None:
    """``schema.table`` in lower case, as the warehouse connector names tables.

    Uses the rendered ``relation_name`` when dbt wrote one (it accounts for aliases and
    custom schemas) and drops the database part; otherwise schema + identifier.

    >>> warehouse_relation('"jaffle_shop"."main"."stg_Orders"', None, None)
    'main.stg_orders'
    >>> warehouse_relation(None, "Raw", "orders")
    'raw.orders'
    >>> warehouse_relation(None, None, "orders") is None
    True
    """
    if relation_name:
        parts = split_relation(relation_name)
        if len(parts) >= 2:
            return f"{parts[-2]}.{parts[-1]}".lower()
        if len(parts) == 1 and schema:
            return f"{schema}.{parts[0]}".lower()
    if schema and identifier:
        return f"{schema}.{identifier}".lower()
    return None
