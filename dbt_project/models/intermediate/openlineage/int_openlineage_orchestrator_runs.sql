-- Completed OpenLineage runs whose producer URL or job namespace names an orchestrator or
-- ETL tool (seed orchestrator_producers).
with

openlineage_events as (
    select * from {{ ref('stg_openlineage__events') }}
),

orchestrator_producers as (
    select * from {{ ref('orchestrator_producers') }}
),

completed_runs as (
    select * from openlineage_events
    where event_type = 'COMPLETE'
),

matched as (
    select
        completed_runs.scan_id,
        completed_runs.run_id,
        completed_runs.job_namespace,
        completed_runs.job_name,
        completed_runs.producer,
        min(orchestrator_producers.tool) as tool,
        max(completed_runs.event_at) as completed_at
    from completed_runs
    inner join orchestrator_producers
        on regexp_matches(
            lower(coalesce(completed_runs.producer, '') || ' ' || coalesce(completed_runs.job_namespace, '')),
            orchestrator_producers.producer_regex
        )
    group by all
),

final as (
    select * from matched
)

select * from final
