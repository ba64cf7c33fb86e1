with

source as (
    select * from {{ source('raw', 'sql_statements') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        query_hash,
        lower(origin) as origin,
        dialect,
        lower(statement_kind) as statement_kind,
        sql_excerpt,
        parse_error
    from source
),

final as (
    select * from renamed
)

select * from final
