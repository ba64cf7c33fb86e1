-- Each scan's signals next to the same client's previous measured scan: value, previous
-- value and their delta. The previous scan is the one scanned just before (scan clock, then
-- scan id); the first scan of a client has no previous one. A signal not measurable in
-- either scan has a null delta: "not measured" is not a change.
with

question_signals as (
    select * from {{ ref('question_signals') }}
),

scan_history as (
    select * from {{ ref('stg_scans__history') }}
),

scans_ordered as (
    select
        scan_id,
        client,
        scanned_at,
        lag(scan_id) over (partition by client order by scanned_at, scan_id) as previous_scan_id,
        lag(scanned_at) over (partition by client order by scanned_at, scan_id) as previous_scanned_at
    from scan_history
),

final as (
    select
        current_signals.scan_id,
        scans_ordered.client,
        scans_ordered.scanned_at,
        current_signals.question_id,
        current_signals.signal,
        current_signals.value,
        scans_ordered.previous_scan_id,
        scans_ordered.previous_scanned_at,
        previous_signals.value as previous_value,
        current_signals.value - previous_signals.value as delta,
        case
            when scans_ordered.previous_scan_id is null then 'first_scan'
            when current_signals.value is null and previous_signals.value is null then 'not_measured'
            when current_signals.value is null then 'no_longer_measured'
            when previous_signals.value is null then 'newly_measured'
            when current_signals.value > previous_signals.value then 'up'
            when current_signals.value < previous_signals.value then 'down'
            else 'unchanged'
        end as change
    from question_signals as current_signals
    inner join scans_ordered on current_signals.scan_id = scans_ordered.scan_id
    left join question_signals as previous_signals
        on scans_ordered.previous_scan_id = previous_signals.scan_id
        and current_signals.question_id = previous_signals.question_id
        and current_signals.signal = previous_signals.signal
)

select * from final
{{ scan_scope('final.scan_id') }}
