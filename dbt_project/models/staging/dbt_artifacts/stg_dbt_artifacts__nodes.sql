-- Manifest nodes with the warehouse relation they build or read as `schema.table`, and a
-- reference a person can open: `manifest.json nodes['model.acme.orders']`.
with

source as (
    select * from {{ source('raw', 'dbt_nodes') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        unique_id,
        tested_node_id,
        lower(resource_type) as resource_type,
        package_name,
        name as node_name,
        {{ normalize_relation('relation_name') }} as relation_fqn,
        lower(materialized) as materialized,
        nullif(trim(description), '') as description,
        nullif(trim(owner), '') as owner,
        nullif(trim(group_name), '') as group_name,
        lower(nullif(trim(access), '')) as access,
        test_name,
        source_name,
        loaded_at_field,
        tags,
        meta_json,
        coalesce(column_count, 0) as column_count,
        coalesce(documented_column_count, 0) as documented_column_count,
        coalesce(pii_column_count, 0) as pii_column_count,
        coalesce(contract_enforced, false) as is_contract_enforced,
        coalesce({{ file_name('artifact') }}, 'manifest.json')
            || ' ' || coalesce(json_path, 'nodes[''' || unique_id || ''']') as manifest_ref
    from source
),

final as (
    select * from renamed
)

select * from final
