-- Privileges granted to PUBLIC on modelled data: on a schema that holds a modelled relation,
-- or on a modelled relation itself. PUBLIC on raw/landing schemas is not counted here.
with

warehouse_grants as (
    select * from {{ ref('stg_warehouse__grants') }}
),

tables_profiled as (
    select * from {{ ref('int_warehouse_tables_profiled') }}
),

modelled_schemas as (
    select distinct scan_id, schema_name
    from tables_profiled
    where is_modelled
),

modelled_relations as (
    select scan_id, table_fqn
    from tables_profiled
    where is_modelled
),

public_grants as (
    select * from warehouse_grants
    where is_public
),

on_modelled_schemas as (
    select public_grants.*
    from public_grants
    inner join modelled_schemas
        on public_grants.scan_id = modelled_schemas.scan_id
        and public_grants.schema_name = modelled_schemas.schema_name
    where public_grants.object_type = 'schema'
),

on_modelled_relations as (
    select public_grants.*
    from public_grants
    inner join modelled_relations
        on public_grants.scan_id = modelled_relations.scan_id
        and public_grants.object_ref = modelled_relations.table_fqn
    where public_grants.object_type <> 'schema'
),

final as (
    select * from on_modelled_schemas
    union all
    select * from on_modelled_relations
)

select * from final
{{ scan_scope() }}
