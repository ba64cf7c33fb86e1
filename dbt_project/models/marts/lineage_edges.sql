with

edges as (
    select * from {{ ref('int_lineage_edges_deduplicated') }}
),

final as (
    select
        scan_id,
        source_table,
        target_table,
        provenance,
        ref
    from edges
)

select * from final
{{ scan_scope(reusable=true) }}
