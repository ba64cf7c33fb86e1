with

source as (
    select * from {{ source('raw', 'scan_errors') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        lower(source) as source_name,
        object as error_object,
        message as error_message
    from source
),

final as (
    select * from renamed
)

select * from final
