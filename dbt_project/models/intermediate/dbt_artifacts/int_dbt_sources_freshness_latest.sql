-- The latest freshness result of each dbt source in a scan.
with

freshness as (
    select * from {{ ref('stg_dbt_artifacts__source_freshness') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

latest as (
    select * from freshness
    qualify row_number() over (
        partition by scan_id, unique_id order by snapshotted_at desc nulls last
    ) = 1
),

final as (
    select
        latest.scan_id,
        latest.unique_id,
        dbt_nodes.relation_fqn,
        latest.freshness_status,
        latest.sources_ref,
        latest.age_seconds,
        latest.is_stale,
        latest.max_loaded_at,
        latest.snapshotted_at
    from latest
    left join dbt_nodes
        on latest.scan_id = dbt_nodes.scan_id
        and latest.unique_id = dbt_nodes.unique_id
)

select * from final
