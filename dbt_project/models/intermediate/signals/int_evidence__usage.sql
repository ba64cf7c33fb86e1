-- Q3 / Q11 evidence items: each BI tool with its query count, the BI queries run most in
-- the window, the dbt exposures, the reporting schemas, the human analysts.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

queries as (
    select * from {{ ref('stg_query_logs__queries') }}
),

statements as (
    select * from {{ ref('stg_query_logs__statements') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

queries_scanned as (
    select
        queries.*,
        availability.scanned_at
    from queries
    inner join availability on queries.scan_id = availability.scan_id
    where queries.started_at <= availability.scanned_at or queries.started_at is null
),

excerpts as (
    select scan_id, query_hash, min(sql_excerpt) as sql_excerpt
    from statements
    group by all
),

bi_tools as (
    select
        scan_id,
        'bi_tools_seen' as signal,
        'bi_tool' as kind,
        bi_tool as ref,
        {{ detail_text(
            'bi_tools_seen.item', '{} queries by {} users, last at {}',
            ['count(*)', 'count(distinct user_name)', "coalesce(strftime(max(started_at), '%Y-%m-%d %H:%M'), '?')"]
        ) }} as described,
        row_number() over (partition by scan_id order by count(*) desc, bi_tool) as item_rank
    from queries_scanned
    where bi_tool is not null
    group by scan_id, bi_tool
),

bi_queries as (
    select
        queries_scanned.scan_id,
        'bi_queries_30d' as signal,
        'query' as kind,
        'query ' || queries_scanned.query_hash as ref,
        {{ detail_text(
            'bi_queries_30d.item', '{} runs by {}[: {}]',
            ['count(*)', "string_agg(distinct queries_scanned.bi_tool, ', ')", 'min(excerpts.sql_excerpt)[:120]']
        ) }} as described,
        row_number() over (
            partition by queries_scanned.scan_id order by count(*) desc, queries_scanned.query_hash
        ) as item_rank
    from queries_scanned
    left join excerpts
        on queries_scanned.scan_id = excerpts.scan_id
        and queries_scanned.query_hash = excerpts.query_hash
    where queries_scanned.bi_tool is not null
        and queries_scanned.started_at > queries_scanned.scanned_at - to_days({{ var('bi_query_window_days') }})
    group by queries_scanned.scan_id, queries_scanned.query_hash
),

exposures as (
    select
        scan_id,
        'dbt_exposures' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        {{ detail_text('dbt_exposures.item', 'exposure {}[ owned by {}]', ['node_name', 'owner']) }} as described,
        row_number() over (partition by scan_id order by unique_id) as item_rank
    from dbt_nodes
    where resource_type = 'exposure'
),

reporting_schemas as (
    select
        scan_id,
        'reporting_schemas' as signal,
        'schema' as kind,
        schema_name as ref,
        {{ detail_text(
            'reporting_schemas.item', '{} relations, {} rows', ['count(*)', 'coalesce(sum(row_count), 0)']
        ) }} as described,
        row_number() over (partition by scan_id order by count(*) desc, schema_name) as item_rank
    from tables_profiled
    where is_reporting_schema
    group by scan_id, schema_name
),

analysts as (
    select
        scan_id,
        'human_analysts_90d' as signal,
        'user' as kind,
        user_name as ref,
        {{ detail_text(
            'human_analysts_90d.item', '{} read queries, last at {}',
            ['count(*)', "strftime(max(started_at), '%Y-%m-%d %H:%M')"]
        ) }} as described,
        row_number() over (partition by scan_id order by count(*) desc, user_name) as item_rank
    from queries_scanned
    where actor_kind = 'human'
        and statement_kind = 'read'
        and user_name is not null
        and started_at > scanned_at - to_days({{ var('analyst_window_days') }})
    group by scan_id, user_name
),

unioned as (
    select * from bi_tools
    union all
    select * from bi_queries
    union all
    select * from exposures
    union all
    select * from reporting_schemas
    union all
    select * from analysts
),

final as (
    select scan_id, signal, kind, ref, {{ detail_columns('described') }}, item_rank
    from unioned
)

select * from final
