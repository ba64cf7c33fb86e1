-- When each lineage producer was seen at work: dbt artifacts generated (manifest,
-- run_results), OpenLineage events, and query-log writes whose SQL yielded lineage.
-- description says what was seen in English; activity names its kind (dbt_artifact,
-- dbt_execution, openlineage_event, query_log_write) and activity_name / activity_subject
-- its parts (artifact / project, command / node, event / job, - / user), for detail texts.
with

dbt_invocations as (
    select * from {{ ref('stg_dbt_artifacts__invocations') }}
),

dbt_run_results as (
    select * from {{ ref('stg_dbt_artifacts__run_results') }}
),

openlineage_events as (
    select * from {{ ref('stg_openlineage__events') }}
),

queries as (
    select * from {{ ref('stg_query_logs__queries') }}
),

sql_table_lineage as (
    select * from {{ ref('stg_query_logs__table_lineage') }}
),

dbt_activity as (
    select
        scan_id,
        'dbt' as producer,
        'dbt_node' as kind,
        coalesce(artifact_file, artifact_kind) || ' generated_at' as ref,
        'dbt ' || artifact_kind || ' of project ' || coalesce(project_name, '?') as description,
        generated_at as active_at,
        'dbt_artifact' as activity,
        artifact_kind as activity_name,
        coalesce(project_name, '?') as activity_subject
    from dbt_invocations
    where artifact_kind in ('manifest', 'run_results') and generated_at is not null
    union all
    select
        scan_id,
        'dbt' as producer,
        'dbt_node' as kind,
        run_results_ref as ref,
        'dbt ' || coalesce(command, 'run') || ' of ' || unique_id as description,
        executed_at as active_at,
        'dbt_execution' as activity,
        coalesce(command, 'run') as activity_name,
        unique_id as activity_subject
    from dbt_run_results
    where executed_at is not null
),

openlineage_activity as (
    select
        scan_id,
        'openlineage' as producer,
        'openlineage_run' as kind,
        'run ' || run_id as ref,
        event_type || ' event of job ' || coalesce(job_namespace || '/', '') || coalesce(job_name, '?')
            as description,
        event_at as active_at,
        'openlineage_event' as activity,
        event_type as activity_name,
        coalesce(job_namespace || '/', '') || coalesce(job_name, '?') as activity_subject
    from openlineage_events
    where event_at is not null
),

lineage_queries as (
    select distinct scan_id, query_hash
    from sql_table_lineage
    where origin = 'query_log'
),

query_log_activity as (
    select
        queries.scan_id,
        'query_log' as producer,
        'query' as kind,
        'query ' || queries.query_hash as ref,
        'write query by ' || coalesce(queries.user_name, '?') as description,
        queries.started_at as active_at,
        'query_log_write' as activity,
        null::varchar as activity_name,
        coalesce(queries.user_name, '?') as activity_subject
    from queries
    inner join lineage_queries
        on queries.scan_id = lineage_queries.scan_id
        and queries.query_hash = lineage_queries.query_hash
    where queries.started_at is not null
),

final as (
    select * from dbt_activity
    union all
    select * from openlineage_activity
    union all
    select * from query_log_activity
)

select * from final
{{ scan_scope(reusable=true) }}
