with

source as (
    select * from {{ source('raw', 'openlineage_column_lineage') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        run_id,
        {{ normalize_relation('output_name') }} as output_fqn,
        lower(output_field) as output_field,
        input_namespace,
        input_name,
        {{ normalize_relation('input_name') }} as input_fqn,
        lower(input_field) as input_field,
        transformation
    from source
),

final as (
    select * from renamed
)

select * from final
