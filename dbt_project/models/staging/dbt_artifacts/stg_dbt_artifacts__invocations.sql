with

source as (
    select * from {{ source('raw', 'dbt_invocations') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        invocation_id,
        lower(artifact_kind) as artifact_kind,
        {{ file_name('artifact') }} as artifact_file,
        artifact as artifact_path,
        schema_version,
        dbt_version,
        project_name,
        generated_at
    from source
),

final as (
    select * from renamed
)

select * from final
