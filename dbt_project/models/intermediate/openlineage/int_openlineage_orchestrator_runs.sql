-- Completed OpenLineage runs whose producer URL or job namespace names an orchestrator or
-- ETL tool (seed orchestrator_producers).
with

openlineage_events as (
    select * from {{ ref('stg_openlineage__events') }}
),

completed_runs as (
    select
        *,
        lower(coalesce(producer, '') || ' ' || coalesce(job_namespace, '')) as producer_text
    from openlineage_events
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
    inner join (
        {{ pattern_matches('completed_runs', 'producer_text', ref('orchestrator_producers'), 'producer_regex', full_match=false) }}
    ) as orchestrator_producers
        on completed_runs.producer_text = orchestrator_producers.matched_value
    group by all
),

final as (
    select * from matched
)

select * from final
