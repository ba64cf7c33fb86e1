-- Every measured scan of the store, whatever scan a build is scoped to: the history the
-- trend mart compares a scan with. Same rows as stg_scans__scans on a full build.
with

source as (
    select * from {{ source('raw', 'scans') }}
),

renamed as (
    select
        scan_id,
        client,
        lower(status) as scan_status,
        scanned_at
    from source
    where lower(coalesce(status, 'running')) <> 'failed'
),

final as (
    select * from renamed
)

select * from final
