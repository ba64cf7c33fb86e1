with

source as (
    select * from {{ source('raw', 'warehouse_columns') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        {{ clean_identifier('schema_name') }} || '.' || {{ clean_identifier('table_name') }} as table_fqn,
        {{ clean_identifier('column_name') }} as column_name,
        lower(data_type) as data_type,
        nullif(trim(comment), '') as column_comment,
        ordinal,
        is_nullable
    from source
),

final as (
    select distinct * from renamed
    where table_fqn is not null and column_name is not null
)

select * from final
