with orders as (
    select * from {{ ref('int_orders_enriched') }}
    where order_status in ('completed', 'returned')
),

aggregated as (
    select
        customer_id,
        count(*) as order_count,
        sum(order_amount) - sum(refunded_amount) as lifetime_value,
        min(ordered_at) as first_order_at,
        max(ordered_at) as last_order_at
    from orders
    group by customer_id
)

select * from aggregated
