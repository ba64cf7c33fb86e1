-- Q1 signals: lineage coverage of modelled tables, lineage producer activity, dbt source
-- declarations and stale sources. One row per scan and signal; null value = not measurable.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

producer_activity as (
    select * from {{ ref('int_lineage_producer_activity') }}
),

sources_freshness as (
    select * from {{ ref('int_dbt_sources_freshness_latest') }}
),

coverage as (
    select
        scan_id,
        count(*) filter (where is_modelled) as modelled_count,
        count(*) filter (where is_modelled and has_upstream) as covered_count,
        count(*) filter (where is_source) as source_count,
        count(*) filter (where is_source and is_declared_source) as declared_count
    from tables_profiled
    group by scan_id
),

newest_activity as (
    select
        scan_id,
        max(active_at) as active_at,
        arg_max(producer, (active_at, producer)) as producer
    from producer_activity
    group by scan_id
),

staleness as (
    select
        scan_id,
        count(*) as source_count,
        count(*) filter (where is_stale) as stale_count
    from sources_freshness
    group by scan_id
),

lineage_coverage as (
    select
        availability.scan_id,
        'lineage_coverage' as signal,
        case
            when availability.has_warehouse
                then {{ safe_share('coverage.covered_count', 'coverage.modelled_count') }}
        end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when coalesce(coverage.modelled_count, 0) = 0 then {{ detail_text(
                'lineage_coverage.no_modelled', 'no modelled (non-source) relations in the warehouse'
            ) }}
            else {{ detail_text(
                'lineage_coverage.covered',
                '{} of {} modelled tables and views have a known upstream (dbt, OpenLineage or parsed SQL)',
                ['coverage.covered_count', 'coverage.modelled_count']
            ) }}
        end as described
    from availability
    left join coverage on availability.scan_id = coverage.scan_id
),

lineage_days_since_activity as (
    select
        availability.scan_id,
        'lineage_days_since_activity' as signal,
        {{ days_before_scan('newest_activity.active_at', 'availability.scanned_at') }} as value,
        case
            when newest_activity.active_at is null then {{ detail_text(
                'lineage_days_since_activity.none',
                'no dbt artifacts, OpenLineage events or lineage-yielding writes in this scan'
            ) }}
            else {{ detail_text(
                'lineage_days_since_activity.newest', 'newest lineage producer activity: {} at {}',
                ['newest_activity.producer', "strftime(newest_activity.active_at, '%Y-%m-%d %H:%M')"]
            ) }}
        end as described
    from availability
    left join newest_activity on availability.scan_id = newest_activity.scan_id
),

source_declared_share as (
    select
        availability.scan_id,
        'source_declared_share' as signal,
        case
            when availability.has_warehouse and availability.has_dbt_manifest
                then {{ safe_share('coverage.declared_count', 'coverage.source_count') }}
        end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            when coalesce(coverage.source_count, 0) = 0 then {{ detail_text(
                'source_declared_share.no_raw', 'no raw-layer tables in the warehouse'
            ) }}
            else {{ detail_text(
                'source_declared_share.declared', '{} of {} raw-layer tables are declared as dbt sources',
                ['coverage.declared_count', 'coverage.source_count']
            ) }}
        end as described
    from availability
    left join coverage on availability.scan_id = coverage.scan_id
),

stale_sources as (
    select
        availability.scan_id,
        'stale_sources' as signal,
        case when availability.has_dbt_freshness then coalesce(staleness.stale_count, 0) end as value,
        case
            when not availability.has_dbt_freshness then {{ detail_text(
                'stale_sources.no_freshness', 'no dbt source freshness results (sources.json) in this scan'
            ) }}
            else {{ detail_text(
                'stale_sources.stale', '{} of {} dbt sources warned or errored on freshness',
                ['coalesce(staleness.stale_count, 0)', 'coalesce(staleness.source_count, 0)']
            ) }}
        end as described
    from availability
    left join staleness on availability.scan_id = staleness.scan_id
),

unioned as (
    select * from lineage_coverage
    union all
    select * from lineage_days_since_activity
    union all
    select * from source_declared_share
    union all
    select * from stale_sources
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
