-- Q7 signals: who holds grants, PUBLIC grants on modelled data, dbt ownership, access
-- modifiers and contracts, PII tags. Grants are only measurable on engines with an access
-- model (roles or grants were read); dbt signals need a manifest.
--   access_or_contracts counts models whose access differs from dbt's default (`protected`,
--   which every manifest reports) or whose contract is enforced.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

warehouse_grants as (
    select * from {{ ref('stg_warehouse__grants') }}
),

public_grants_on_modelled_objects as (
    select * from {{ ref('int_warehouse_public_grants_on_modelled') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

grants_counted as (
    select
        scan_id,
        count(distinct grantee) filter (where not is_public) as role_count
    from warehouse_grants
    group by scan_id
),

public_grants_counted as (
    select scan_id, count(*) as grant_count
    from public_grants_on_modelled_objects
    group by scan_id
),

models_governed as (
    select
        scan_id,
        count(*) filter (where resource_type = 'model') as model_count,
        count(*) filter (
            where resource_type = 'model' and (owner is not null or group_name is not null)
        ) as owned_count,
        count(*) filter (
            where resource_type = 'model' and (coalesce(access, 'protected') <> 'protected' or is_contract_enforced)
        ) as access_or_contract_count,
        coalesce(sum(pii_column_count), 0) as pii_column_count
    from dbt_nodes
    group by scan_id
),

roles_with_grants as (
    select
        availability.scan_id,
        'roles_with_grants' as signal,
        case when availability.has_access_model then coalesce(grants_counted.role_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when not availability.has_access_model then {{ detail_unavailable('access_model') }}
            else {{ detail_text(
                'roles_with_grants.count', '{} roles other than PUBLIC hold grants',
                ['coalesce(grants_counted.role_count, 0)']
            ) }}
        end as described
    from availability
    left join grants_counted on availability.scan_id = grants_counted.scan_id
),

public_grants_on_modelled as (
    select
        availability.scan_id,
        'public_grants_on_modelled' as signal,
        case when availability.has_access_model then coalesce(public_grants_counted.grant_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when not availability.has_access_model then {{ detail_unavailable('access_model') }}
            else {{ detail_text(
                'public_grants_on_modelled.count', '{} privileges granted to PUBLIC on modelled schemas or relations',
                ['coalesce(public_grants_counted.grant_count, 0)']
            ) }}
        end as described
    from availability
    left join public_grants_counted on availability.scan_id = public_grants_counted.scan_id
),

owner_coverage as (
    select
        availability.scan_id,
        'owner_coverage' as signal,
        case
            when availability.has_dbt_manifest
                then {{ safe_share('models_governed.owned_count', 'models_governed.model_count') }}
        end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            when coalesce(models_governed.model_count, 0) = 0 then {{ detail_unavailable('dbt_models') }}
            else {{ detail_text(
                'owner_coverage.owned', '{} of {} dbt models have an owner (meta.owner or group)',
                ['models_governed.owned_count', 'models_governed.model_count']
            ) }}
        end as described
    from availability
    left join models_governed on availability.scan_id = models_governed.scan_id
),

access_or_contracts as (
    select
        availability.scan_id,
        'access_or_contracts' as signal,
        case when availability.has_dbt_manifest then coalesce(models_governed.access_or_contract_count, 0) end
            as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            else {{ detail_text(
                'access_or_contracts.count', '{} dbt models with an explicit access modifier or an enforced contract',
                ['coalesce(models_governed.access_or_contract_count, 0)']
            ) }}
        end as described
    from availability
    left join models_governed on availability.scan_id = models_governed.scan_id
),

pii_tagged_columns as (
    select
        availability.scan_id,
        'pii_tagged_columns' as signal,
        case when availability.has_dbt_manifest then coalesce(models_governed.pii_column_count, 0) end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            else {{ detail_text(
                'pii_tagged_columns.count', '{} columns tagged or marked as personal data in dbt',
                ['coalesce(models_governed.pii_column_count, 0)']
            ) }}
        end as described
    from availability
    left join models_governed on availability.scan_id = models_governed.scan_id
),

unioned as (
    select * from roles_with_grants
    union all
    select * from public_grants_on_modelled
    union all
    select * from owner_coverage
    union all
    select * from access_or_contracts
    union all
    select * from pii_tagged_columns
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
