-- Every table-level lineage edge the evidence shows, one row per observation:
--   dbt            manifest depends_on between nodes that are relations; ephemeral models and
--                  other relation-less nodes in between are walked through, so
--                  orders <- (ephemeral) <- raw.orders still gives raw.orders -> orders;
--   openlineage    each run's inputs x outputs, plus its columnLineage facets;
--   sql_view       parsed view definitions;
--   sql_query_log  parsed write queries (CTAS, INSERT ... SELECT, MERGE) from query logs.
-- Bare names from unqualified SQL are resolved to `schema.table` when exactly one warehouse
-- relation of the scan has that name; otherwise they stay bare (and match nothing).
with recursive

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

dbt_edges as (
    select * from {{ ref('stg_dbt_artifacts__edges') }}
),

dbt_invocations as (
    select * from {{ ref('stg_dbt_artifacts__invocations') }}
),

openlineage_datasets as (
    select * from {{ ref('stg_openlineage__datasets') }}
),

openlineage_column_lineage as (
    select * from {{ ref('stg_openlineage__column_lineage') }}
),

sql_table_lineage as (
    select * from {{ ref('stg_query_logs__table_lineage') }}
),

queries as (
    select * from {{ ref('stg_query_logs__queries') }}
),

unambiguous_bare_names as (
    select * from {{ ref('int_warehouse_bare_names_resolved') }}
),

warehouse_relations as (
    select distinct scan_id, table_fqn from {{ ref('stg_warehouse__tables') }}
),

-- OpenLineage also names datasets of other systems (the shop's PostgreSQL, a Kafka topic,
-- files): when the scan crawled the warehouse and a dataset is not one of its relations,
-- it keeps its namespace, so `postgres://shop-db:5432/public.orders` is never mistaken
-- for a warehouse table `public.orders`.
openlineage_datasets_placed as (
    select
        openlineage_datasets.*,
        case
            when warehouse_relations.table_fqn is not null
                or not exists (
                    select 1 from warehouse_relations as crawled
                    where crawled.scan_id = openlineage_datasets.scan_id
                )
                then openlineage_datasets.relation_fqn
            else rtrim(openlineage_datasets.dataset_namespace, '/') || '/' || openlineage_datasets.dataset_name
        end as placed_fqn
    from openlineage_datasets
    left join warehouse_relations
        on openlineage_datasets.scan_id = warehouse_relations.scan_id
        and openlineage_datasets.relation_fqn = warehouse_relations.table_fqn
),

lineage_nodes as (
    select scan_id, unique_id, relation_fqn, manifest_ref
    from dbt_nodes
    where resource_type in ('model', 'seed', 'snapshot', 'source')
),

manifests_generated as (
    select scan_id, max(generated_at) as generated_at
    from dbt_invocations
    where artifact_kind = 'manifest'
    group by scan_id
),

node_edges as (
    select
        dbt_edges.scan_id,
        dbt_edges.child_id,
        dbt_edges.parent_id,
        child.relation_fqn as child_fqn,
        parent.relation_fqn as parent_fqn,
        child.manifest_ref as child_manifest_ref
    from dbt_edges
    inner join lineage_nodes as child
        on dbt_edges.scan_id = child.scan_id and dbt_edges.child_id = child.unique_id
    inner join lineage_nodes as parent
        on dbt_edges.scan_id = parent.scan_id and dbt_edges.parent_id = parent.unique_id
),

dbt_edges_walked as (
    select
        scan_id,
        child_fqn,
        child_manifest_ref,
        parent_id,
        parent_fqn,
        1 as depth
    from node_edges
    where child_fqn is not null
    union all
    select
        dbt_edges_walked.scan_id,
        dbt_edges_walked.child_fqn,
        dbt_edges_walked.child_manifest_ref,
        node_edges.parent_id,
        node_edges.parent_fqn,
        dbt_edges_walked.depth + 1 as depth
    from dbt_edges_walked
    inner join node_edges
        on dbt_edges_walked.scan_id = node_edges.scan_id
        and dbt_edges_walked.parent_id = node_edges.child_id
    where dbt_edges_walked.parent_fqn is null and dbt_edges_walked.depth < 20
),

dbt_lineage as (
    select
        dbt_edges_walked.scan_id,
        dbt_edges_walked.parent_fqn as source_fqn,
        dbt_edges_walked.child_fqn as target_fqn,
        'dbt' as provenance,
        dbt_edges_walked.child_manifest_ref || '.depends_on' as ref,
        manifests_generated.generated_at as observed_at
    from dbt_edges_walked
    left join manifests_generated on dbt_edges_walked.scan_id = manifests_generated.scan_id
    where dbt_edges_walked.parent_fqn is not null
),

openlineage_runs_timed as (
    select scan_id, run_id, max(event_at) as observed_at
    from openlineage_datasets
    group by all
),

openlineage_lineage as (
    select distinct
        inputs.scan_id,
        inputs.placed_fqn as source_fqn,
        outputs.placed_fqn as target_fqn,
        'openlineage' as provenance,
        'run ' || inputs.run_id as ref,
        openlineage_runs_timed.observed_at
    from openlineage_datasets_placed as inputs
    inner join openlineage_datasets_placed as outputs
        on inputs.scan_id = outputs.scan_id
        and inputs.run_id = outputs.run_id
        and outputs.direction = 'output'
    inner join openlineage_runs_timed
        on inputs.scan_id = openlineage_runs_timed.scan_id
        and inputs.run_id = openlineage_runs_timed.run_id
    where inputs.direction = 'input'
    union
    select
        openlineage_column_lineage.scan_id,
        case
            when warehouse_relations.table_fqn is not null
                or openlineage_column_lineage.input_namespace is null
                or not exists (
                    select 1 from warehouse_relations as crawled
                    where crawled.scan_id = openlineage_column_lineage.scan_id
                )
                then openlineage_column_lineage.input_fqn
            else rtrim(openlineage_column_lineage.input_namespace, '/') || '/'
                || openlineage_column_lineage.input_name
        end as source_fqn,
        openlineage_column_lineage.output_fqn as target_fqn,
        'openlineage' as provenance,
        'run ' || openlineage_column_lineage.run_id as ref,
        openlineage_runs_timed.observed_at
    from openlineage_column_lineage
    left join openlineage_runs_timed
        on openlineage_column_lineage.scan_id = openlineage_runs_timed.scan_id
        and openlineage_column_lineage.run_id = openlineage_runs_timed.run_id
    left join warehouse_relations
        on openlineage_column_lineage.scan_id = warehouse_relations.scan_id
        and openlineage_column_lineage.input_fqn = warehouse_relations.table_fqn
),

queries_timed as (
    select scan_id, query_hash, max(started_at) as observed_at
    from queries
    group by all
),

sql_lineage as (
    select
        sql_table_lineage.scan_id,
        sql_table_lineage.source_fqn,
        sql_table_lineage.target_fqn,
        case when sql_table_lineage.origin = 'view' then 'sql_view' else 'sql_query_log' end as provenance,
        case
            when sql_table_lineage.origin = 'view' then 'view ' || sql_table_lineage.target_fqn
            else 'query ' || sql_table_lineage.query_hash
        end as ref,
        queries_timed.observed_at
    from sql_table_lineage
    left join queries_timed
        on sql_table_lineage.scan_id = queries_timed.scan_id
        and sql_table_lineage.query_hash = queries_timed.query_hash
),

unioned as (
    select * from dbt_lineage
    union all
    select * from openlineage_lineage
    union all
    select * from sql_lineage
),

resolved as (
    select
        unioned.scan_id,
        coalesce(source_names.table_fqn, unioned.source_fqn) as source_table,
        coalesce(target_names.table_fqn, unioned.target_fqn) as target_table,
        unioned.provenance,
        unioned.ref,
        unioned.observed_at
    from unioned
    left join unambiguous_bare_names as source_names
        on unioned.scan_id = source_names.scan_id
        and unioned.source_fqn = source_names.table_name
        and unioned.source_fqn not like '%.%'
    left join unambiguous_bare_names as target_names
        on unioned.scan_id = target_names.scan_id
        and unioned.target_fqn = target_names.table_name
        and unioned.target_fqn not like '%.%'
),

final as (
    select * from resolved
    where source_table is not null
        and target_table is not null
        and source_table <> target_table
)

select * from final
{{ scan_scope(reusable=true) }}
