with

source as (
    select * from {{ source('raw', 'dbt_run_results') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        invocation_id,
        unique_id,
        lower(command) as command,
        lower(status) as execution_status,
        message,
        failures,
        execution_time as execution_seconds,
        lower(status) in ('success', 'pass') as is_success,
        unique_id like 'test.%' or unique_id like 'unit_test.%' as is_test,
        coalesce(completed_at, generated_at) as executed_at,
        generated_at,
        -- the node id first (what a person recognises), then where to look it up
        case
            when json_path is null or contains(json_path, unique_id)
                then coalesce({{ file_name('artifact') }}, 'run_results.json')
                    || ' ' || coalesce(json_path, 'results[' || unique_id || ']')
            else unique_id || ' (' || coalesce({{ file_name('artifact') }}, 'run_results.json') || ' ' || json_path || ')'
        end as run_results_ref
    from source
),

final as (
    select * from renamed
)

select * from final
