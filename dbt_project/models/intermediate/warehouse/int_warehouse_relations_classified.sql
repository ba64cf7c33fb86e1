-- Every warehouse relation of a scan with its place in the stack:
--   layer        table-name prefix (stg_/int_/fct_/dim_, loader tables) first, as it is the
--                more specific; else the schema's layer; ML artefacts are layer `ml`;
--   is_source    declared as a dbt source, or in the raw layer (raw/landing/ingest/src/
--                bronze... schemas, loader tables): data that arrives, not data that is built;
--   is_modelled  built by the client (not a source) and not in a sandbox/scratch schema, where
--                experiments are expected to have no lineage. Lineage coverage counts these.
-- Pattern lists live in seeds/ (schema_layers, table_name_layers, ml_artefact_patterns,
-- ingestion_footprints).
with

warehouse_tables as (
    select * from {{ ref('stg_warehouse__tables') }}
),

warehouse_columns as (
    select * from {{ ref('stg_warehouse__columns') }}
),

dbt_nodes as (
    select * from {{ ref('stg_dbt_artifacts__nodes') }}
),

openlineage_datasets as (
    select * from {{ ref('stg_openlineage__datasets') }}
),

schema_rules_matched as (
    select
        warehouse_tables.scan_id,
        warehouse_tables.table_fqn,
        schema_layers.layer as schema_layer,
        schema_layers.is_reporting as is_reporting_schema,
        schema_layers.is_sandbox
    from warehouse_tables
    inner join (
        {{ pattern_matches('warehouse_tables', 'schema_name', ref('schema_layers'), 'schema_regex') }}
    ) as schema_layers
        on warehouse_tables.schema_name = schema_layers.matched_value
    qualify row_number() over (
        partition by warehouse_tables.scan_id, warehouse_tables.table_fqn
        order by schema_layers.priority
    ) = 1
),

table_rules_matched as (
    select
        warehouse_tables.scan_id,
        warehouse_tables.table_fqn,
        table_name_layers.layer as table_layer
    from warehouse_tables
    inner join (
        {{ pattern_matches('warehouse_tables', 'table_name', ref('table_name_layers'), 'table_regex') }}
    ) as table_name_layers
        on warehouse_tables.table_name = table_name_layers.matched_value
    qualify row_number() over (
        partition by warehouse_tables.scan_id, warehouse_tables.table_fqn
        order by table_name_layers.priority
    ) = 1
),

ml_patterns_matched as (
    select
        warehouse_tables.scan_id,
        warehouse_tables.table_fqn,
        min(ml_artefact_patterns.artefact_kind) as ml_artefact_kind
    from warehouse_tables
    inner join (
        {{ pattern_matches('warehouse_tables', 'table_name', ref('ml_artefact_patterns'), 'table_regex') }}
    ) as ml_artefact_patterns
        on warehouse_tables.table_name = ml_artefact_patterns.matched_value
    group by all
),

footprint_names as (
    select
        warehouse_tables.scan_id,
        warehouse_tables.table_fqn,
        ingestion_footprints.tool,
        warehouse_tables.table_name as footprint_name
    from warehouse_tables
    inner join (
        {{ pattern_matches('warehouse_tables', 'table_name', ref('ingestion_footprints'), 'name_regex', full_match=false) }}
    ) as ingestion_footprints
        on warehouse_tables.table_name = ingestion_footprints.matched_value
    union all
    select
        warehouse_columns.scan_id,
        warehouse_columns.table_fqn,
        ingestion_footprints.tool,
        warehouse_columns.column_name as footprint_name
    from warehouse_columns
    inner join (
        {{ pattern_matches('warehouse_columns', 'column_name', ref('ingestion_footprints'), 'name_regex', full_match=false) }}
    ) as ingestion_footprints
        on warehouse_columns.column_name = ingestion_footprints.matched_value
),

footprints_per_table as (
    select
        scan_id,
        table_fqn,
        string_agg(distinct tool, ', ' order by tool) as ingestion_tools,
        string_agg(distinct footprint_name, ', ' order by footprint_name) as footprint_names
    from footprint_names
    group by all
),

declared_sources as (
    select
        scan_id,
        relation_fqn,
        min(manifest_ref) as source_manifest_ref
    from dbt_nodes
    where resource_type = 'source' and relation_fqn is not null
    group by all
),

dbt_relations as (
    select
        scan_id,
        relation_fqn,
        min(unique_id) as dbt_unique_id,
        min(manifest_ref) as dbt_manifest_ref,
        min(coalesce(owner, 'group ' || group_name)) as dbt_owner,
        min(description) as dbt_description
    from dbt_nodes
    where resource_type in ('model', 'seed', 'snapshot', 'source') and relation_fqn is not null
    group by all
),

openlineage_owners as (
    select
        scan_id,
        relation_fqn,
        min(owners[1]) as openlineage_owner
    from openlineage_datasets
    where len(owners) > 0
    group by all
),

classified as (
    select
        warehouse_tables.scan_id,
        warehouse_tables.table_fqn,
        warehouse_tables.schema_name,
        warehouse_tables.table_name,
        warehouse_tables.table_type,
        warehouse_tables.engine,
        warehouse_tables.database_name,
        schema_rules_matched.schema_layer,
        table_rules_matched.table_layer,
        ml_patterns_matched.ml_artefact_kind,
        footprints_per_table.ingestion_tools,
        footprints_per_table.footprint_names,
        declared_sources.source_manifest_ref,
        dbt_relations.dbt_unique_id,
        dbt_relations.dbt_manifest_ref,
        coalesce(dbt_relations.dbt_owner, openlineage_owners.openlineage_owner) as owner,
        coalesce(warehouse_tables.table_comment, dbt_relations.dbt_description) as description,
        warehouse_tables.view_sql,
        warehouse_tables.row_count,
        coalesce(schema_rules_matched.is_reporting_schema, false) as is_reporting_schema,
        coalesce(schema_rules_matched.is_sandbox, false) as is_sandbox,
        declared_sources.relation_fqn is not null as is_declared_source,
        schema_rules_matched.schema_layer = 'ml'
            or (
                ml_patterns_matched.ml_artefact_kind is not null
                and coalesce(schema_rules_matched.schema_layer, '') <> 'raw'
            ) as is_ml_artefact,
        warehouse_tables.last_modified_at,
        warehouse_tables.min_timestamp_at,
        warehouse_tables.max_timestamp_at
    from warehouse_tables
    left join schema_rules_matched
        on warehouse_tables.scan_id = schema_rules_matched.scan_id
        and warehouse_tables.table_fqn = schema_rules_matched.table_fqn
    left join table_rules_matched
        on warehouse_tables.scan_id = table_rules_matched.scan_id
        and warehouse_tables.table_fqn = table_rules_matched.table_fqn
    left join ml_patterns_matched
        on warehouse_tables.scan_id = ml_patterns_matched.scan_id
        and warehouse_tables.table_fqn = ml_patterns_matched.table_fqn
    left join footprints_per_table
        on warehouse_tables.scan_id = footprints_per_table.scan_id
        and warehouse_tables.table_fqn = footprints_per_table.table_fqn
    left join declared_sources
        on warehouse_tables.scan_id = declared_sources.scan_id
        and warehouse_tables.table_fqn = declared_sources.relation_fqn
    left join dbt_relations
        on warehouse_tables.scan_id = dbt_relations.scan_id
        and warehouse_tables.table_fqn = dbt_relations.relation_fqn
    left join openlineage_owners
        on warehouse_tables.scan_id = openlineage_owners.scan_id
        and warehouse_tables.table_fqn = openlineage_owners.relation_fqn
),

layered as (
    select
        *,
        case
            when is_ml_artefact then 'ml'
            else coalesce(table_layer, schema_layer, 'other')
        end as layer
    from classified
),

final as (
    select
        *,
        is_declared_source or layer = 'raw' as is_source,
        not (is_declared_source or layer = 'raw') and not is_sandbox as is_modelled
    from layered
)

select * from final
{{ scan_scope(reusable=true) }}
