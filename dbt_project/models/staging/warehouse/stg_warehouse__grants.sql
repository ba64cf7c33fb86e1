with

source as (
    select * from {{ source('raw', 'warehouse_grants') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        {{ clean_identifier('grantee') }} as grantee,
        upper(trim(privilege)) as privilege,
        lower(object_type) as object_type,
        {{ clean_identifier('schema_name') }} as schema_name,
        {{ clean_identifier('object_name') }} as object_name,
        coalesce(is_public, upper(trim(grantee)) = 'PUBLIC') as is_public
    from source
),

with_object_ref as (
    select
        *,
        case
            when object_type = 'schema' or object_name is null then schema_name
            else schema_name || '.' || object_name
        end as object_ref
    from renamed
),

final as (
    select * from with_object_ref
)

select * from final
