with

source as (
    select * from {{ source('raw', 'openlineage_events') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        run_id,
        upper(event_type) as event_type,
        job_namespace,
        job_name,
        parent_job_name,
        producer,
        owners,
        source_file,
        line_no,
        event_time as event_at
    from source
),

final as (
    select * from renamed
)

select * from final
