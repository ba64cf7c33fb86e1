-- Lab spaces of the warehouse, one row per (scan, database.schema): schemas the
-- schema_layers seed marks as sandbox (scratch, dev_*, playground...) or any schema of a
-- database whose own name reads like a sandbox. Experiments live here, away from production.
with

relations_classified as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

schema_layers as (
    select * from {{ ref('schema_layers') }}
),

relations_with_database_rule as (
    select
        relations_classified.*,
        exists (
            select 1
            from schema_layers
            where schema_layers.is_sandbox
                and regexp_full_match(lower(coalesce(relations_classified.database_name, '')), schema_layers.schema_regex)
        ) as is_sandbox_database
    from relations_classified
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
{{ scan_scope() }}
