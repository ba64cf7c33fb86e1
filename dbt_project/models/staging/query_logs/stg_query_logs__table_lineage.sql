-- Table lineage parsed from view definitions and write queries. Names may be bare
-- (unqualified SQL): they stay bare here and are resolved in int_lineage_edges_unioned.
with

source as (
    select * from {{ source('raw', 'sql_lineage') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select distinct
        scan_id,
        query_hash,
        lower(origin) as origin,
        {{ normalize_relation('target_table') }} as target_fqn,
        {{ normalize_relation('source_table') }} as source_fqn
    from source
),

final as (
    select * from renamed
    where target_fqn is not null and source_fqn is not null
)

select * from final
