-- Q1 evidence items: modelled relations without upstream lineage (marts first, then by
-- size), the newest activity of each lineage producer, raw tables not declared as dbt
-- sources, stale dbt sources.
with

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

producer_activity as (
    select * from {{ ref('int_lineage_producer_activity') }}
),

sources_freshness as (
    select * from {{ ref('int_dbt_sources_freshness_latest') }}
),

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

layer_importance as (
    select * from (
        values ('marts', 1), ('ml', 2), ('intermediate', 3), ('staging', 4), ('other', 5), ('raw', 6)
    ) as layers (layer, importance)
),

tables_without_lineage as (
    select
        tables_profiled.scan_id,
        'lineage_coverage' as signal,
        'table' as kind,
        tables_profiled.table_fqn as ref,
        {{ detail_text(
            'lineage_coverage.item', '{} in layer {} ({} rows) has no upstream edge in dbt, OpenLineage or parsed SQL',
            ['tables_profiled.table_type', 'tables_profiled.layer', "coalesce(tables_profiled.row_count::varchar, '?')"]
        ) }} as described,
        row_number() over (
            partition by tables_profiled.scan_id
            order by layer_importance.importance, tables_profiled.row_count desc nulls last, tables_profiled.table_fqn
        ) as item_rank
    from tables_profiled
    left join layer_importance on tables_profiled.layer = layer_importance.layer
    where tables_profiled.is_modelled and not tables_profiled.has_upstream
),

newest_activity_per_producer as (
    select * from producer_activity
    qualify row_number() over (
        partition by scan_id, producer order by active_at desc, ref
    ) = 1
),

producer_activity_items as (
    select
        newest_activity_per_producer.scan_id,
        'lineage_days_since_activity' as signal,
        newest_activity_per_producer.kind,
        newest_activity_per_producer.ref,
        {%- set activity_days = fmt_days(
            days_before_scan('newest_activity_per_producer.active_at', 'availability.scanned_at')
        ) %}
        case newest_activity_per_producer.activity
            when 'dbt_artifact' then {{ detail_text(
                'lineage_days_since_activity.item_dbt_artifact', 'dbt {} of project {}, {} days before the scan',
                [
                    'newest_activity_per_producer.activity_name', 'newest_activity_per_producer.activity_subject',
                    activity_days,
                ]
            ) }}
            when 'dbt_execution' then {{ detail_text(
                'lineage_days_since_activity.item_dbt_execution', 'dbt {} of {}, {} days before the scan',
                [
                    'newest_activity_per_producer.activity_name', 'newest_activity_per_producer.activity_subject',
                    activity_days,
                ]
            ) }}
            when 'openlineage_event' then {{ detail_text(
                'lineage_days_since_activity.item_openlineage_event', '{} event of job {}, {} days before the scan',
                [
                    'newest_activity_per_producer.activity_name', 'newest_activity_per_producer.activity_subject',
                    activity_days,
                ]
            ) }}
            when 'query_log_write' then {{ detail_text(
                'lineage_days_since_activity.item_query_log_write', 'write query by {}, {} days before the scan',
                ['newest_activity_per_producer.activity_subject', activity_days]
            ) }}
        end as described,
        row_number() over (
            partition by newest_activity_per_producer.scan_id
            order by newest_activity_per_producer.active_at desc
        ) as item_rank
    from newest_activity_per_producer
    inner join availability on newest_activity_per_producer.scan_id = availability.scan_id
),

undeclared_sources as (
    select
        tables_profiled.scan_id,
        'source_declared_share' as signal,
        'table' as kind,
        tables_profiled.table_fqn as ref,
        {{ detail_text(
            'source_declared_share.item', 'raw-layer {} ({} rows) is not declared as a dbt source',
            ['tables_profiled.table_type', "coalesce(tables_profiled.row_count::varchar, '?')"]
        ) }} as described,
        row_number() over (
            partition by tables_profiled.scan_id
            order by tables_profiled.row_count desc nulls last, tables_profiled.table_fqn
        ) as item_rank
    from tables_profiled
    inner join availability on tables_profiled.scan_id = availability.scan_id
    where availability.has_dbt_manifest and tables_profiled.is_source and not tables_profiled.is_declared_source
),

stale_sources as (
    select
        sources_freshness.scan_id,
        'stale_sources' as signal,
        'dbt_source' as kind,
        sources_freshness.sources_ref as ref,
        {{ detail_text(
            'stale_sources.item', '{} freshness {}: newest row loaded at {} ({} days before the scan)',
            [
                'coalesce(sources_freshness.relation_fqn, sources_freshness.unique_id)',
                'sources_freshness.freshness_status',
                "coalesce(strftime(sources_freshness.max_loaded_at, '%Y-%m-%d %H:%M'), '?')",
                "coalesce("
                    ~ fmt_days(days_before_scan('sources_freshness.max_loaded_at', 'availability.scanned_at'))
                    ~ ", '?')",
            ]
        ) }} as described,
        row_number() over (
            partition by sources_freshness.scan_id
            order by sources_freshness.max_loaded_at nulls first, sources_freshness.unique_id
        ) as item_rank
    from sources_freshness
    inner join availability on sources_freshness.scan_id = availability.scan_id
    where sources_freshness.is_stale
),

unioned as (
    select * from tables_without_lineage
    union all
    select * from producer_activity_items
    union all
    select * from undeclared_sources
    union all
    select * from stale_sources
),

final as (
    select scan_id, signal, kind, ref, {{ detail_columns('described') }}, item_rank
    from unioned
)

select * from final
