-- The facts the scorecard and the portfolio need about each warehouse relation of a scan:
-- classification, volume and history, age (from the scan clock), upstream lineage, checks.
with

relations as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

lineage_edges as (
    select * from {{ ref('int_lineage_edges_deduplicated') }}
),

quality_checks as (
    select * from {{ ref('int_quality_checks_latest') }}
),

scans as (
    select * from {{ ref('stg_scans__scans') }}
),

upstreams as (
    select
        scan_id,
        target_table as table_fqn,
        count(distinct source_table) as upstream_count
    from lineage_edges
    group by all
),

checks_per_table as (
    select
        scan_id,
        table_fqn,
        count(*) as test_count,
        count(*) filter (where is_passed is not null) as checked_count,
        count(*) filter (where not is_passed) as failed_test_count
    from quality_checks
    where table_fqn is not null
    group by all
),

final as (
    select
        relations.scan_id,
        relations.table_fqn,
        relations.schema_name,
        relations.table_name,
        relations.table_type,
        relations.layer,
        relations.owner,
        relations.ml_artefact_kind,
        relations.ingestion_tools,
        relations.footprint_names,
        relations.dbt_manifest_ref,
        relations.row_count,
        {{ days_before_scan('coalesce(relations.last_modified_at, relations.max_timestamp_at)', 'scans.scanned_at') }}
            as days_since_update,
        coalesce(upstreams.upstream_count, 0) as upstream_count,
        coalesce(checks_per_table.test_count, 0) as test_count,
        coalesce(checks_per_table.failed_test_count, 0) as failed_test_count,
        coalesce(checks_per_table.checked_count, 0) as checked_count,
        {{ safe_share('checks_per_table.checked_count - checks_per_table.failed_test_count',
                      'checks_per_table.checked_count') }} as quality_pass_rate,
        relations.is_source,
        relations.is_declared_source,
        relations.is_modelled,
        relations.is_sandbox,
        relations.is_reporting_schema,
        relations.is_ml_artefact,
        coalesce(upstreams.upstream_count, 0) > 0 as has_upstream,
        relations.description is not null as has_description,
        relations.last_modified_at,
        relations.min_timestamp_at,
        relations.max_timestamp_at,
        scans.scanned_at
    from relations
    inner join scans on relations.scan_id = scans.scan_id
    left join upstreams
        on relations.scan_id = upstreams.scan_id
        and relations.table_fqn = upstreams.table_fqn
    left join checks_per_table
        on relations.scan_id = checks_per_table.scan_id
        and relations.table_fqn = checks_per_table.table_fqn
)

select * from final
{{ scan_scope() }}
