-- One row per measured scan, edge and provenance; the reference kept is that of the newest
-- observation (the latest OpenLineage run, the latest write query).
with

edges as (
    select * from {{ ref('int_lineage_edges_unioned') }}
),

scans as (
    select * from {{ ref('stg_scans__scans') }}
),

deduplicated as (
    select
        edges.scan_id,
        edges.source_table,
        edges.target_table,
        edges.provenance,
        first(edges.ref order by edges.observed_at desc nulls last, edges.ref) as ref,
        count(*) as observation_count,
        max(edges.observed_at) as last_observed_at
    from edges
    inner join scans on edges.scan_id = scans.scan_id
    group by edges.scan_id, edges.source_table, edges.target_table, edges.provenance
),

final as (
    select * from deduplicated
)

select * from final
{{ scan_scope(reusable=true) }}
