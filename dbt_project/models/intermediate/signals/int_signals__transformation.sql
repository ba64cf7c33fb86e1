-- Q2 signals: the dbt project (models, last success, test pass rate), orchestrated runs in
-- OpenLineage, ingestion-tool footprints in the warehouse.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

dbt_run_results as (
    select * from {{ ref('stg_dbt_artifacts__run_results') }}
),

tests_newest_run as (
    select * from {{ ref('int_dbt_tests_newest_run') }}
),

orchestrator_runs as (
    select * from {{ ref('int_openlineage_orchestrator_runs') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

models_counted as (
    select scan_id, count(*) as model_count
    from dbt_nodes
    where resource_type = 'model'
    group by scan_id
),

newest_successes as (
    select
        scan_id,
        max(executed_at) as succeeded_at,
        first(unique_id order by executed_at desc, unique_id) as unique_id
    from dbt_run_results
    where is_success and executed_at is not null
    group by scan_id
),

newest_orchestrator_runs as (
    select
        scan_id,
        max(completed_at) as completed_at,
        arg_max(
            {'tool': tool, 'job_name': coalesce(job_name, '?')},
            (completed_at, tool || ' job ' || coalesce(job_name, '?'))
        ) as newest_run
    from orchestrator_runs
    group by scan_id
),

footprints_counted as (
    select
        scan_id,
        count(*) as table_count,
        string_agg(distinct ingestion_tools, ', ' order by ingestion_tools) as tools
    from tables_profiled
    where ingestion_tools is not null
    group by scan_id
),

tests_counted as (
    select
        scan_id,
        count(*) filter (where is_passed is not null) as test_count,
        count(*) filter (where is_passed) as passed_count
    from tests_newest_run
    group by scan_id
),

dbt_models as (
    select
        availability.scan_id,
        'dbt_models' as signal,
        case when availability.has_dbt_manifest then coalesce(models_counted.model_count, 0) end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            else {{ detail_text(
                'dbt_models.count', '{} models in the dbt manifest', ['coalesce(models_counted.model_count, 0)']
            ) }}
        end as described
    from availability
    left join models_counted on availability.scan_id = models_counted.scan_id
),

dbt_days_since_success as (
    select
        availability.scan_id,
        'dbt_days_since_success' as signal,
        {{ days_before_scan('newest_successes.succeeded_at', 'availability.scanned_at') }} as value,
        case
            when not availability.has_dbt_run_results then {{ detail_unavailable('dbt_run_results') }}
            when newest_successes.succeeded_at is null then {{ detail_text(
                'dbt_days_since_success.none', 'no successful node execution in dbt run_results'
            ) }}
            else {{ detail_text(
                'dbt_days_since_success.newest', 'newest successful dbt execution: {} at {}',
                ['newest_successes.unique_id', "strftime(newest_successes.succeeded_at, '%Y-%m-%d %H:%M')"]
            ) }}
        end as described
    from availability
    left join newest_successes on availability.scan_id = newest_successes.scan_id
),

orchestrator_days_since_run as (
    select
        availability.scan_id,
        'orchestrator_days_since_run' as signal,
        {{ days_before_scan('newest_orchestrator_runs.completed_at', 'availability.scanned_at') }} as value,
        case
            when not availability.has_openlineage then {{ detail_unavailable('openlineage') }}
            when newest_orchestrator_runs.completed_at is null then {{ detail_text(
                'orchestrator_days_since_run.none', 'no COMPLETE OpenLineage run from an orchestrator or ETL producer'
            ) }}
            else {{ detail_text(
                'orchestrator_days_since_run.newest', 'newest completed orchestrated run: {} job {} at {}',
                [
                    'newest_orchestrator_runs.newest_run.tool', 'newest_orchestrator_runs.newest_run.job_name',
                    "strftime(newest_orchestrator_runs.completed_at, '%Y-%m-%d %H:%M')",
                ]
            ) }}
        end as described
    from availability
    left join newest_orchestrator_runs on availability.scan_id = newest_orchestrator_runs.scan_id
),

ingestion_footprints as (
    select
        availability.scan_id,
        'ingestion_footprints' as signal,
        case when availability.has_warehouse then coalesce(footprints_counted.table_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when footprints_counted.table_count is null then {{ detail_text(
                'ingestion_footprints.none', 'no table or column carries an ingestion-tool footprint'
            ) }}
            else {{ detail_text(
                'ingestion_footprints.count', '{} tables carry ingestion footprints in their name or columns ({})',
                ['footprints_counted.table_count', 'footprints_counted.tools']
            ) }}
        end as described
    from availability
    left join footprints_counted on availability.scan_id = footprints_counted.scan_id
),

dbt_test_pass_rate as (
    select
        availability.scan_id,
        'dbt_test_pass_rate' as signal,
        {{ safe_share('tests_counted.passed_count', 'tests_counted.test_count') }} as value,
        case
            when not availability.has_dbt_run_results then {{ detail_unavailable('dbt_run_results') }}
            when coalesce(tests_counted.test_count, 0) = 0 then {{ detail_text(
                'dbt_test_pass_rate.none', 'no dbt test results in the newest run'
            ) }}
            else {{ detail_text(
                'dbt_test_pass_rate.passed', '{} of {} dbt tests passed in the newest run',
                ['tests_counted.passed_count', 'tests_counted.test_count']
            ) }}
        end as described
    from availability
    left join tests_counted on availability.scan_id = tests_counted.scan_id
),

unioned as (
    select * from dbt_models
    union all
    select * from dbt_days_since_success
    union all
    select * from orchestrator_days_since_run
    union all
    select * from ingestion_footprints
    union all
    select * from dbt_test_pass_rate
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
