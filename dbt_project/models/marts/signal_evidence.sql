-- The items a person can check behind each signal, at most var('evidence_items_per_signal')
-- per scan and signal, most important first (item_rank 1 = first). A signal shared by two
-- questions (ml_artefact_tables: Q6 and Q8) has its items under both.
-- detail is English; detail_key and detail_args are its language-neutral form (scoring words
-- it in the scan's language, scoring/detail_texts.py).
with

signal_catalogue as (
    select * from {{ ref('signal_catalogue') }}
),

lineage_evidence as (
    select * from {{ ref('int_evidence__lineage') }}
),

transformation_evidence as (
    select * from {{ ref('int_evidence__transformation') }}
),

usage_evidence as (
    select * from {{ ref('int_evidence__usage') }}
),

warehouse_evidence as (
    select * from {{ ref('int_evidence__warehouse') }}
),

governance_evidence as (
    select * from {{ ref('int_evidence__governance') }}
),

maturity_view_evidence as (
    select * from {{ ref('int_evidence__maturity_views') }}
),

scans as (
    select * from {{ ref('stg_scans__scans') }}
),

unioned as (
    select * from lineage_evidence
    union all
    select * from transformation_evidence
    union all
    select * from usage_evidence
    union all
    select * from warehouse_evidence
    union all
    select * from governance_evidence
    union all
    select * from maturity_view_evidence
),

final as (
    select
        unioned.scan_id,
        signal_catalogue.question_id,
        unioned.signal,
        unioned.kind,
        unioned.ref,
        unioned.detail,
        unioned.item_rank,
        unioned.detail_key,
        unioned.detail_args
    from unioned
    inner join scans on unioned.scan_id = scans.scan_id
    inner join signal_catalogue on unioned.signal = signal_catalogue.signal
    where unioned.item_rank <= {{ var('evidence_items_per_signal') }}
    order by scans.scanned_at, unioned.scan_id, signal_catalogue.signal_order, unioned.item_rank
)

select * from final
{{ scan_scope() }}
