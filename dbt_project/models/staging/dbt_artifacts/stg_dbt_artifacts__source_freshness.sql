with

source as (
    select * from {{ source('raw', 'dbt_source_freshness') }}
    {{ staging_scan_scope() }}
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
        -- the node id first (what a person recognises), then where to look it up
        case
            when json_path is null or contains(json_path, unique_id)
                then coalesce({{ file_name('artifact') }}, 'sources.json')
                    || ' ' || coalesce(json_path, 'results[' || unique_id || ']')
            else unique_id || ' (' || coalesce({{ file_name('artifact') }}, 'sources.json') || ' ' || json_path || ')'
        end as sources_ref
    from source
),

final as (
    select * from renamed
)

select * from final
