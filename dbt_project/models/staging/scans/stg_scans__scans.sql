-- Scans the models measure: every scan except those that failed (a running scan is the one
-- the orchestrator is building right now; complete and partial ones are history).
with

source as (
    select * from {{ source('raw', 'scans') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        client,
        lower(status) as scan_status,
        scanned_at,
        started_at,
        finished_at
    from source
    where lower(coalesce(status, 'running')) <> 'failed'
),

final as (
    select * from renamed
)

select * from final
