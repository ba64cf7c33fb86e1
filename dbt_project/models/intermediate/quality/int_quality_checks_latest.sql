-- One row per data-quality check a scan knows of, with its latest outcome:
--   dbt tests of the manifest (on the relation of the node they test) and their latest run
--   result in the scan; GX expectations (per table, expectation, column and arguments), latest
--   run, a bare table name resolved when it is unambiguous. is_passed: true for pass/success,
--   false for fail/error/warn (a warn test did find offending rows), null when the check has
--   no result (never run, skipped). GX checks also keep their column, observed value and
--   unexpected-row count (null for dbt tests): the parts of their label and message.
with

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

dbt_run_results as (
    select * from {{ ref('stg_dbt_artifacts__run_results') }}
),

gx_expectations as (
    select * from {{ ref('stg_gx_results__expectations') }}
),

unambiguous_bare_names as (
    select * from {{ ref('int_warehouse_bare_names_resolved') }}
),

test_nodes as (
    select * from dbt_nodes where resource_type = 'test'
),

latest_test_results as (
    select * from dbt_run_results
    where is_test
    qualify row_number() over (
        partition by scan_id, unique_id order by executed_at desc nulls last
    ) = 1
),

dbt_checks as (
    select
        test_nodes.scan_id,
        tested_nodes.relation_fqn as table_fqn,
        'dbt_test' as kind,
        coalesce(latest_test_results.run_results_ref, test_nodes.manifest_ref) as ref,
        coalesce(test_nodes.test_name, test_nodes.node_name) as check_name,
        test_nodes.node_name as check_label,
        latest_test_results.execution_status as check_status,
        latest_test_results.message,
        case
            when latest_test_results.execution_status in ('pass', 'success') then true
            when latest_test_results.execution_status in ('fail', 'error', 'warn', 'runtime error')
                then false
        end as is_passed,
        latest_test_results.executed_at as checked_at,
        null::varchar as check_column,
        null::varchar as observed_value,
        null::bigint as unexpected_count
    from test_nodes
    left join dbt_nodes as tested_nodes
        on test_nodes.scan_id = tested_nodes.scan_id
        and test_nodes.tested_node_id = tested_nodes.unique_id
    left join latest_test_results
        on test_nodes.scan_id = latest_test_results.scan_id
        and test_nodes.unique_id = latest_test_results.unique_id
),

gx_expectations_resolved as (
    select
        gx_expectations.* replace (
            coalesce(unambiguous_bare_names.table_fqn, gx_expectations.table_fqn) as table_fqn
        )
    from gx_expectations
    left join unambiguous_bare_names
        on gx_expectations.scan_id = unambiguous_bare_names.scan_id
        and gx_expectations.table_fqn = unambiguous_bare_names.table_name
        and gx_expectations.table_fqn not like '%.%'
),

latest_gx_results as (
    select * from gx_expectations_resolved
    qualify row_number() over (
        partition by scan_id, table_fqn, expectation_type, column_name, kwargs_json
        order by run_at desc nulls last, validation_id desc
    ) = 1
),

gx_checks as (
    select
        scan_id,
        table_fqn,
        'gx_expectation' as kind,
        result_ref as ref,
        expectation_type as check_name,
        expectation_type || coalesce(' on ' || column_name, '') as check_label,
        case when is_success then 'pass' when not is_success then 'fail' end as check_status,
        case
            when not is_success
                then concat_ws(
                    ', ',
                    'observed ' || observed_value,
                    unexpected_count::varchar || ' unexpected rows'
                )
        end as message,
        is_success as is_passed,
        run_at as checked_at,
        column_name as check_column,
        observed_value::varchar as observed_value,
        unexpected_count::bigint as unexpected_count
    from latest_gx_results
),

final as (
    select * from dbt_checks
    union all
    select * from gx_checks
)

select * from final
{{ scan_scope(reusable=true) }}
