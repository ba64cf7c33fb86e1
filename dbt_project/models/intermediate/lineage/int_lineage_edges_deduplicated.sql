-- One row per scan, edge and provenance; the reference kept is that of the newest
-- observation (the latest OpenLineage run, the latest write query).
with

edges as (
    select * from {{ ref('int_lineage_edges_unioned') }}
),

deduplicated as (
    select
        scan_id,
        source_table,
        target_table,
        provenance,
        first(ref order by observed_at desc nulls last, ref) as ref,
        count(*) as observation_count,
        max(observed_at) as last_observed_at
    from edges
    group by all
),

final as (
    select * from deduplicated
)

select * from final
