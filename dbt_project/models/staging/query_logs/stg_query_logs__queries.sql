with

source as (
    select * from {{ source('raw', 'query_log') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        query_hash,
        lower(trim(user_name)) as user_name,
        application,
        lower(statement_kind) as statement_kind,
        lower(actor_kind) as actor_kind,
        lower(nullif(trim(bi_tool), '')) as bi_tool,
        source_file,
        line_no,
        started_at
    from source
),

final as (
    select * from renamed
)

select * from final
