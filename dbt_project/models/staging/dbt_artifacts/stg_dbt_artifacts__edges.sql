with

source as (
    select * from {{ source('raw', 'dbt_edges') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select distinct
        scan_id,
        child_id,
        parent_id
    from source
    where child_id is not null and parent_id is not null
),

final as (
    select * from renamed
)

select * from final
