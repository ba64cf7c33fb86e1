with

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

final as (
    select
        scan_id,
        table_fqn,
        schema_name,
        table_name,
        table_type,
        layer,
        is_source,
        is_modelled,
        row_count,
        min_timestamp_at,
        max_timestamp_at,
        days_since_update,
        has_upstream,
        upstream_count,
        test_count,
        failed_test_count,
        quality_pass_rate,
        owner,
        has_description
    from tables_profiled
)

select * from final
{{ scan_scope() }}
