-- Row-level security policies, one per (scan, relation, policy), with the relation as
-- lower-case `schema.table` like every other warehouse staging model.
with

source as (
    select * from {{ source('raw', 'warehouse_policies') }}
    {{ staging_scan_scope() }}
),

renamed as (
    select
        scan_id,
        {{ clean_identifier('schema_name') }} || '.' || {{ clean_identifier('table_name') }} as table_fqn,
        policy_name,
        upper(coalesce(command, 'ALL')) as policy_command,
        coalesce(is_permissive, true) as is_permissive,
        roles as policy_roles
    from source
),

final as (
    select distinct * from renamed
    where table_fqn is not null and policy_name is not null
)

select * from final
