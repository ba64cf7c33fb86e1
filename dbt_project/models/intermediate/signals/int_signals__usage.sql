-- Q3 and Q11 signals: BI tools and their query volume, dbt exposures, reporting schemas,
-- human analysts. Query windows end at the scan clock: (scanned_at - N days, scanned_at].
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

queries as (
    select * from {{ ref('stg_query_logs__queries') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

queries_windowed as (
    select
        queries.*,
        queries.started_at > availability.scanned_at - to_days({{ var('bi_query_window_days') }})
            and queries.started_at <= availability.scanned_at as is_in_bi_window,
        queries.started_at > availability.scanned_at - to_days({{ var('analyst_window_days') }})
            and queries.started_at <= availability.scanned_at as is_in_analyst_window,
        coalesce(queries.started_at <= availability.scanned_at, true) as is_before_scan
    from queries
    inner join availability on queries.scan_id = availability.scan_id
),

usage_counted as (
    select
        scan_id,
        count(distinct bi_tool) filter (where is_before_scan) as bi_tool_count,
        string_agg(distinct bi_tool, ', ' order by bi_tool) filter (where is_before_scan) as bi_tools,
        count(*) filter (where bi_tool is not null and is_in_bi_window) as bi_query_count,
        count(distinct user_name) filter (
            where actor_kind = 'human' and statement_kind = 'read' and is_in_analyst_window
        ) as analyst_count
    from queries_windowed
    group by scan_id
),

exposures_counted as (
    select scan_id, count(*) as exposure_count
    from dbt_nodes
    where resource_type = 'exposure'
    group by scan_id
),

reporting_schemas_counted as (
    select
        scan_id,
        count(distinct schema_name) as schema_count,
        string_agg(distinct schema_name, ', ' order by schema_name) as schema_names
    from tables_profiled
    where is_reporting_schema
    group by scan_id
),

bi_tools_seen as (
    select
        availability.scan_id,
        'bi_tools_seen' as signal,
        case when availability.has_query_log then coalesce(usage_counted.bi_tool_count, 0) end as value,
        case
            when not availability.has_query_log then {{ detail_unavailable('query_log') }}
            when coalesce(usage_counted.bi_tool_count, 0) = 0 then {{ detail_text(
                'bi_tools_seen.none', 'no BI tool seen in the query log'
            ) }}
            else {{ detail_text('bi_tools_seen.tools', 'BI tools in the query log: {}', ['usage_counted.bi_tools']) }}
        end as described
    from availability
    left join usage_counted on availability.scan_id = usage_counted.scan_id
),

bi_queries_30d as (
    select
        availability.scan_id,
        'bi_queries_30d' as signal,
        case when availability.has_query_log then coalesce(usage_counted.bi_query_count, 0) end as value,
        case
            when not availability.has_query_log then {{ detail_unavailable('query_log') }}
            else {{ detail_text(
                'bi_queries_30d.count', '{} queries from BI tools in the {} days before the scan',
                ['coalesce(usage_counted.bi_query_count, 0)', var('bi_query_window_days')]
            ) }}
        end as described
    from availability
    left join usage_counted on availability.scan_id = usage_counted.scan_id
),

dbt_exposures as (
    select
        availability.scan_id,
        'dbt_exposures' as signal,
        case when availability.has_dbt_manifest then coalesce(exposures_counted.exposure_count, 0) end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            else {{ detail_text(
                'dbt_exposures.count', '{} exposures declared in the dbt manifest',
                ['coalesce(exposures_counted.exposure_count, 0)']
            ) }}
        end as described
    from availability
    left join exposures_counted on availability.scan_id = exposures_counted.scan_id
),

reporting_schemas as (
    select
        availability.scan_id,
        'reporting_schemas' as signal,
        case when availability.has_warehouse then coalesce(reporting_schemas_counted.schema_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when reporting_schemas_counted.schema_count is null then {{ detail_text(
                'reporting_schemas.none', 'no marts/reporting schema in the warehouse'
            ) }}
            else {{ detail_text(
                'reporting_schemas.schemas', 'reporting schemas: {}', ['reporting_schemas_counted.schema_names']
            ) }}
        end as described
    from availability
    left join reporting_schemas_counted on availability.scan_id = reporting_schemas_counted.scan_id
),

human_analysts_90d as (
    select
        availability.scan_id,
        'human_analysts_90d' as signal,
        case when availability.has_query_log then coalesce(usage_counted.analyst_count, 0) end as value,
        case
            when not availability.has_query_log then {{ detail_unavailable('query_log') }}
            else {{ detail_text(
                'human_analysts_90d.count', '{} distinct human users ran read queries in the {} days before the scan',
                ['coalesce(usage_counted.analyst_count, 0)', var('analyst_window_days')]
            ) }}
        end as described
    from availability
    left join usage_counted on availability.scan_id = usage_counted.scan_id
),

unioned as (
    select * from bi_tools_seen
    union all
    select * from bi_queries_30d
    union all
    select * from dbt_exposures
    union all
    select * from reporting_schemas
    union all
    select * from human_analysts_90d
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
