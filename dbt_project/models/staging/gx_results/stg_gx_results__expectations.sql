with

source as (
    select * from {{ source('raw', 'gx_results') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        validation_id,
        suite_name,
        data_asset,
        {{ normalize_relation('table_name') }} as table_fqn,
        expectation_type,
        lower(column_name) as column_name,
        kwargs_json,
        observed_value,
        unexpected_count,
        success as is_success,
        run_at,
        format as result_format,
        coalesce({{ file_name('source_file') }}, suite_name, 'validation')
            || coalesce(' ' || json_path, '') as result_ref
    from source
),

final as (
    select * from renamed
)

select * from final
