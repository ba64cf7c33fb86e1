-- Every measured scan (all of them, also after a build scoped to one scan) has exactly one
-- row per catalogue signal: the grain readers rely on.
with

scans as (
    select * from {{ ref('stg_scans__history') }}
),

signal_catalogue as (
    select * from {{ ref('signal_catalogue') }}
),

question_signals as (
    select * from {{ ref('question_signals') }}
),

expected as (
    select scans.scan_id, signal_catalogue.question_id, signal_catalogue.signal
    from scans
    cross join signal_catalogue
),

missing_or_extra as (
    (select * from expected except select scan_id, question_id, signal from question_signals)
    union all
    (select scan_id, question_id, signal from question_signals except select * from expected)
),

final as (
    select * from missing_or_extra
)

select * from final
