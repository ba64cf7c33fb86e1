-- Bare relation names (unqualified SQL, GX assets named by table only) that identify exactly
-- one relation of the scan's warehouse, with that relation's `schema.table`. An ambiguous
-- bare name (the same table name in two schemas) has no row: it is not guessed.
with

warehouse_tables as (
    select * from {{ ref('stg_warehouse__tables') }}
),

unambiguous as (
    select
        scan_id,
        table_name,
        min(table_fqn) as table_fqn
    from warehouse_tables
    group by scan_id, table_name
    having count(*) = 1
),

final as (
    select * from unambiguous
)

select * from final
{{ scan_scope(reusable=true) }}
