-- Warehouse relations as lower-case `schema.table`. A relation name that exists in two
-- databases of the same crawl is kept once (the first database by name): the evidence model
-- reasons about schema.table, as dbt, OpenLineage and parsed SQL name them.
with

source as (
    select * from {{ source('raw', 'warehouse_tables') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        lower(engine) as engine,
        {{ clean_identifier('database_name') }} as database_name,
        {{ clean_identifier('schema_name') }} as schema_name,
        {{ clean_identifier('table_name') }} as table_name,
        case
            when lower(table_type) like '%view%' then 'view'
            else 'table'
        end as table_type,
        nullif(trim(view_sql), '') as view_sql,
        nullif(trim(comment), '') as table_comment,
        nullif(trim(owner), '') as db_owner,
        timestamp_column,
        row_count,
        coalesce(row_count_is_estimate, false) as is_row_count_estimate,
        last_modified_at,
        min_timestamp_at,
        max_timestamp_at
    from source
),

qualified as (
    select
        *,
        schema_name || '.' || table_name as table_fqn
    from renamed
    where schema_name is not null and table_name is not null
),

deduplicated as (
    select * from qualified
    qualify row_number() over (
        partition by scan_id, table_fqn order by database_name nulls last
    ) = 1
),

final as (
    select * from deduplicated
)

select * from final
