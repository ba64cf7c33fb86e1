-- Relations holding personal data (GDPR), judged by column names (personal_data_columns),
-- and whether each is protected: a dbt node on it tags or marks personal-data columns
-- (pii_column_count > 0, models and sources alike), or a row-level security policy guards
-- it. Sandboxes count too: a copy of customer e-mails in a scratch schema is still personal
-- data.
with

warehouse_columns as (
    select * from {{ ref('stg_warehouse__columns') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

warehouse_policies as (
    select * from {{ ref('stg_warehouse__policies') }}
),

columns_matched as (
    select distinct
        warehouse_columns.scan_id,
        warehouse_columns.table_fqn,
        warehouse_columns.column_name
    from warehouse_columns
    inner join (
        {{ pattern_matches('warehouse_columns', 'column_name', ref('personal_data_columns'), 'column_regex') }}
    ) as personal_data_columns
        on warehouse_columns.column_name = personal_data_columns.matched_value
),

relations_with_personal_data as (
    select
        scan_id,
        table_fqn,
        count(*) as personal_column_count,
        string_agg(column_name, ', ' order by column_name) as personal_columns
    from columns_matched
    group by scan_id, table_fqn
),

tagged_in_dbt as (
    select
        scan_id,
        relation_fqn as table_fqn,
        min(manifest_ref) as manifest_ref
    from dbt_nodes
    where pii_column_count > 0 and relation_fqn is not null
    group by scan_id, relation_fqn
),

guarded_by_policy as (
    select scan_id, table_fqn, string_agg(policy_name, ', ' order by policy_name) as policy_names
    from warehouse_policies
    group by scan_id, table_fqn
),

final as (
    select
        relations_with_personal_data.scan_id,
        relations_with_personal_data.table_fqn,
        relations_with_personal_data.personal_column_count,
        relations_with_personal_data.personal_columns,
        tagged_in_dbt.table_fqn is not null as is_tagged_in_dbt,
        guarded_by_policy.table_fqn is not null as has_row_policy,
        tagged_in_dbt.table_fqn is not null or guarded_by_policy.table_fqn is not null as is_protected,
        tagged_in_dbt.manifest_ref,
        guarded_by_policy.policy_names
    from relations_with_personal_data
    left join tagged_in_dbt
        on relations_with_personal_data.scan_id = tagged_in_dbt.scan_id
        and relations_with_personal_data.table_fqn = tagged_in_dbt.table_fqn
    left join guarded_by_policy
        on relations_with_personal_data.scan_id = guarded_by_policy.scan_id
        and relations_with_personal_data.table_fqn = guarded_by_policy.table_fqn
)

select * from final
{{ scan_scope(reusable=true) }}
