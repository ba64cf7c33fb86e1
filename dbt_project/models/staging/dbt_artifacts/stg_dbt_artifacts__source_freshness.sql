with

source as (
    select * from {{ source('raw', 'dbt_source_freshness') }}
),

renamed as (
    select
        scan_id,
        unique_id,
        lower(status) as freshness_status,
        age_seconds,
        lower(status) in ('warn', 'error', 'runtime error') as is_stale,
        max_loaded_at,
        snapshotted_at,
        coalesce({{ file_name('artifact') }}, 'sources.json')
            || ' ' || coalesce(json_path, 'results[' || unique_id || ']') as sources_ref
    from source
),

final as (
    select * from renamed
)

select * from final
