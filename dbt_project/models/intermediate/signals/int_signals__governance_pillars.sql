-- Governance pillars of the governance seed, each a 0..1 signal under Q7 (null = the
-- evidence it needs was not read in this scan):
--   gov_contracts   share of mart-layer dbt models (what consumers read; all models when no
--                   model lands in a mart schema) with an enforced contract or an explicit
--                   access modifier other than dbt's default `protected`;
--   gov_kpis        1 when KPIs are defined as metrics or semantic models, 0.5 when only
--                   exposures declare what dashboards read, 0 when neither;
--   gov_catalog     description coverage of dbt models: the mean of the share of models with
--                   a description and the share of their columns with one (models alone when
--                   no column is declared);
--   gov_security    thirds for: more than one role holds grants, no PUBLIC grant on modelled
--                   data, row-level security policies exist (engines with an access model);
--   gov_compliance  share of relations holding personal-data columns that are tagged as such
--                   in dbt or guarded by a row-level policy (null when none holds any).
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

relations_classified as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

warehouse_grants as (
    select * from {{ ref('stg_warehouse__grants') }}
),

warehouse_policies as (
    select * from {{ ref('stg_warehouse__policies') }}
),

public_grants_on_modelled_objects as (
    select * from {{ ref('int_warehouse_public_grants_on_modelled') }}
),

personal_data as (
    select * from {{ ref('int_warehouse_personal_data') }}
),

models as (
    select
        dbt_nodes.scan_id,
        dbt_nodes.description is not null as has_description,
        dbt_nodes.column_count,
        dbt_nodes.documented_column_count,
        coalesce(dbt_nodes.access, 'protected') <> 'protected' or dbt_nodes.is_contract_enforced as is_governed,
        coalesce(relations_classified.layer = 'marts', false) as is_mart
    from dbt_nodes
    left join relations_classified
        on dbt_nodes.scan_id = relations_classified.scan_id
        and dbt_nodes.relation_fqn = relations_classified.table_fqn
    where dbt_nodes.resource_type = 'model'
),

models_summarised as (
    select
        scan_id,
        count(*) as model_count,
        count(*) filter (where is_mart) as mart_count,
        count(*) filter (where is_governed) as governed_count,
        count(*) filter (where is_governed and is_mart) as governed_mart_count,
        count(*) filter (where has_description) as described_count,
        sum(column_count) as column_count,
        sum(documented_column_count) as documented_column_count
    from models
    group by scan_id
),

kpi_nodes as (
    select
        scan_id,
        count(*) filter (where resource_type in ('metric', 'semantic_model', 'saved_query')) as kpi_definition_count,
        count(*) filter (where resource_type = 'exposure') as exposure_count
    from dbt_nodes
    group by scan_id
),

security_parts as (
    select
        availability.scan_id,
        (
            select count(distinct warehouse_grants.grantee)
            from warehouse_grants
            where warehouse_grants.scan_id = availability.scan_id and not warehouse_grants.is_public
        ) as role_count,
        (
            select count(*)
            from public_grants_on_modelled_objects
            where public_grants_on_modelled_objects.scan_id = availability.scan_id
        ) as public_grant_count,
        (
            select count(*)
            from warehouse_policies
            where warehouse_policies.scan_id = availability.scan_id
        ) as policy_count
    from availability
    where availability.has_access_model
),

personal_data_summarised as (
    select
        scan_id,
        count(*) as relation_count,
        count(*) filter (where is_protected) as protected_count
    from personal_data
    group by scan_id
),

gov_contracts as (
    select
        availability.scan_id,
        'gov_contracts' as signal,
        case
            when availability.has_dbt_manifest and models_summarised.mart_count > 0
                then {{ safe_share('models_summarised.governed_mart_count', 'models_summarised.mart_count') }}
            when availability.has_dbt_manifest
                then {{ safe_share('models_summarised.governed_count', 'models_summarised.model_count') }}
        end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            when coalesce(models_summarised.model_count, 0) = 0 then {{ detail_unavailable('dbt_models') }}
            when models_summarised.mart_count > 0 then {{ detail_text(
                'gov_contracts.marts', '{} of {} mart models have an enforced contract or an explicit access modifier',
                ['models_summarised.governed_mart_count', 'models_summarised.mart_count']
            ) }}
            else {{ detail_text(
                'gov_contracts.models', '{} of {} models have an enforced contract or an explicit access modifier',
                ['models_summarised.governed_count', 'models_summarised.model_count']
            ) }}
        end as described
    from availability
    left join models_summarised on availability.scan_id = models_summarised.scan_id
),

gov_kpis as (
    select
        availability.scan_id,
        'gov_kpis' as signal,
        case
            when not availability.has_dbt_manifest then null
            when coalesce(kpi_nodes.kpi_definition_count, 0) > 0 then 1.0
            when coalesce(kpi_nodes.exposure_count, 0) > 0 then 0.5
            else 0.0
        end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            else {{ detail_text(
                'gov_kpis.counts', '{} metrics, semantic models or saved queries; {} exposures',
                ['coalesce(kpi_nodes.kpi_definition_count, 0)', 'coalesce(kpi_nodes.exposure_count, 0)']
            ) }}
        end as described
    from availability
    left join kpi_nodes on availability.scan_id = kpi_nodes.scan_id
),

gov_catalog as (
    select
        availability.scan_id,
        'gov_catalog' as signal,
        case
            when availability.has_dbt_manifest and models_summarised.column_count > 0
                then (
                    {{ safe_share('models_summarised.described_count', 'models_summarised.model_count') }}
                    + {{ safe_share('models_summarised.documented_column_count', 'models_summarised.column_count') }}
                ) / 2
            when availability.has_dbt_manifest
                then {{ safe_share('models_summarised.described_count', 'models_summarised.model_count') }}
        end as value,
        case
            when not availability.has_dbt_manifest then {{ detail_unavailable('dbt_manifest') }}
            when coalesce(models_summarised.model_count, 0) = 0 then {{ detail_unavailable('dbt_models') }}
            else {{ detail_text(
                'gov_catalog.described', '{} of {} models and {} of {} columns have a description',
                [
                    'models_summarised.described_count', 'models_summarised.model_count',
                    'models_summarised.documented_column_count', 'models_summarised.column_count',
                ]
            ) }}
        end as described
    from availability
    left join models_summarised on availability.scan_id = models_summarised.scan_id
),

gov_security as (
    select
        availability.scan_id,
        'gov_security' as signal,
        case
            when availability.has_access_model then (
                (security_parts.role_count >= 2)::integer
                + (security_parts.public_grant_count = 0)::integer
                + (security_parts.policy_count > 0)::integer
            ) / 3.0
        end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when not availability.has_access_model then {{ detail_unavailable('access_model') }}
            else {{ detail_text(
                'gov_security.parts',
                '{} roles hold grants, {} PUBLIC grants on modelled data, {} row-level security policies',
                ['security_parts.role_count', 'security_parts.public_grant_count', 'security_parts.policy_count']
            ) }}
        end as described
    from availability
    left join security_parts on availability.scan_id = security_parts.scan_id
),

gov_compliance as (
    select
        availability.scan_id,
        'gov_compliance' as signal,
        case
            when availability.has_dbt_manifest or availability.has_access_model
                then {{ safe_share('personal_data_summarised.protected_count', 'personal_data_summarised.relation_count') }}
        end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when not (availability.has_dbt_manifest or availability.has_access_model) then {{ detail_text(
                'gov_compliance.unreadable', 'neither dbt tags nor row-level policies could be read in this scan'
            ) }}
            when coalesce(personal_data_summarised.relation_count, 0) = 0 then {{ detail_text(
                'gov_compliance.none', 'no column looks like personal data'
            ) }}
            else {{ detail_text(
                'gov_compliance.protected',
                '{} of {} relations holding personal-data columns are tagged in dbt or guarded by a policy',
                ['personal_data_summarised.protected_count', 'personal_data_summarised.relation_count']
            ) }}
        end as described
    from availability
    left join personal_data_summarised on availability.scan_id = personal_data_summarised.scan_id
),

unioned as (
    select * from gov_contracts
    union all
    select * from gov_kpis
    union all
    select * from gov_catalog
    union all
    select * from gov_security
    union all
    select * from gov_compliance
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
