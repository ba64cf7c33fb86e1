-- One row per scan and catalogue signal, always: a signal no model could measure for a scan
-- is present with a null value, so readers never confuse "absent" with "zero".
with

scans as (
    select * from {{ ref('stg_scans__scans') }}
),

signal_catalogue as (
    select * from {{ ref('signal_catalogue') }}
),

lineage_signals as (
    select * from {{ ref('int_signals__lineage') }}
),

transformation_signals as (
    select * from {{ ref('int_signals__transformation') }}
),

usage_signals as (
    select * from {{ ref('int_signals__usage') }}
),

warehouse_signals as (
    select * from {{ ref('int_signals__warehouse') }}
),

governance_signals as (
    select * from {{ ref('int_signals__governance') }}
),

governance_pillar_signals as (
    select * from {{ ref('int_signals__governance_pillars') }}
),

data_lab_signals as (
    select * from {{ ref('int_signals__data_lab') }}
),

mlops_signals as (
    select * from {{ ref('int_signals__mlops') }}
),

measured as (
    select * from lineage_signals
    union all
    select * from transformation_signals
    union all
    select * from usage_signals
    union all
    select * from warehouse_signals
    union all
    select * from governance_signals
    union all
    select * from governance_pillar_signals
    union all
    select * from data_lab_signals
    union all
    select * from mlops_signals
),

final as (
    select
        scans.scan_id,
        signal_catalogue.question_id,
        signal_catalogue.signal,
        measured.value::double as value,
        coalesce(measured.detail, 'not measured') as detail,
        -- the detail's language-neutral form: scoring words it in the scan's language
        case when measured.detail is null then 'signal.not_measured' else measured.detail_key end as detail_key,
        case when measured.detail is null then []::varchar[] else measured.detail_args end as detail_args
    from scans
    cross join signal_catalogue
    left join measured
        on scans.scan_id = measured.scan_id
        and signal_catalogue.signal = measured.signal
    order by scans.scanned_at, scans.scan_id, signal_catalogue.signal_order
)

select * from final
{{ scan_scope() }}
