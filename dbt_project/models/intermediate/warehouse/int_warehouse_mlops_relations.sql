-- MLOps artefacts of the warehouse, one row per (scan, relation) that plays a part:
--   * prediction tables (ML artefacts of kind prediction or score) with the five column
--     roles the industrialisation seed asks a prediction table to keep: when it predicted
--     (prediction_timestamp), which model (model_version), what it said (output), what was
--     done with it (decision) and about whom (entity_id). Each column takes its first
--     matching role (mlops_patterns priority), so `model_id` is a version, not an entity;
--   * stored training datasets, monitoring/drift tables, prediction logs and model stores
--     (table rules of mlops_patterns). Sandboxes are left out: an experiment's copy is not
--     an industrialised artefact.
with

relations_classified as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

warehouse_columns as (
    select * from {{ ref('stg_warehouse__columns') }}
),

relations_in_scope as (
    select scan_id, table_fqn, table_name, ml_artefact_kind
    from relations_classified
    where not is_sandbox
),

column_roles_matched as (
    select
        warehouse_columns.scan_id,
        warehouse_columns.table_fqn,
        warehouse_columns.column_name,
        mlops_patterns.pattern_kind as column_role,
        row_number() over (
            partition by warehouse_columns.scan_id, warehouse_columns.table_fqn, warehouse_columns.column_name
            order by mlops_patterns.priority
        ) as match_rank
    from warehouse_columns
    inner join relations_in_scope
        on warehouse_columns.scan_id = relations_in_scope.scan_id
        and warehouse_columns.table_fqn = relations_in_scope.table_fqn
    inner join (
        {{ pattern_matches('warehouse_columns', 'column_name', ref('mlops_patterns'), 'regex', patterns_where="applies_to = 'column'") }}
    ) as mlops_patterns
        on warehouse_columns.column_name = mlops_patterns.matched_value
    where relations_in_scope.ml_artefact_kind in ('prediction', 'score')
),

prediction_tables as (
    select
        scan_id,
        table_fqn,
        'prediction_table' as artefact_kind,
        count(distinct column_role) as roles_present,
        list_sort(list_distinct(list(column_role))) as roles_found,
        string_agg(column_role || '=' || column_name, ', ' order by column_role, column_name) as role_columns
    from column_roles_matched
    where match_rank = 1
    group by scan_id, table_fqn
),

tables_with_columns as (
    select distinct scan_id, table_fqn
    from warehouse_columns
),

prediction_tables_without_roles as (
    -- no column plays a role: 0 roles, or unknown (null) when no column was read at all
    select
        relations_in_scope.scan_id,
        relations_in_scope.table_fqn,
        'prediction_table' as artefact_kind,
        case when tables_with_columns.table_fqn is not null then 0 end as roles_present,
        []::varchar[] as roles_found,
        null::varchar as role_columns
    from relations_in_scope
    left join prediction_tables
        on relations_in_scope.scan_id = prediction_tables.scan_id
        and relations_in_scope.table_fqn = prediction_tables.table_fqn
    left join tables_with_columns
        on relations_in_scope.scan_id = tables_with_columns.scan_id
        and relations_in_scope.table_fqn = tables_with_columns.table_fqn
    where relations_in_scope.ml_artefact_kind in ('prediction', 'score')
        and prediction_tables.table_fqn is null
),

table_kinds_matched as (
    select
        relations_in_scope.scan_id,
        relations_in_scope.table_fqn,
        mlops_patterns.pattern_kind as artefact_kind,
        null::integer as roles_present,
        null::varchar[] as roles_found,
        null::varchar as role_columns
    from relations_in_scope
    inner join (
        {{ pattern_matches('relations_in_scope', 'table_name', ref('mlops_patterns'), 'regex', patterns_where="applies_to = 'table'") }}
    ) as mlops_patterns
        on relations_in_scope.table_name = mlops_patterns.matched_value
),

unioned as (
    select * from prediction_tables
    union all
    select * from prediction_tables_without_roles
    union all
    select * from table_kinds_matched
),

final as (
    select
        scan_id,
        table_fqn,
        artefact_kind,
        roles_present,
        {{ safe_share('roles_present', 5) }} as prediction_completeness,
        roles_found,
        case
            when artefact_kind = 'prediction_table' then list_filter(
                ['prediction_timestamp', 'model_version', 'output', 'decision', 'entity_id'],
                lambda role: not list_contains(roles_found, role)
            )
        end as roles_missing,
        role_columns
    from unioned
)

select * from final
{{ scan_scope(reusable=true) }}
