"""The shape of the synthetic warehouse, computed before anything is written.

Schemas come in five layers per business domain (``raw_sales``, ``staging_sales``,
``intermediate_sales``, ``marts_sales``, ``sandbox_sales``), with the same number of
relations in each, so relation *k* of a domain exists in every layer: staging and
intermediate relations are mostly views selecting from the layer below (real SQL, real
lineage), marts are tables that dbt models build, sandboxes are analysts' leftovers.
Every relation of one (domain, k) pair shares one column list, so any view and any
logged statement built over them qualifies against the real catalog.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.large.sizes import Sizes

LAYERS = ("raw", "staging", "intermediate", "marts", "sandbox")
DOMAINS = (
    "sales", "finance", "marketing", "supply", "logistics", "hr", "support", "product", "web", "crm",
    "billing", "inventory", "pricing", "risk", "fraud", "loyalty", "stores", "partners", "procurement", "legal",
    "payroll", "ads", "search", "mobile", "email", "sms", "returns", "catalog", "reviews", "shipping",
    "warehouse_ops", "fleet", "energy", "facilities", "security", "it", "compliance", "audit", "tax", "treasury",
)  # fmt: skip
ENTITIES = (
    "orders", "customers", "payments", "invoices", "sessions", "events", "products", "shipments", "refunds",
    "accounts", "contracts", "tickets", "visits", "campaigns", "leads", "quotes", "budgets", "employees",
)  # fmt: skip
# Columns every relation has (dbt-style names: the scanner picks created_at for freshness).
CORE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "BIGINT"),
    ("customer_id", "BIGINT"),
    ("status", "VARCHAR"),
    ("amount", "DECIMAL(12,2)"),
    ("created_at", "TIMESTAMP"),
    ("updated_at", "TIMESTAMP"),
    ("email", "VARCHAR"),
)
EXTRA_TYPES = ("VARCHAR", "BIGINT", "DOUBLE", "DATE", "BOOLEAN", "TIMESTAMP", "DECIMAL(12,2)", "INTEGER")
EXTRA_STEMS = ("code", "label", "score", "qty", "rate", "flag", "region", "channel", "segment", "note", "ref")


@dataclass(frozen=True)
class Relation:
    schema: str
    name: str
    layer: str
    domain: str
    k: int  # index within its schema: the same k in another layer is its counterpart
    kind: str  # table | view
    columns: tuple[tuple[str, str], ...]
    upstream: tuple[str, str] | None  # (schema, name) a view selects from
    sampled: bool  # holds rows

    @property
    def fqn(self) -> str:
        return f"{self.schema}.{self.name}"


def schema_names(sizes: Sizes) -> list[tuple[str, str, str]]:
    """(schema, layer, domain) for every schema, in creation order."""
    out = []
    domains = sizes.schemas // len(LAYERS)
    for d in range(domains):
        domain = DOMAINS[d % len(DOMAINS)] + (f"_{d // len(DOMAINS) + 1}" if d >= len(DOMAINS) else "")
        for layer in LAYERS:
            out.append((f"{layer}_{domain}", layer, domain))
    for extra in range(sizes.schemas - len(out)):  # remainder: more sandboxes
        out.append((f"sandbox_extra_{extra}", "sandbox", "extra"))
    return out


def _table_name(layer: str, domain: str, entity: str, k: int) -> str:
    prefix = {"raw": "", "staging": f"stg_{domain}__", "intermediate": "int_", "sandbox": "tmp_"}.get(layer)
    if layer == "marts":
        prefix = "dim_" if k % 3 == 0 else "fct_"
    return f"{prefix}{entity}_{k:03d}"


def _columns(rng: random.Random, n: int) -> tuple[tuple[str, str], ...]:
    extra = []
    for j in range(n - len(CORE_COLUMNS)):
        extra.append((f"{EXTRA_STEMS[j % len(EXTRA_STEMS)]}_{j:02d}", rng.choice(EXTRA_TYPES)))
    return (*CORE_COLUMNS, *extra)


def plan(sizes: Sizes, seed: int) -> list[Relation]:
    """Every relation of the warehouse, deterministic from ``seed``."""
    rng = random.Random(seed)
    schemas = schema_names(sizes)
    per_schema, spare = divmod(sizes.relations, len(schemas))
    # Column counts: the average is columns / relations, spread +-40 % but summing exactly.
    counts = _column_counts(rng, sizes)
    relations: list[Relation] = []
    shared_cols: dict[tuple[str, int], tuple[tuple[str, str], ...]] = {}
    idx = 0
    for s, (schema, layer, domain) in enumerate(schemas):
        for k in range(per_schema + (1 if s < spare else 0)):
            entity = ENTITIES[(k + s) % len(ENTITIES)]
            key = (domain, k)
            if key not in shared_cols:
                shared_cols[key] = _columns(rng, counts[idx])
            cols = shared_cols[key]
            upstream = None
            kind = "table"
            if layer in ("staging", "intermediate") and k % 10 != 9:
                below = "raw" if layer == "staging" else "staging"
                upstream = (
                    f"{below}_{domain}",
                    _table_name(below, domain, ENTITIES[(k + s - 1) % len(ENTITIES)], k),
                )
                kind = "view"
            elif layer == "sandbox" and domain != "extra" and k % 4 == 0:
                upstream = (
                    f"marts_{domain}",
                    _table_name("marts", domain, ENTITIES[(k + s - 2) % len(ENTITIES)], k),
                )
                kind = "view"
            if layer == "raw":
                cols = (*cols, ("_loaded_at", "TIMESTAMP"))
            sampled = kind == "table" and idx % sizes.sample_every == 0
            relations.append(
                Relation(
                    schema,
                    _table_name(layer, domain, entity, k),
                    layer,
                    domain,
                    k,
                    kind,
                    cols,
                    upstream,
                    sampled,
                )
            )
            idx += 1
    return _fix_upstreams(relations)


def _fix_upstreams(relations: list[Relation]) -> list[Relation]:
    """Point each view at the real counterpart (same domain and k) in the layer below."""
    by_key = {(r.schema, r.k): r for r in relations}
    out = []
    for r in relations:
        if r.upstream is not None:
            target = by_key.get((r.upstream[0], r.k))
            if target is None:
                r = Relation(r.schema, r.name, r.layer, r.domain, r.k, "table", r.columns, None, r.sampled)
            else:
                r = Relation(
                    r.schema,
                    r.name,
                    r.layer,
                    r.domain,
                    r.k,
                    r.kind,
                    r.columns,
                    (target.schema, target.name),
                    False,
                )
        out.append(r)
    return out


def _column_counts(rng: random.Random, sizes: Sizes) -> list[int]:
    avg = sizes.columns / sizes.relations
    low = max(len(CORE_COLUMNS) + 1, int(avg * 0.6))
    counts = [max(low, round(avg * rng.uniform(0.6, 1.4))) for _ in range(sizes.relations)]
    diff = sizes.columns - sum(counts)
    i = 0
    while diff != 0:  # nudge to the exact total
        step = 1 if diff > 0 else -1
        if counts[i % len(counts)] + step >= low:
            counts[i % len(counts)] += step
            diff -= step
        i += 1
    return counts
