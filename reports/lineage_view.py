"""Lineage view-model: a schema-level graph laid out by modelling layer, plus explorer data.

Client warehouses routinely have thousands of table-level edges; a drawn graph of that is
unreadable and heavy. So the report draws schemas (a few dozen boxes at most, capped at
``MAX_NODES``), draws tables only when there are few of them, and hands the full edge list
to a small client-side explorer that shows one table's upstream and downstream at a time.

Layers come from naming, as the evidence model does for ``table_facts.layer``: schema names
first (``raw``, ``staging``, ``marts``...), then the dbt prefixes of the tables inside
(``stg_``, ``int_``, ``fct_``/``dim_``).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from typing import Any

LAYERS: tuple[str, ...] = ("raw", "staging", "intermediate", "marts", "other")
MAX_NODES = 150
MAX_TABLE_GRAPH = 60
MAX_EDGE_ROWS = 100

_SCHEMA_LAYER_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("raw", re.compile(r"(^|_)(raw|src|source|sources|landing|ingest|bronze|lake)(_|$)")),
    ("staging", re.compile(r"(^|_)(staging|stg|stage|silver)(_|$)")),
    ("intermediate", re.compile(r"(^|_)(intermediate|int|transform|work)(_|$)")),
    ("marts", re.compile(r"(^|_)(marts?|analytics|reporting|gold|dwh|core|bi|presentation)(_|$)")),
)
_TABLE_PREFIX_LAYERS: tuple[tuple[str, str], ...] = (
    ("raw_", "raw"),
    ("src_", "raw"),
    ("stg_", "staging"),
    ("int_", "intermediate"),
    ("fct_", "marts"),
    ("dim_", "marts"),
    ("mart_", "marts"),
    ("rpt_", "marts"),
)


def split_table(fqn: str) -> tuple[str, str]:
    """``db.schema.table`` -> (``db.schema``, ``table``); a bare name has the schema ``""``."""
    schema, _, table = str(fqn).rpartition(".")
    return schema, table


def schema_layer(schema: str, tables: list[str]) -> str:
    """Layer of a schema from its own name, else from the majority prefix of its tables."""
    last = schema.rpartition(".")[2].lower()
    for layer, pattern in _SCHEMA_LAYER_PATTERNS:
        if pattern.search(last):
            return layer
    votes: Counter[str] = Counter()
    for table in tables:
        name = table.lower()
        for prefix, layer in _TABLE_PREFIX_LAYERS:
            if name.startswith(prefix):
                votes[layer] += 1
                break
    if votes:
        return sorted(votes.items(), key=lambda kv: (-kv[1], LAYERS.index(kv[0])))[0][0]
    return "other"


def safe_json_for_script(data: Any) -> str:
    """JSON that can sit inside ``<script type="application/json">`` whatever the strings hold.

    ``<``, ``>`` and ``&`` are escaped as ``\\u003c``-style sequences (still valid JSON), so a
    table named ``</script><script>...`` cannot close the element; U+2028/2029 are escaped for
    older JavaScript parsers.

    >>> safe_json_for_script(["</script>"])
    '["\\\\u003c/script\\\\u003e"]'
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escaped)
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def _layout(nodes: list[dict[str, Any]], edges: list[dict[str, Any]], layer_labels: dict[str, str]) -> dict:
    """Place nodes in one column per layer and route edges as curves between box sides.

    ``nodes``: ``id``, ``label``, ``title``, ``layer``, ``group``; ``edges``: ``source``,
    ``target``, ``count``, ``title``. Forward edges run left to right; edges within a column
    or going back loop out on the right so they never cross boxes.
    """
    col_w, node_w, node_h, gap, top, left = 250.0, 210.0, 26.0, 10.0, 34.0, 10.0
    used = [layer for layer in LAYERS if any(n["layer"] == layer for n in nodes)]
    col_of = {layer: i for i, layer in enumerate(used)}
    parents: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        parents[edge["target"]].append(edge["source"])
    pos: dict[str, tuple[float, float]] = {}
    row_of: dict[str, int] = {}
    placed = []
    rows_per_col: dict[str, int] = defaultdict(int)
    for layer in used:
        members = [n for n in nodes if n["layer"] == layer]

        def barycentre(node: dict[str, Any]) -> float:
            # One left-to-right sweep of the barycentre heuristic: sit near the rows of the
            # parents already placed, which removes most crossings in layered warehouses.
            rows = [row_of[p] for p in parents[node["id"]] if p in row_of]
            return sum(rows) / len(rows) if rows else float("inf")

        for node in sorted(members, key=lambda n: (n.get("group", ""), barycentre(n), n["label"])):
            col, row = col_of[layer], rows_per_col[layer]
            rows_per_col[layer] += 1
            row_of[node["id"]] = row
            x, y = left + col * col_w, top + row * (node_h + gap)
            pos[node["id"]] = (x, y)
            label = node["label"]
            short = label if len(label) <= 30 else label[:29] + "…"
            placed.append(
                {
                    **node,
                    "x": x,
                    "y": y,
                    "w": node_w,
                    "h": node_h,
                    "short": short,
                    "text_x": x + 8,
                    "text_y": y + 17,
                }
            )
    drawn = []
    # Edges that skip a column would pass behind the boxes in between; they run in lanes
    # under the columns instead, one lane each so they stay distinguishable.
    bottom = top + max(rows_per_col.values(), default=0) * (node_h + gap)
    lanes = 0
    out_degree = Counter(e["source"] for e in edges)
    in_degree = Counter(e["target"] for e in edges)
    for edge in sorted(edges, key=lambda e: (e["source"], e["target"])):
        if edge["source"] not in pos or edge["target"] not in pos:
            continue
        (sx, sy), (tx, ty) = pos[edge["source"]], pos[edge["target"]]
        sy, ty = sy + node_h / 2, ty + node_h / 2
        label_at: tuple[float, float] | None = None
        if tx > sx and tx - sx <= col_w + 1:
            x1, x2 = sx + node_w, tx
            mid = (x1 + x2) / 2
            d = f"M{x1:.1f},{sy:.1f} C{mid:.1f},{sy:.1f} {mid:.1f},{ty:.1f} {x2:.1f},{ty:.1f}"
            # Put the count at the end that fans out least, so labels of a fan do not pile up.
            if out_degree[edge["source"]] <= in_degree[edge["target"]]:
                label_at = (x1 + 12, sy - 4)
            else:
                label_at = (x2 - 14, ty - 4)
        elif tx > sx:
            x1, x2 = sx + node_w, tx
            lane = bottom + 8 + 8 * lanes
            lanes += 1
            d = (
                f"M{x1:.1f},{sy:.1f} C{x1 + 30:.1f},{sy:.1f} {x1 + 10:.1f},{lane:.1f} {x1 + 40:.1f},{lane:.1f} "
                f"L{x2 - 40:.1f},{lane:.1f} C{x2 - 10:.1f},{lane:.1f} {x2 - 30:.1f},{ty:.1f} {x2:.1f},{ty:.1f}"
            )
            label_at = ((x1 + x2) / 2, lane - 3)
        else:
            x1, x2 = sx + node_w, tx + node_w
            bulge = max(x1, x2) + 30 + min(abs(ty - sy), 600) / 20
            d = f"M{x1:.1f},{sy:.1f} C{bulge:.1f},{sy:.1f} {bulge:.1f},{ty:.1f} {x2:.1f},{ty:.1f}"
        width = round(min(6.0, 1.0 + 1.6 * math.log10(max(1, edge["count"]))), 1)
        label = None
        if edge.get("show_count") and label_at:
            label = {"x": round(label_at[0], 1), "y": round(label_at[1], 1), "text": edge["count"]}
        drawn.append({**edge, "d": d, "stroke_width": width, "label": label})
    height = bottom + 10 + 8 * lanes + (8 if lanes else 0)
    return {
        "width": left + max(1, len(used)) * col_w + 20,
        "height": height,
        "columns": [
            {"x": left + col_of[layer] * col_w, "label": layer_labels.get(layer, layer)} for layer in used
        ],
        "nodes": placed,
        "edges": drawn,
    }


def build_lineage(lineage: dict[str, Any] | None, labels: dict[str, Any]) -> dict[str, Any] | None:
    """View-model of ``result['lineage']``; None when the scan has no lineage key at all.

    An edge seen by several producers (dbt and OpenLineage, say) counts once in the totals
    and keeps all its provenances.

    ``labels`` carries ``layers`` (id -> label), ``provenance`` (id -> label) and ``internal``
    (text for an edge inside one schema).
    """
    if not lineage:
        return None
    raw_edges = [e for e in lineage.get("edges") or [] if e.get("source") and e.get("target")]
    without = sorted({str(t) for t in lineage.get("tables_without_lineage") or []})

    endpoints = {str(e["source"]) for e in raw_edges} | {str(e["target"]) for e in raw_edges}
    tables = sorted(endpoints | set(without))
    by_schema: dict[str, list[str]] = defaultdict(list)
    for table in tables:
        schema, name = split_table(table)
        by_schema[schema].append(name)
    layer_of = {schema: schema_layer(schema, names) for schema, names in by_schema.items()}

    pair_counts: Counter[tuple[str, str]] = Counter()
    pair_prov: dict[tuple[str, str], set[str]] = defaultdict(set)
    internal: Counter[str] = Counter()
    degree: Counter[str] = Counter()
    table_pairs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for edge in raw_edges:
        source, target = str(edge["source"]), str(edge["target"])
        prov = str(edge.get("provenance") or "")
        table_pairs[(source, target)].add(prov)
        s_schema, t_schema = split_table(source)[0], split_table(target)[0]
        degree[s_schema] += 1
        degree[t_schema] += 1
        if s_schema == t_schema:
            internal[s_schema] += 1
        pair_counts[(s_schema, t_schema)] += 1
        pair_prov[(s_schema, t_schema)].add(prov)

    prov_labels = labels["provenance"]

    def prov_text(provs: set[str]) -> str:
        return ", ".join(prov_labels.get(p, p) for p in sorted(p for p in provs if p))

    kept = sorted(by_schema, key=lambda s: (-degree[s], s))[:MAX_NODES]
    schema_nodes = [
        {
            "id": schema,
            "label": f"{schema or '—'} [{len(by_schema[schema])}]",
            "title": schema or "—",
            "layer": layer_of[schema],
            "group": "",
        }
        for schema in kept
    ]
    schema_edges = [
        {
            "source": s,
            "target": t,
            "count": n,
            "title": f"{s or '—'} → {t or '—'}: {n} ({prov_text(pair_prov[(s, t)])})",
            "show_count": True,
        }
        for (s, t), n in pair_counts.items()
        if s != t
    ]
    edge_rows = [
        {
            "source": s or "—",
            "target": t or "—",
            "internal": s == t,
            "count": n,
            "provenance": prov_text(pair_prov[(s, t)]),
        }
        for (s, t), n in sorted(pair_counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]

    table_graph = None
    # Only tables that take part in an edge: isolated ones are listed under "without lineage".
    connected = sorted(endpoints)
    if raw_edges and len(connected) <= MAX_TABLE_GRAPH:
        table_nodes = [
            {"id": t, "label": t, "title": t, "layer": layer_of[schema], "group": schema}
            for t in connected
            for schema in [split_table(t)[0]]
        ]
        table_edges = [
            {"source": s, "target": t, "count": 1, "title": f"{s} → {t} ({prov_text(p)})"}
            for (s, t), p in table_pairs.items()
        ]
        table_graph = _layout(table_nodes, table_edges, labels["layers"])

    provenances = sorted({p for provs in table_pairs.values() for p in provs})
    index = {t: i for i, t in enumerate(tables)}
    explorer = {
        "tables": tables,
        "provenances": [prov_labels.get(p, p) for p in provenances],
        "edges": sorted(
            [index[s], index[t], provenances.index(p)] for (s, t), provs in table_pairs.items() for p in provs
        ),
    }
    return {
        "has_edges": bool(raw_edges),
        "edge_count": len(table_pairs),
        "table_count": len(tables),
        "schema_count": len(by_schema),
        "schema_graph": _layout(schema_nodes, schema_edges, labels["layers"]) if raw_edges else None,
        "schemas_hidden": max(0, len(by_schema) - MAX_NODES),
        "schemas_shown": len(kept),
        "edge_rows": edge_rows[:MAX_EDGE_ROWS],
        "edge_rows_hidden": max(0, len(edge_rows) - MAX_EDGE_ROWS),
        "table_graph": table_graph,
        "without_lineage": without,
        "explorer_json": safe_json_for_script(explorer),
    }
