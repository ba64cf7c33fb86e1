with events as (
    select * from {{ ref('stg_tracking__web_events') }}
),

sessions as (
    select
        session_id,
        max(customer_id) as customer_id,
        any_value(device) as device,
        count(*) as event_count,
        count(*) filter (where event_type = 'product_view') as product_view_count,
        count(*) filter (where event_type = 'add_to_cart') as add_to_cart_count,
        bool_or(event_type = 'purchase') as has_purchase,
        min(occurred_at) as started_at,
        max(occurred_at) as ended_at
    from events
    group by session_id
)

select * from sessions
