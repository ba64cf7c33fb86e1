-- Lab spaces of the warehouse, one row per (scan, database.schema): schemas the
-- schema_layers seed marks as sandbox (scratch, dev_*, playground...) or any schema of a
-- database whose own name reads like a sandbox. Experiments live here, away from production.
with

relations_classified as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

relations_named as (
    select
        *,
        lower(coalesce(database_name, '')) as database_key
    from relations_classified
),

sandbox_databases as (
    select distinct matched_value as database_key
    from (
        {{ pattern_matches('relations_named', 'database_key', ref('schema_layers'), 'schema_regex', patterns_where='is_sandbox') }}
    ) as sandbox_rules
),

relations_with_database_rule as (
    select
        relations_named.*,
        sandbox_databases.database_key is not null as is_sandbox_database
    from relations_named
    left join sandbox_databases
        on relations_named.database_key = sandbox_databases.database_key
),

final as (
    select
        scan_id,
        coalesce(lower(database_name) || '.', '') || schema_name as lab_space,
        schema_name,
        count(*) as relation_count,
        string_agg(table_name, ', ' order by table_name) as relation_names
    from relations_with_database_rule
    where is_sandbox or is_sandbox_database
    group by scan_id, lab_space, schema_name
)

select * from final
{{ scan_scope(reusable=true) }}
