with

source as (
    select * from {{ source('raw', 'scan_sources') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        lower(source) as source_name,
        lower(status) as source_status,
        counts_json,
        content_hash,
        seconds as read_seconds
    from source
),

final as (
    select * from renamed
)

select * from final
