-- Test results of the newest dbt invocation of each scan that ran tests (the "newest run"
-- of the dbt_test_pass_rate signal). Skipped tests carry no outcome (is_passed null);
-- warn counts as not passed: the test found offending rows.
with

dbt_run_results as (
    select * from {{ ref('stg_dbt_artifacts__run_results') }}
),

test_results as (
    select * from dbt_run_results
    where is_test and unique_id like 'test.%'
),

invocations_timed as (
    select
        scan_id,
        invocation_id,
        max(coalesce(generated_at, executed_at)) as generated_at
    from test_results
    group by scan_id, invocation_id
),

newest_invocations as (
    select * from invocations_timed
    qualify row_number() over (
        partition by scan_id order by generated_at desc nulls last, invocation_id
    ) = 1
),

final as (
    select
        test_results.scan_id,
        test_results.invocation_id,
        test_results.unique_id,
        test_results.execution_status,
        test_results.message,
        test_results.failures,
        test_results.run_results_ref,
        case
            when test_results.execution_status in ('pass', 'success') then true
            when test_results.execution_status in ('fail', 'error', 'warn', 'runtime error') then false
        end as is_passed,
        test_results.executed_at
    from test_results
    inner join newest_invocations
        on test_results.scan_id = newest_invocations.scan_id
        and test_results.invocation_id is not distinct from newest_invocations.invocation_id
)

select * from final
