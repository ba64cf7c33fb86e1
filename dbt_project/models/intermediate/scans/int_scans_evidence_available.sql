-- Which evidence each scan holds. A signal is null (not measurable) when the evidence it
-- needs is absent, and 0 when the evidence was read and shows nothing: a source counts as
-- read when it landed rows in this scan or reported status ok/partial in raw.scan_sources
-- (e.g. a query log that was read but empty).
with

scans as (
    select * from {{ ref('stg_scans__scans') }}
),

scan_sources as (
    select * from {{ ref('stg_scans__sources') }}
),

warehouse_tables as (
    select * from {{ ref('stg_warehouse__tables') }}
),

warehouse_roles as (
    select * from {{ ref('stg_warehouse__roles') }}
),

warehouse_grants as (
    select * from {{ ref('stg_warehouse__grants') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

dbt_invocations as (
    select * from {{ ref('stg_dbt_artifacts__invocations') }}
),

dbt_run_results as (
    select * from {{ ref('stg_dbt_artifacts__run_results') }}
),

dbt_source_freshness as (
    select * from {{ ref('stg_dbt_artifacts__source_freshness') }}
),

openlineage_events as (
    select * from {{ ref('stg_openlineage__events') }}
),

gx_expectations as (
    select * from {{ ref('stg_gx_results__expectations') }}
),

queries as (
    select * from {{ ref('stg_query_logs__queries') }}
),

sources_reported as (
    select
        scan_id,
        bool_or(source_name = 'warehouse' and source_status in ('ok', 'partial')) as is_warehouse_read,
        bool_or(source_name = 'warehouse' and source_status = 'failed') as is_warehouse_failed,
        bool_or(source_name = 'openlineage' and source_status in ('ok', 'partial')) as is_openlineage_read,
        bool_or(source_name = 'gx' and source_status in ('ok', 'partial')) as is_gx_read,
        bool_or(source_name in ('query_logs', 'query_log') and source_status in ('ok', 'partial'))
            as is_query_log_read
    from scan_sources
    group by scan_id
),

warehouse_summarised as (
    select
        scan_id,
        min(engine) as engine,
        string_agg(distinct database_name, ', ' order by database_name) as database_names,
        count(*) as relation_count
    from warehouse_tables
    group by scan_id
),

dbt_artifacts_read as (
    select scan_id, artifact_kind from dbt_invocations
    union all
    select distinct scan_id, 'manifest' from dbt_nodes
    union all
    select distinct scan_id, 'run_results' from dbt_run_results
    union all
    select distinct scan_id, 'sources' from dbt_source_freshness
),

dbt_summarised as (
    select
        scan_id,
        bool_or(artifact_kind = 'manifest') as has_dbt_manifest,
        bool_or(artifact_kind = 'run_results') as has_dbt_run_results,
        bool_or(artifact_kind = 'sources') as has_dbt_freshness
    from dbt_artifacts_read
    group by scan_id
),

access_model_read as (
    select distinct scan_id from warehouse_roles
    union
    select distinct scan_id from warehouse_grants
),

final as (
    select
        scans.scan_id,
        warehouse_summarised.engine,
        warehouse_summarised.database_names,
        coalesce(warehouse_summarised.relation_count, 0) as warehouse_relation_count,
        warehouse_summarised.scan_id is not null
            or coalesce(sources_reported.is_warehouse_read, false) as has_warehouse,
        warehouse_summarised.scan_id is null
            and coalesce(sources_reported.is_warehouse_failed, false) as is_warehouse_failed,
        access_model_read.scan_id is not null as has_access_model,
        coalesce(dbt_summarised.has_dbt_manifest, false) as has_dbt_manifest,
        coalesce(dbt_summarised.has_dbt_run_results, false) as has_dbt_run_results,
        coalesce(dbt_summarised.has_dbt_freshness, false) as has_dbt_freshness,
        scans.scan_id in (select openlineage_events.scan_id from openlineage_events)
            or coalesce(sources_reported.is_openlineage_read, false) as has_openlineage,
        scans.scan_id in (select gx_expectations.scan_id from gx_expectations)
            or coalesce(sources_reported.is_gx_read, false) as has_gx,
        scans.scan_id in (select queries.scan_id from queries)
            or coalesce(sources_reported.is_query_log_read, false) as has_query_log,
        scans.scanned_at
    from scans
    left join sources_reported on scans.scan_id = sources_reported.scan_id
    left join warehouse_summarised on scans.scan_id = warehouse_summarised.scan_id
    left join dbt_summarised on scans.scan_id = dbt_summarised.scan_id
    left join access_model_read on scans.scan_id = access_model_read.scan_id
)

select * from final
{{ scan_scope() }}
