-- Q7 evidence items: roles and what they hold, PUBLIC grants on modelled data, models
-- without owner, models with access modifiers or contracts, nodes with PII columns.
with

warehouse_grants as (
    select * from {{ ref('stg_warehouse__grants') }}
),

public_grants_on_modelled_objects as (
    select * from {{ ref('int_warehouse_public_grants_on_modelled') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

roles as (
    select
        scan_id,
        'roles_with_grants' as signal,
        'grant' as kind,
        grantee as ref,
        {{ detail_text(
            'roles_with_grants.item', '{} privileges ({}) on {} objects',
            ['count(*)', "string_agg(distinct privilege, ', ' order by privilege)", 'count(distinct object_ref)']
        ) }} as described,
        row_number() over (partition by scan_id order by count(*) desc, grantee) as item_rank
    from warehouse_grants
    where not is_public
    group by scan_id, grantee
),

public_grants as (
    select
        scan_id,
        'public_grants_on_modelled' as signal,
        'grant' as kind,
        object_ref as ref,
        {{ detail_text(
            'public_grants_on_modelled.item', '{} on {} {} granted to PUBLIC', ['privilege', 'object_type', 'object_ref']
        ) }} as described,
        row_number() over (partition by scan_id order by object_ref, privilege) as item_rank
    from public_grants_on_modelled_objects
),

models_without_owner as (
    select
        scan_id,
        'owner_coverage' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        {{ detail_text('owner_coverage.item', 'model {} has no meta.owner and no group', ['node_name']) }}
            as described,
        row_number() over (partition by scan_id order by relation_fqn nulls last, unique_id) as item_rank
    from dbt_nodes
    where resource_type = 'model' and owner is null and group_name is null
),

models_with_access_or_contract as (
    select
        scan_id,
        'access_or_contracts' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        case
            when is_contract_enforced then {{ detail_text(
                'access_or_contracts.item_contract', 'model {}: access {}, contract enforced',
                ['node_name', "coalesce(access, 'protected')"]
            ) }}
            else {{ detail_text(
                'access_or_contracts.item', 'model {}: access {}', ['node_name', "coalesce(access, 'protected')"]
            ) }}
        end as described,
        row_number() over (partition by scan_id order by unique_id) as item_rank
    from dbt_nodes
    where resource_type = 'model' and (coalesce(access, 'protected') <> 'protected' or is_contract_enforced)
),

nodes_with_pii as (
    select
        scan_id,
        'pii_tagged_columns' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        {{ detail_text(
            'pii_tagged_columns.item', '{} {}: {} PII columns', ['resource_type', 'node_name', 'pii_column_count']
        ) }} as described,
        row_number() over (partition by scan_id order by pii_column_count desc, unique_id) as item_rank
    from dbt_nodes
    where pii_column_count > 0
),

unioned as (
    select * from roles
    union all
    select * from public_grants
    union all
    select * from models_without_owner
    union all
    select * from models_with_access_or_contract
    union all
    select * from nodes_with_pii
),

final as (
    select scan_id, signal, kind, ref, {{ detail_columns('described') }}, item_rank
    from unioned
)

select * from final
