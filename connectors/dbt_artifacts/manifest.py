"""The manifest walk: one ``dbt_nodes`` row per resource and one ``dbt_edges`` row per dependency.

Works on the parsed JSON of manifest v7 to v12. The differences that matter here are
handled field by field: ``access``/``group``/``contract`` exist from v9, ``attached_node``
on tests from v10, column ``config.meta``/``config.tags`` from dbt 1.10, semantic models
keep their warehouse table in ``node_relation``. Rows are plain dicts collected per
column family and handed to Arrow in one go by the caller.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
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


def _iter_resources(manifest: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    for collection in RESOURCE_COLLECTIONS:
        entries = manifest.get(collection)
        if isinstance(entries, Mapping):
            for uid, node in entries.items():
                if isinstance(node, Mapping):
                    yield collection, uid, node


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


def _group_owners(manifest: Mapping[str, Any]) -> dict[str, str | None]:
    """Group name -> owner, from the ``groups`` section (v9+)."""
    owners: dict[str, str | None] = {}
    for group in (manifest.get("groups") or {}).values():
        if isinstance(group, Mapping) and group.get("name"):
            owners[group["name"]] = owner_text(group.get("owner"))
    return owners


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


def read_manifest(
    manifest: Mapping[str, Any], artifact: str, catalog_columns: Mapping[str, int] | None = None
) -> ManifestEvidence:
    """Turn a parsed manifest into node and edge rows.

    ``catalog_columns`` (unique_id -> number of columns in the warehouse, from
    catalog.json) replaces the manifest's column count when known: the manifest only lists
    the columns someone declared in YAML, so documentation coverage measured against it
    would look better than it is.
    """
    catalog_columns = catalog_columns or {}
    group_owners = _group_owners(manifest)
    known_ids = {uid for _, uid, _ in _iter_resources(manifest)}
    out = ManifestEvidence()
    for collection, uid, node in _iter_resources(manifest):
        resource_type = node.get("resource_type") or _SINGULAR[collection]
        config = node.get("config") or {}
        meta = _merged_meta(node)
        parents = [p for p in ((node.get("depends_on") or {}).get("nodes") or []) if isinstance(p, str)]
        group = node.get("group") or config.get("group")
        owner = owner_text(meta.get("owner"))
        if owner is None and group:
            owner = group_owners.get(group)
        if owner is None and resource_type == "exposure":
            owner = owner_text(node.get("owner"))
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
            "owner": owner,
            "group_name": group,
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
        out.nodes.append(row)
        for parent in parents:
            out.edges.append({"child_id": uid, "parent_id": parent})
            if parent not in known_ids:
                out.dangling_refs += 1
                out.dangling_parents.add(parent)
    return out


def catalog_column_counts(catalog: Mapping[str, Any]) -> dict[str, int]:
    """unique_id -> number of columns the warehouse reported, from catalog.json."""
    counts: dict[str, int] = {}
    for section in ("nodes", "sources"):
        for uid, entry in (catalog.get(section) or {}).items():
            if isinstance(entry, Mapping) and isinstance(entry.get("columns"), Mapping):
                counts[uid] = len(entry["columns"])
    return counts
