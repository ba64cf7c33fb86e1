-- MLOps readiness (under Q6, the AI practice) from the warehouse, after the
-- industrialisation seed:
--   mlops_prediction_table   completeness 0..1 of the best prediction table: how many of the
--                            five roles (timestamp, model version, output, decision, entity
--                            id) its columns cover (0 when there is no prediction table);
--   mlops_training_datasets  stored training datasets;
--   mlops_monitoring_tables  monitoring or drift tables;
--   mlops_log_tables         prediction, inference or serving logs;
--   mlops_model_stores       model registries or stores of model versions;
--   mlops_retraining_days    distinct days, in the 365 before the scan, on which a training
--                            dataset or model store was written (OpenLineage outputs of
--                            complete runs, parsed query-log writes): retraining in practice.
-- Table signals need the warehouse; retraining needs OpenLineage or a query log.
with

availability as (
    select * from {{ ref('int_scans_evidence_available') }}
),

mlops_relations as (
    select * from {{ ref('int_warehouse_mlops_relations') }}
),

openlineage_datasets as (
    select * from {{ ref('stg_openlineage__datasets') }}
),

query_log_lineage as (
    select * from {{ ref('stg_query_logs__table_lineage') }}
),

queries as (
    select * from {{ ref('stg_query_logs__queries') }}
),

kinds_counted as (
    select
        scan_id,
        max(prediction_completeness) filter (where artefact_kind = 'prediction_table') as best_completeness,
        count(*) filter (where artefact_kind = 'prediction_table') as prediction_table_count,
        count(*) filter (where artefact_kind = 'training_dataset') as training_count,
        count(*) filter (where artefact_kind = 'monitoring') as monitoring_count,
        count(*) filter (where artefact_kind = 'logs') as log_count,
        count(*) filter (where artefact_kind = 'model_store') as model_store_count
    from mlops_relations
    group by scan_id
),

retraining_targets as (
    select distinct scan_id, table_fqn
    from mlops_relations
    where artefact_kind in ('training_dataset', 'model_store')
),

writes as (
    select openlineage_datasets.scan_id, openlineage_datasets.relation_fqn, openlineage_datasets.event_at as written_at
    from openlineage_datasets
    where openlineage_datasets.direction = 'output' and openlineage_datasets.event_type = 'COMPLETE'
    union all
    select query_log_lineage.scan_id, query_log_lineage.target_fqn, queries.started_at
    from query_log_lineage
    inner join queries
        on query_log_lineage.scan_id = queries.scan_id
        and query_log_lineage.query_hash = queries.query_hash
    where query_log_lineage.origin = 'query_log'
),

retraining_days as (
    select writes.scan_id, count(distinct writes.written_at::date) as day_count
    from writes
    inner join retraining_targets
        on writes.scan_id = retraining_targets.scan_id
        and writes.relation_fqn = retraining_targets.table_fqn
    inner join availability on writes.scan_id = availability.scan_id
    where writes.written_at <= availability.scanned_at
        and writes.written_at > availability.scanned_at - interval 365 days
    group by writes.scan_id
),

table_signals as (
    select
        availability.scan_id,
        signals.signal,
        case
            when availability.has_warehouse and signals.signal = 'mlops_prediction_table' then case
                when coalesce(kinds_counted.prediction_table_count, 0) = 0 then 0
                else kinds_counted.best_completeness
            end
            when availability.has_warehouse then coalesce(
                case signals.signal
                    when 'mlops_training_datasets' then kinds_counted.training_count
                    when 'mlops_monitoring_tables' then kinds_counted.monitoring_count
                    when 'mlops_log_tables' then kinds_counted.log_count
                    when 'mlops_model_stores' then kinds_counted.model_store_count
                end, 0
            )
        end as value,
        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            when signals.signal = 'mlops_prediction_table' and coalesce(kinds_counted.prediction_table_count, 0) = 0
                then {{ detail_text('mlops_prediction_table.none', 'no prediction or score table') }}
            when signals.signal = 'mlops_prediction_table' and kinds_counted.best_completeness is null
                then {{ detail_text(
                    'mlops_prediction_table.unread', 'the columns of the {} prediction tables were not read',
                    ['kinds_counted.prediction_table_count']
                ) }}
            when signals.signal = 'mlops_prediction_table' then {{ detail_text(
                'mlops_prediction_table.best',
                'best of {} prediction tables covers {} of 5 roles (timestamp, model version, output, decision, entity id)',
                ['kinds_counted.prediction_table_count', 'round(kinds_counted.best_completeness * 5)::integer']
            ) }}
            when signals.signal = 'mlops_training_datasets' then {{ detail_text(
                'mlops_training_datasets.count', '{} stored training datasets',
                ['coalesce(kinds_counted.training_count, 0)']
            ) }}
            when signals.signal = 'mlops_monitoring_tables' then {{ detail_text(
                'mlops_monitoring_tables.count', '{} monitoring or drift tables',
                ['coalesce(kinds_counted.monitoring_count, 0)']
            ) }}
            when signals.signal = 'mlops_log_tables' then {{ detail_text(
                'mlops_log_tables.count', '{} prediction, inference or serving log tables',
                ['coalesce(kinds_counted.log_count, 0)']
            ) }}
            when signals.signal = 'mlops_model_stores' then {{ detail_text(
                'mlops_model_stores.count', '{} model registries or model stores',
                ['coalesce(kinds_counted.model_store_count, 0)']
            ) }}
        end as described
    from availability
    cross join (
        values
            ('mlops_prediction_table'),
            ('mlops_training_datasets'),
            ('mlops_monitoring_tables'),
            ('mlops_log_tables'),
            ('mlops_model_stores')
    ) as signals (signal)
    left join kinds_counted on availability.scan_id = kinds_counted.scan_id
),

mlops_retraining_days as (
    select
        availability.scan_id,
        'mlops_retraining_days' as signal,
        case
            when availability.has_openlineage or availability.has_query_log
                then coalesce(retraining_days.day_count, 0)
        end as value,
        case
            when not (availability.has_openlineage or availability.has_query_log) then {{ detail_text(
                'mlops_retraining_days.unreadable', 'neither OpenLineage events nor a query log in this scan'
            ) }}
            else {{ detail_text(
                'mlops_retraining_days.days', 'training datasets or model stores written on {} distinct days in the last 365',
                ['coalesce(retraining_days.day_count, 0)']
            ) }}
        end as described
    from availability
    left join retraining_days on availability.scan_id = retraining_days.scan_id
),

unioned as (
    select * from table_signals
    union all
    select * from mlops_retraining_days
),

final as (
    select scan_id, signal, value, {{ detail_columns('described') }}
    from unioned
)

select * from final
