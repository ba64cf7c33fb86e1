-- Data lab (Q8): is experimentation separated from production?
--   data_lab_schemas        distinct lab spaces: sandbox/scratch/dev schemas (schema_layers
--                           is_sandbox) or databases named like one, as `database.schema`;
--   data_lab_separate_roles roles holding grants on a lab space and no write privilege on
--                           modelled data (engines with an access model only): the lab's
--                           people can experiment without touching production.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

lab_spaces as (
    select * from {{ ref('int_warehouse_lab_spaces') }}
),

relations_classified as (
    select * from {{ ref('int_warehouse_relations_classified') }}
),

warehouse_grants as (
    select * from {{ ref('stg_warehouse__grants') }}
),

lab_spaces_counted as (
    select scan_id, count(*) as space_count, string_agg(lab_space, ', ' order by lab_space) as space_names
    from lab_spaces
    group by scan_id
),

modelled_schemas as (
    select distinct scan_id, schema_name
    from relations_classified
    where is_modelled
),

lab_schemas as (
    select distinct scan_id, schema_name
    from lab_spaces
),

roles_on_lab as (
    select distinct warehouse_grants.scan_id, warehouse_grants.grantee
    from warehouse_grants
    inner join lab_schemas
        on warehouse_grants.scan_id = lab_schemas.scan_id
        and warehouse_grants.schema_name = lab_schemas.schema_name
    where not warehouse_grants.is_public
),

roles_writing_production as (
    select distinct warehouse_grants.scan_id, warehouse_grants.grantee
    from warehouse_grants
    inner join modelled_schemas
        on warehouse_grants.scan_id = modelled_schemas.scan_id
        and warehouse_grants.schema_name = modelled_schemas.schema_name
    where warehouse_grants.privilege in (
        'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'CREATE', 'ALL', 'ALL PRIVILEGES', 'OWNERSHIP', 'MODIFY'
    )
),

lab_only_roles as (
    select roles_on_lab.scan_id, count(*) as role_count
    from roles_on_lab
    left join roles_writing_production
        on roles_on_lab.scan_id = roles_writing_production.scan_id
        and roles_on_lab.grantee = roles_writing_production.grantee
    where roles_writing_production.grantee is null
    group by roles_on_lab.scan_id
),

data_lab_schemas as (
    select
        availability.scan_id,
        'data_lab_schemas' as signal,
        case when availability.has_warehouse then coalesce(lab_spaces_counted.space_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when lab_spaces_counted.space_count is null then {{ detail_text(
                'data_lab_schemas.none', 'no sandbox, scratch or dev schema or database'
            ) }}
            else {{ detail_text(
                'data_lab_schemas.spaces', '{} lab spaces: {}',
                ['lab_spaces_counted.space_count', 'lab_spaces_counted.space_names']
            ) }}
        end as described
    from availability
    left join lab_spaces_counted on availability.scan_id = lab_spaces_counted.scan_id
),

data_lab_separate_roles as (
    select
        availability.scan_id,
        'data_lab_separate_roles' as signal,
        case when availability.has_access_model then coalesce(lab_only_roles.role_count, 0) end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when not availability.has_access_model then {{ detail_unavailable('access_model') }}
            else {{ detail_text(
                'data_lab_separate_roles.count', '{} roles hold grants on a lab space and cannot write modelled data',
                ['coalesce(lab_only_roles.role_count, 0)']
            ) }}
        end as described
    from availability
    left join lab_only_roles on availability.scan_id = lab_only_roles.scan_id
),

unioned as (
    select * from data_lab_schemas
    union all
    select * from data_lab_separate_roles
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
