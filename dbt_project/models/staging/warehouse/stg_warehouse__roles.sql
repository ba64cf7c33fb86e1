with

source as (
    select * from {{ source('raw', 'warehouse_roles') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        {{ clean_identifier('role_name') }} as role_name,
        member_of,
        coalesce(can_login, false) as can_login,
        coalesce(is_superuser, false) as is_superuser
    from source
),

final as (
    select * from renamed
)

select * from final
