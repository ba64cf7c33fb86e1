-- Evidence items of the governance-pillar, data-lab and MLOps signals: what a person opens
-- to check them, the gaps first (mart models without a contract, undocumented models,
-- unprotected personal data), then what exists (lab spaces, ML artefacts).
with

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

relations_classified as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

warehouse_policies as (
    select * from {{ ref('stg_warehouse__policies') }}
),

personal_data as (
    select * from {{ ref('int_warehouse_personal_data') }}
),

lab_spaces as (
    select * from {{ ref('int_warehouse_lab_spaces') }}
),

mlops_relations as (
    select * from {{ ref('int_warehouse_mlops_relations') }}
),

models as (
    select
        dbt_nodes.*,
        coalesce(relations_classified.layer = 'marts', false) as is_mart,
        coalesce(dbt_nodes.access, 'protected') <> 'protected' or dbt_nodes.is_contract_enforced as is_governed
    from dbt_nodes
    left join relations_classified
        on dbt_nodes.scan_id = relations_classified.scan_id
        and dbt_nodes.relation_fqn = relations_classified.table_fqn
    where dbt_nodes.resource_type = 'model'
),

mart_models_without_contract as (
    select
        scan_id,
        'gov_contracts' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        {{ detail_text(
            'gov_contracts.item', 'mart model {} has neither an enforced contract nor an explicit access modifier',
            ['node_name']
        ) }} as described,
        row_number() over (partition by scan_id order by relation_fqn nulls last, unique_id) as item_rank
    from models
    where is_mart and not is_governed
),

models_without_description as (
    select
        scan_id,
        'gov_catalog' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        case
            when description is null then {{ detail_text(
                'gov_catalog.item_undescribed', 'model {}: no description, {} of {} columns documented',
                ['node_name', 'documented_column_count', 'column_count']
            ) }}
            else {{ detail_text(
                'gov_catalog.item_described', 'model {}: described, {} of {} columns documented',
                ['node_name', 'documented_column_count', 'column_count']
            ) }}
        end as described,
        row_number() over (
            partition by scan_id
            order by description is not null, column_count - documented_column_count desc, unique_id
        ) as item_rank
    from models
    where description is null or documented_column_count < column_count
),

exposures as (
    select
        scan_id,
        'gov_kpis' as signal,
        'dbt_node' as kind,
        manifest_ref as ref,
        {{ detail_text('gov_kpis.item', '{} {}', ["replace(resource_type, '_', ' ')", 'node_name']) }} as described,
        row_number() over (partition by scan_id order by resource_type, unique_id) as item_rank
    from dbt_nodes
    where resource_type in ('metric', 'semantic_model', 'saved_query', 'exposure')
),

row_policies as (
    select
        scan_id,
        'gov_security' as signal,
        'policy' as kind,
        table_fqn || ' ' || policy_name as ref,
        {{ detail_text(
            'gov_security.item', 'row-level security policy {} on {} ({})',
            ['policy_name', 'table_fqn', 'policy_command']
        ) }} as described,
        row_number() over (partition by scan_id order by table_fqn, policy_name) as item_rank
    from warehouse_policies
),

personal_data_items as (
    select
        scan_id,
        'gov_compliance' as signal,
        'table' as kind,
        table_fqn as ref,
        case
            when is_protected then {{ detail_text(
                'gov_compliance.item_protected', 'personal data ({}) tagged in dbt or guarded by a policy',
                ['personal_columns']
            ) }}
            else {{ detail_text(
                'gov_compliance.item_unprotected', 'personal data ({}) neither tagged in dbt nor guarded by a policy',
                ['personal_columns']
            ) }}
        end as described,
        row_number() over (partition by scan_id order by is_protected, table_fqn) as item_rank
    from personal_data
),

lab_space_items as (
    select
        scan_id,
        'data_lab_schemas' as signal,
        'schema' as kind,
        lab_space as ref,
        {{ detail_text('data_lab_schemas.item', '{} relations: {}', ['relation_count', 'relation_names']) }}
            as described,
        row_number() over (partition by scan_id order by lab_space) as item_rank
    from lab_spaces
),

mlops_items as (
    select
        scan_id,
        case artefact_kind
            when 'prediction_table' then 'mlops_prediction_table'
            when 'training_dataset' then 'mlops_training_datasets'
            when 'monitoring' then 'mlops_monitoring_tables'
            when 'logs' then 'mlops_log_tables'
            when 'model_store' then 'mlops_model_stores'
        end as signal,
        'table' as kind,
        table_fqn as ref,
        case
            when artefact_kind = 'prediction_table' and roles_present is null then {{ detail_text(
                'mlops_prediction_table.item_unread', 'prediction table whose columns were not read'
            ) }}
            when artefact_kind = 'prediction_table' and len(roles_missing) = 0 then {{ detail_text(
                'mlops_prediction_table.item_complete', 'prediction table with all five roles: {}', ['role_columns']
            ) }}
            when artefact_kind = 'prediction_table' then {{ detail_text(
                'mlops_prediction_table.item', 'prediction table missing {}[; has {}]',
                ["array_to_string(roles_missing, ', ')", 'role_columns']
            ) }}
            when artefact_kind = 'training_dataset' then {{ detail_text(
                'mlops_training_datasets.item', 'training dataset'
            ) }}
            when artefact_kind = 'monitoring' then {{ detail_text('mlops_monitoring_tables.item', 'monitoring') }}
            when artefact_kind = 'logs' then {{ detail_text('mlops_log_tables.item', 'logs') }}
            when artefact_kind = 'model_store' then {{ detail_text('mlops_model_stores.item', 'model store') }}
        end as described,
        row_number() over (
            partition by scan_id, artefact_kind order by prediction_completeness desc nulls last, table_fqn
        ) as item_rank
    from mlops_relations
),

unioned as (
    select * from mart_models_without_contract
    union all
    select * from models_without_description
    union all
    select * from exposures
    union all
    select * from row_policies
    union all
    select * from personal_data_items
    union all
    select * from lab_space_items
    union all
    select * from mlops_items
),

final as (
    select scan_id, signal, kind, ref, {{ detail_columns('described') }}, item_rank
    from unioned
)

select * from final
