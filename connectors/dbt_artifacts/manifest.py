"""The manifest walk: one ``dbt_nodes`` row per resource and one ``dbt_edges`` row per dependency.

Works on the parsed JSON of manifest v7 to v12. The differences that matter here are
handled field by field: ``access``/``group``/``contract`` exist from v9, ``attached_node``
on tests from v10, column ``config.meta``/``config.tags`` from dbt 1.10, semantic models
keep their warehouse table in ``node_relation``. Resources arrive one at a time (from a
parsed manifest or streamed from a big one) and rows are plain dicts collected per
column family and handed to Arrow in one go by the caller.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

from connectors.dbt_artifacts.governance import is_pii_column, owner_text, warehouse_relation

# Manifest collections that hold resources (macros, docs, groups and selectors are not resources).
RESOURCE_COLLECTIONS = (
    "nodes",
    "sources",
    "exposures",
    "metrics",
    "semantic_models",
    "saved_queries",
    "unit_tests",
    "functions",
)
_SINGULAR = {c: c[:-1] for c in RESOURCE_COLLECTIONS} | {"saved_queries": "saved_query", "nodes": "node"}
# Resources that are (or may be) a relation in the warehouse.
_RELATIONAL = frozenset({"model", "seed", "snapshot", "source"})


@dataclass
class ManifestEvidence:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, str]] = field(default_factory=list)
    dangling_refs: int = 0  # edges whose parent id is not in the manifest
    dangling_parents: set[str] = field(default_factory=set)


def _merged_meta(node: Mapping[str, Any]) -> dict[str, Any]:
    """``meta`` and ``config.meta`` (dbt keeps both, and 1.10+ moves meta under config)."""
    config = node.get("config") or {}
    return {**(node.get("meta") or {}), **(config.get("meta") or {})}


def _tags(node: Mapping[str, Any]) -> list[str]:
    config = node.get("config") or {}
    seen: dict[str, None] = {}
    for source in (node.get("tags"), config.get("tags")):
        if isinstance(source, str):
            source = [source]
        for tag in source or ():
            if isinstance(tag, str):
                seen.setdefault(tag, None)
    return list(seen)


def _tested_node(node: Mapping[str, Any], parents: list[str]) -> str | None:
    """The node a data test is about: ``attached_node`` (v10+), else inferred from its parents.

    Before v10 a relationships test depends on two models; ``file_key_name``
    (``models.orders``) says which one declared it.
    """
    if node.get("attached_node"):
        return node["attached_node"]
    candidates = [p for p in parents if not p.startswith("test.")]
    key = node.get("file_key_name")
    if isinstance(key, str) and "." in key:
        declared = key.split(".", 1)[1]
        for p in candidates:
            if p.rsplit(".", 1)[-1] == declared:
                return p
    return candidates[0] if candidates else None


def _relation(node: Mapping[str, Any], resource_type: str, materialized: str | None) -> str | None:
    if resource_type == "semantic_model":
        rel = node.get("node_relation") or {}
        return warehouse_relation(rel.get("relation_name"), rel.get("schema_name"), rel.get("alias"))
    if materialized == "ephemeral":
        return None  # compiled into its children, never a warehouse object
    if node.get("relation_name"):
        return warehouse_relation(node["relation_name"], node.get("schema"), None)
    if resource_type in _RELATIONAL:
        identifier = node.get("identifier") or node.get("alias") or node.get("name")
        return warehouse_relation(None, node.get("schema"), identifier)
    return None


def _json_or_none(value: Mapping[str, Any]) -> str | None:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS, default=str).decode() if value else None


class ManifestWalk:
    """Node and edge rows built one resource at a time, in whatever order the manifest holds them.

    A streamed manifest hands over resources as it reads them, before it has seen the
    ``groups`` section (which gives group owners) or every id (which says whether a
    ``depends_on`` is dangling), so what depends on the whole manifest is settled in
    :meth:`finish`. Rows come out per collection in :data:`RESOURCE_COLLECTIONS` order, the
    same whichever way the manifest was read.
    """

    def __init__(self, artifact: str, catalog_columns: Mapping[str, int] | None = None) -> None:
        self.artifact = artifact
        self.catalog_columns = catalog_columns or {}
        self.group_owners: dict[str, str | None] = {}
        self._nodes: dict[str, list[dict[str, Any]]] = {c: [] for c in RESOURCE_COLLECTIONS}
        self._edges: dict[str, list[dict[str, str]]] = {c: [] for c in RESOURCE_COLLECTIONS}
        # (collection, index in it) -> an exposure's own ``owner``, used when meta and group say nothing
        self._fallback_owner: dict[tuple[str, int], str] = {}

    def add_groups(self, groups: Any) -> None:
        """Group name -> owner, from the ``groups`` section (v9+)."""
        for group in (groups or {}).values() if isinstance(groups, Mapping) else ():
            if isinstance(group, Mapping) and group.get("name"):
                self.group_owners[group["name"]] = owner_text(group.get("owner"))

    def add(self, collection: str, uid: str | int, node: Any) -> None:
        """One member of ``collection``; anything but an id and a mapping is not a resource: skipped."""
        if not isinstance(uid, str) or not isinstance(node, Mapping):
            return
        row, parents = node_row(collection, uid, node, self.artifact, self.catalog_columns)
        if row["owner"] is None and row["resource_type"] == "exposure":
            exposure_owner = owner_text(node.get("owner"))
            if exposure_owner is not None:
                self._fallback_owner[collection, len(self._nodes[collection])] = exposure_owner
        self._nodes[collection].append(row)
        self._edges[collection].extend({"child_id": uid, "parent_id": parent} for parent in parents)

    def finish(self) -> ManifestEvidence:
        """Owners from groups (then exposures' own owner), dangling counts, rows in collection order."""
        out = ManifestEvidence()
        for collection in RESOURCE_COLLECTIONS:
            for i, row in enumerate(self._nodes[collection]):
                if row["owner"] is None and row["group_name"]:
                    row["owner"] = self.group_owners.get(row["group_name"])
                if row["owner"] is None:
                    row["owner"] = self._fallback_owner.get((collection, i))
            out.nodes.extend(self._nodes[collection])
            out.edges.extend(self._edges[collection])
        known_ids = {row["unique_id"] for row in out.nodes}
        for edge in out.edges:
            if edge["parent_id"] not in known_ids:
                out.dangling_refs += 1
                out.dangling_parents.add(edge["parent_id"])
        return out


def node_row(
    collection: str, uid: str, node: Mapping[str, Any], artifact: str, catalog_columns: Mapping[str, int]
) -> tuple[dict[str, Any], list[str]]:
    """The ``dbt_nodes`` row of one resource (owner from its meta only) and its parent ids.

    ``catalog_columns`` (unique_id -> number of columns in the warehouse, from
    catalog.json) replaces the manifest's column count when known: the manifest only lists
    the columns someone declared in YAML, so documentation coverage measured against it
    would look better than it is.
    """
    resource_type = node.get("resource_type") or _SINGULAR[collection]
    config = node.get("config") or {}
    meta = _merged_meta(node)
    parents = [p for p in ((node.get("depends_on") or {}).get("nodes") or []) if isinstance(p, str)]
    columns = [c for c in (node.get("columns") or {}).values() if isinstance(c, Mapping)]
    contract = node.get("contract") or config.get("contract") or {}
    materialized = config.get("materialized")
    column_count = catalog_columns.get(uid, len(columns))
    row: dict[str, Any] = {
        "unique_id": uid,
        "resource_type": resource_type,
        "package_name": node.get("package_name"),
        "name": node.get("name"),
        "database_name": node.get("database"),
        "schema_name": node.get("schema"),
        "relation_name": _relation(node, resource_type, materialized),
        "materialized": materialized,
        "description": node.get("description") or None,
        "owner": owner_text(meta.get("owner")),
        "group_name": node.get("group") or config.get("group"),
        "access": node.get("access") or config.get("access"),
        "contract_enforced": contract.get("enforced") if isinstance(contract, Mapping) else None,
        "tags": _tags(node),
        "meta_json": _json_or_none(meta),
        "column_count": column_count,
        # YAML may document columns the warehouse no longer has: never more than exist.
        "documented_column_count": min(
            column_count, sum(1 for c in columns if (c.get("description") or "").strip())
        ),
        "pii_column_count": sum(1 for c in columns if is_pii_column(c)),
        "artifact": artifact,
        "json_path": f"{collection}['{uid}']",
    }
    if resource_type == "semantic_model":
        rel = node.get("node_relation") or {}
        row["database_name"] = rel.get("database")
        row["schema_name"] = rel.get("schema_name")
    if resource_type == "test":
        row["tested_node_id"] = _tested_node(node, parents)
        row["test_name"] = (node.get("test_metadata") or {}).get("name") or "singular"
    if resource_type == "source":
        row["source_name"] = node.get("source_name")
        row["loaded_at_field"] = node.get("loaded_at_field") or config.get("loaded_at_field")
    return row, parents


def count_columns(counts: dict[str, int], uid: str | int, entry: Any) -> None:
    """Record how many columns the warehouse reported for one catalog.json entry."""
    if isinstance(uid, str) and isinstance(entry, Mapping) and isinstance(entry.get("columns"), Mapping):
        counts[uid] = len(entry["columns"])
