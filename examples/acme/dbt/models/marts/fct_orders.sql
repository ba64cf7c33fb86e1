{#- Public, contracted: finance's reconciliation reads it and the contract guards its shape. -#}
with orders as (
    select * from {{ ref('int_orders_enriched') }}
),

final as (
    select
        cast(order_id as bigint) as order_id,
        cast(customer_id as integer) as customer_id,
        cast(store_id as integer) as store_id,
        cast(channel as varchar) as channel,
        cast(order_status as varchar) as order_status,
        cast(payment_method as varchar) as payment_method,
        cast(item_count as bigint) as item_count,
        cast(unit_count as bigint) as unit_count,
        cast(order_amount as decimal(12, 2)) as order_amount,
        cast(discount_amount as decimal(12, 2)) as discount_amount,
        cast(captured_amount as decimal(12, 2)) as captured_amount,
        cast(refunded_amount as decimal(12, 2)) as refunded_amount,
        cast(order_date as date) as order_date,
        cast(ordered_at as timestamp) as ordered_at
    from orders
)

select * from final
