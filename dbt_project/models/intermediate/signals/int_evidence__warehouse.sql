-- Q4 / Q5 / Q6 / Q8 evidence items: the warehouse crawled (or the crawl error), the layers
-- with example relations, failing checks on marts, marts by freshness, ML artefacts.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

scan_errors as (
    select * from {{ ref('stg_scans__errors') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

quality_checks as (
    select * from {{ ref('int_quality_checks_latest') }}
),

warehouse_crawled as (
    select
        scan_id,
        'warehouse_reachable' as signal,
        'warehouse' as kind,
        coalesce(engine, 'warehouse') || coalesce(' ' || database_names, '') as ref,
        {{ detail_text('warehouse_reachable.item', '{} relations crawled', ['warehouse_relation_count']) }}
            as described,
        1 as item_rank
    from availability
    where has_warehouse
    union all
    select
        scan_errors.scan_id,
        'warehouse_reachable' as signal,
        'scan_error' as kind,
        scan_errors.error_object as ref,
        {{ detail_text('warehouse_reachable.item_error', '{}', ['scan_errors.error_message']) }} as described,
        row_number() over (partition by scan_errors.scan_id order by scan_errors.error_object) as item_rank
    from scan_errors
    inner join availability on scan_errors.scan_id = availability.scan_id
    where availability.is_warehouse_failed and scan_errors.source_name = 'warehouse'
),

engine as (
    select
        scan_id,
        'warehouse_is_olap' as signal,
        'warehouse' as kind,
        engine as ref,
        {{ detail_text('warehouse_is_olap.item', 'engine of the crawled warehouse') }} as described,
        1 as item_rank
    from availability
    where has_warehouse and engine is not null
),

layers as (
    select
        scan_id,
        'modelling_layers' as signal,
        'layer' as kind,
        layer as ref,
        {{ detail_text(
            'modelling_layers.item', '{} relations, e.g. {}',
            ['count(*)', "array_to_string(list_slice(list(table_fqn order by table_fqn), 1, 3), ', ')"]
        ) }} as described,
        row_number() over (
            partition by scan_id
            order by list_position(['raw', 'staging', 'intermediate', 'marts'], layer)
        ) as item_rank
    from tables_profiled
    where layer in ('raw', 'staging', 'intermediate', 'marts')
    group by scan_id, layer
),

failing_mart_checks as (
    select
        quality_checks.scan_id,
        'mart_test_pass_rate' as signal,
        quality_checks.kind,
        quality_checks.ref,
        case
            when quality_checks.kind = 'gx_expectation' and quality_checks.observed_value is not null
                then {{ detail_text(
                    'mart_test_pass_rate.item_gx_observed', '{}[ on {}] on {} {}: observed {}[, {} unexpected rows]',
                    [
                        'quality_checks.check_name', 'quality_checks.check_column', 'quality_checks.table_fqn',
                        'quality_checks.check_status', 'quality_checks.observed_value',
                        'quality_checks.unexpected_count',
                    ]
                ) }}
            when quality_checks.kind = 'gx_expectation' then {{ detail_text(
                'mart_test_pass_rate.item_gx', '{}[ on {}] on {} {}[: {} unexpected rows]',
                [
                    'quality_checks.check_name', 'quality_checks.check_column', 'quality_checks.table_fqn',
                    'quality_checks.check_status', 'quality_checks.unexpected_count',
                ]
            ) }}
            else {{ detail_text(
                'mart_test_pass_rate.item', '{} on {} {}[: {}]',
                [
                    'quality_checks.check_label', 'quality_checks.table_fqn', 'quality_checks.check_status',
                    "nullif(trim(quality_checks.message), '')",
                ]
            ) }}
        end as described,
        row_number() over (
            partition by quality_checks.scan_id order by quality_checks.table_fqn, quality_checks.ref
        ) as item_rank
    from quality_checks
    inner join tables_profiled
        on quality_checks.scan_id = tables_profiled.scan_id
        and quality_checks.table_fqn = tables_profiled.table_fqn
    where tables_profiled.layer = 'marts' and not quality_checks.is_passed
),

marts_by_freshness as (
    select
        scan_id,
        'mart_days_since_refresh' as signal,
        'table' as kind,
        table_fqn as ref,
        {{ detail_text(
            'mart_days_since_refresh.item', 'updated {} days before the scan', [fmt_days('days_since_update')]
        ) }} as described,
        row_number() over (partition by scan_id order by days_since_update, table_fqn) as item_rank
    from tables_profiled
    where layer = 'marts' and days_since_update is not null
),

ml_artefacts as (
    select
        scan_id,
        signal,
        'table' as kind,
        table_fqn as ref,
        {{ detail_text(
            'ml_artefact.item', '{} artefact, {} rows[, first row {}]',
            [
                "coalesce(ml_artefact_kind, 'ml schema')", "coalesce(row_count::varchar, '?')",
                "strftime(min_timestamp_at, '%Y-%m-%d')",
            ]
        ) }} as described,
        row_number() over (
            partition by scan_id, signal order by min_timestamp_at nulls last, table_fqn
        ) as item_rank
    from tables_profiled
    cross join (values ('ml_artefact_tables'), ('ml_days_since_first_artefact')) as signals (signal)
    where is_ml_artefact
),

unioned as (
    select * from warehouse_crawled
    union all
    select * from engine
    union all
    select * from layers
    union all
    select * from failing_mart_checks
    union all
    select * from marts_by_freshness
    union all
    select * from ml_artefacts
),

final as (
    select scan_id, signal, kind, ref, {{ detail_columns('described') }}, item_rank
    from unioned
)

select * from final
