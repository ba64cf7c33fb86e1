-- Q2 evidence items: the dbt models, the newest successful execution, the newest completed
-- run of each orchestrator, tables with ingestion footprints, failing dbt tests.
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

models as (
    select
        scan_id,
        'dbt_models' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        {{ detail_text(
            'dbt_models.item', 'model {} ({}[, builds {}])',
            ['node_name', "coalesce(materialized, '?')", 'relation_fqn']
        ) }} as described,
        row_number() over (partition by scan_id order by relation_fqn nulls last, unique_id) as item_rank
    from dbt_nodes
    where resource_type = 'model'
),

newest_success as (
    select
        dbt_run_results.scan_id,
        'dbt_days_since_success' as signal,
        'dbt_node' as kind,
        dbt_run_results.run_results_ref as ref,
        {{ detail_text(
            'dbt_days_since_success.item', '{} {} at {} ({} days before the scan)',
            [
                'dbt_run_results.unique_id', 'dbt_run_results.execution_status',
                "strftime(dbt_run_results.executed_at, '%Y-%m-%d %H:%M')",
                fmt_days(days_before_scan('dbt_run_results.executed_at', 'availability.scanned_at')),
            ]
        ) }} as described,
        1 as item_rank
    from dbt_run_results
    inner join availability on dbt_run_results.scan_id = availability.scan_id
    where dbt_run_results.is_success and dbt_run_results.executed_at is not null
    qualify row_number() over (
        partition by dbt_run_results.scan_id
        order by dbt_run_results.executed_at desc, dbt_run_results.unique_id
    ) = 1
),

newest_run_per_orchestrator as (
    select * from orchestrator_runs
    qualify row_number() over (
        partition by scan_id, tool order by completed_at desc, run_id
    ) = 1
),

orchestrator_run_items as (
    select
        newest_run_per_orchestrator.scan_id,
        'orchestrator_days_since_run' as signal,
        'openlineage_run' as kind,
        'run ' || newest_run_per_orchestrator.run_id as ref,
        {{ detail_text(
            'orchestrator_days_since_run.item', '{} job {} completed at {} ({} days before the scan; producer {})',
            [
                'newest_run_per_orchestrator.tool',
                "coalesce(newest_run_per_orchestrator.job_namespace || '/', '')
                    || coalesce(newest_run_per_orchestrator.job_name, '?')",
                "strftime(newest_run_per_orchestrator.completed_at, '%Y-%m-%d %H:%M')",
                fmt_days(days_before_scan('newest_run_per_orchestrator.completed_at', 'availability.scanned_at')),
                "coalesce(newest_run_per_orchestrator.producer, '?')",
            ]
        ) }} as described,
        row_number() over (
            partition by newest_run_per_orchestrator.scan_id
            order by newest_run_per_orchestrator.completed_at desc
        ) as item_rank
    from newest_run_per_orchestrator
    inner join availability on newest_run_per_orchestrator.scan_id = availability.scan_id
),

footprint_tables as (
    select
        scan_id,
        'ingestion_footprints' as signal,
        'table' as kind,
        table_fqn as ref,
        {{ detail_text('ingestion_footprints.item', '{} footprint: {}', ['ingestion_tools', 'footprint_names']) }}
            as described,
        row_number() over (partition by scan_id order by table_fqn) as item_rank
    from tables_profiled
    where ingestion_tools is not null
),

failing_tests as (
    select
        scan_id,
        'dbt_test_pass_rate' as signal,
        'dbt_test' as kind,
        run_results_ref as ref,
        {{ detail_text(
            'dbt_test_pass_rate.item', '{} {}[: {}]',
            ['unique_id', 'execution_status', "nullif(trim(message), '')"]
        ) }} as described,
        row_number() over (
            partition by scan_id order by failures desc nulls last, unique_id
        ) as item_rank
    from tests_newest_run
    where not is_passed
),

unioned as (
    select * from models
    union all
    select * from newest_success
    union all
    select * from orchestrator_run_items
    union all
    select * from footprint_tables
    union all
    select * from failing_tests
),

final as (
    select scan_id, signal, kind, ref, {{ detail_columns('described') }}, item_rank
    from unioned
)

select * from final
