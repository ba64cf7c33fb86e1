-- Input and output datasets of OpenLineage runs, with the dataset name reduced to the
-- warehouse's `schema.table` (names like `prod.analytics.orders` drop the database).
with

source as (
    select * from {{ source('raw', 'openlineage_datasets') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        run_id,
        job_name,
        upper(event_type) as event_type,
        lower(direction) as direction,
        namespace as dataset_namespace,
        name as dataset_name,
        {{ normalize_relation('name') }} as relation_fqn,
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
