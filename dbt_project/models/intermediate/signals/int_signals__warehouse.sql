-- Q4, Q5 context, Q6/Q8 signals: the warehouse itself (reachable, engine kind, modelling
-- layers), quality and freshness of its marts, its ML artefacts.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

quality_checks as (
    select * from {{ ref('int_quality_checks_latest') }}
),

warehouse_engines as (
    select * from {{ ref('warehouse_engines') }}
),

layers_present as (
    select
        scan_id,
        count(distinct layer) as layer_count,
        string_agg(distinct layer, ', ' order by layer) as layer_names
    from tables_profiled
    where layer in ('raw', 'staging', 'intermediate', 'marts')
    group by scan_id
),

mart_checks as (
    select
        quality_checks.scan_id,
        count(*) filter (where quality_checks.is_passed is not null) as checked_count,
        count(*) filter (where quality_checks.is_passed) as passed_count
    from quality_checks
    inner join tables_profiled
        on quality_checks.scan_id = tables_profiled.scan_id
        and quality_checks.table_fqn = tables_profiled.table_fqn
    where tables_profiled.layer = 'marts'
    group by quality_checks.scan_id
),

marts_refreshed as (
    select
        scan_id,
        count(*) as mart_count,
        min(days_since_update) as days_since_refresh,
        arg_min(table_fqn, (days_since_update, table_fqn)) as freshest_table
    from tables_profiled
    where layer = 'marts'
    group by scan_id
),

ml_artefacts as (
    select
        scan_id,
        count(*) as artefact_count,
        max({{ days_before_scan('min_timestamp_at') }}) as days_since_first_row,
        arg_max(table_fqn, ({{ days_before_scan('min_timestamp_at') }}, table_fqn)) as oldest_table
    from tables_profiled
    where is_ml_artefact
    group by scan_id
),

warehouse_reachable as (
    select
        scan_id,
        'warehouse_reachable' as signal,
        case when has_warehouse then 1 when is_warehouse_failed then 0 end as value,
        case
            when has_warehouse and engine is null then {{ detail_text(
                'warehouse_reachable.crawled_unknown_engine', 'the warehouse crawled: {} relations[ in {}]',
                ['warehouse_relation_count', 'database_names']
            ) }}
            when has_warehouse then {{ detail_text(
                'warehouse_reachable.crawled', '{} warehouse crawled: {} relations[ in {}]',
                ['engine', 'warehouse_relation_count', 'database_names']
            ) }}
            when is_warehouse_failed then {{ detail_text(
                'warehouse_reachable.failed', 'the warehouse crawl failed (see the scan errors)'
            ) }}
            else {{ detail_text('warehouse_reachable.not_configured', 'no warehouse configured for this scan') }}
        end as described
    from availability
),

warehouse_is_olap as (
    select
        availability.scan_id,
        'warehouse_is_olap' as signal,
        case when availability.has_warehouse then warehouse_engines.is_olap::int end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when warehouse_engines.engine is null then {{ detail_text(
                'warehouse_is_olap.unknown', 'unknown engine kind: {}', ["coalesce(availability.engine, '?')"]
            ) }}
            when warehouse_engines.is_olap then {{ detail_text(
                'warehouse_is_olap.olap', '{} is an analytical (OLAP) engine', ['availability.engine']
            ) }}
            else {{ detail_text('warehouse_is_olap.oltp', '{} is a transactional (OLTP) engine', ['availability.engine']) }}
        end as described
    from availability
    left join warehouse_engines on availability.engine = warehouse_engines.engine
),

modelling_layers as (
    select
        availability.scan_id,
        'modelling_layers' as signal,
        case when availability.has_warehouse then coalesce(layers_present.layer_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when layers_present.layer_count is null then {{ detail_text(
                'modelling_layers.none', 'no raw, staging, intermediate or marts layer recognised'
            ) }}
            else {{ detail_text('modelling_layers.layers', 'layers present: {}', ['layers_present.layer_names']) }}
        end as described
    from availability
    left join layers_present on availability.scan_id = layers_present.scan_id
),

mart_test_pass_rate as (
    select
        availability.scan_id,
        'mart_test_pass_rate' as signal,
        {{ safe_share('mart_checks.passed_count', 'mart_checks.checked_count') }} as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when coalesce(mart_checks.checked_count, 0) = 0 then {{ detail_text(
                'mart_test_pass_rate.none', 'no dbt test or GX result on a marts table'
            ) }}
            else {{ detail_text(
                'mart_test_pass_rate.passed', '{} of {} dbt tests and GX expectations on marts passed',
                ['mart_checks.passed_count', 'mart_checks.checked_count']
            ) }}
        end as described
    from availability
    left join mart_checks on availability.scan_id = mart_checks.scan_id
),

mart_days_since_refresh as (
    select
        availability.scan_id,
        'mart_days_since_refresh' as signal,
        marts_refreshed.days_since_refresh as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when marts_refreshed.mart_count is null then {{ detail_text(
                'mart_days_since_refresh.no_marts', 'no marts table in the warehouse'
            ) }}
            when marts_refreshed.days_since_refresh is null then {{ detail_text(
                'mart_days_since_refresh.undated', 'no modification or data timestamp on any marts table'
            ) }}
            else {{ detail_text(
                'mart_days_since_refresh.freshest', 'freshest marts table: {}, updated {} days before the scan',
                ['marts_refreshed.freshest_table', fmt_days('marts_refreshed.days_since_refresh')]
            ) }}
        end as described
    from availability
    left join marts_refreshed on availability.scan_id = marts_refreshed.scan_id
),

ml_artefact_tables as (
    select
        availability.scan_id,
        'ml_artefact_tables' as signal,
        case when availability.has_warehouse then coalesce(ml_artefacts.artefact_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            else {{ detail_text(
                'ml_artefact_tables.count', '{} prediction, feature, training or score tables',
                ['coalesce(ml_artefacts.artefact_count, 0)']
            ) }}
        end as described
    from availability
    left join ml_artefacts on availability.scan_id = ml_artefacts.scan_id
),

ml_days_since_first_artefact as (
    select
        availability.scan_id,
        'ml_days_since_first_artefact' as signal,
        ml_artefacts.days_since_first_row as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when ml_artefacts.artefact_count is null then {{ detail_text(
                'ml_days_since_first_artefact.none', 'no ML artefact table in the warehouse'
            ) }}
            when ml_artefacts.days_since_first_row is null then {{ detail_text(
                'ml_days_since_first_artefact.undated', 'no dated rows in the ML artefact tables'
            ) }}
            else {{ detail_text(
                'ml_days_since_first_artefact.oldest', 'oldest ML artefact: {}, first row {} days before the scan',
                ['ml_artefacts.oldest_table', fmt_days('ml_artefacts.days_since_first_row')]
            ) }}
        end as described
    from availability
    left join ml_artefacts on availability.scan_id = ml_artefacts.scan_id
),

unioned as (
    select * from warehouse_reachable
    union all
    select * from warehouse_is_olap
    union all
    select * from modelling_layers
    union all
    select * from mart_test_pass_rate
    union all
    select * from mart_days_since_refresh
    union all
    select * from ml_artefact_tables
    union all
    select * from ml_days_since_first_artefact
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
