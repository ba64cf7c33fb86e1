-- Shares and flags lie in 0..1, counts and ages are never negative.
with

question_signals as (
    select * from {{ ref('question_signals') }}
),

signal_catalogue as (
    select * from {{ ref('signal_catalogue') }}
),

out_of_range as (
    select question_signals.*, signal_catalogue.unit
    from question_signals
    inner join signal_catalogue
        on question_signals.question_id = signal_catalogue.question_id
        and question_signals.signal = signal_catalogue.signal
    where question_signals.value < 0
        or (signal_catalogue.unit in ('share', 'flag') and question_signals.value > 1)
        or (signal_catalogue.unit = 'flag' and question_signals.value not in (0, 1))
),

final as (
    select * from out_of_range
)

select * from final
