with orders as (
    select * from {{ ref('stg_shop__orders') }}
),

items as (
    select
        order_id,
        count(*) as item_count,
        sum(quantity) as unit_count,
        sum(discount_amount) as discount_amount
    from {{ ref('stg_shop__order_items') }}
    group by order_id
),

payments as (
    select
        order_id,
        arg_max(payment_method, paid_at) as payment_method,
        count(*) as payment_attempts,
        coalesce(sum(amount) filter (where payment_status = 'captured'), 0) as captured_amount,
        coalesce(sum(amount) filter (where payment_status = 'refunded'), 0) as refunded_amount
    from {{ ref('stg_shop__payments') }}
    group by order_id
),

stores as (
    select store_id, region from {{ ref('stg_shop__stores') }}
),

joined as (
    select
        orders.order_id,
        orders.customer_id,
        orders.store_id,
        stores.region as store_region,
        orders.channel,
        orders.order_status,
        payments.payment_method,
        items.item_count,
        items.unit_count,
        payments.payment_attempts,
        orders.order_amount,
        items.discount_amount,
        payments.captured_amount,
        payments.refunded_amount,
        orders.order_date,
        orders.ordered_at
    from orders
    left join items on orders.order_id = items.order_id
    left join payments on orders.order_id = payments.order_id
    left join stores on orders.store_id = stores.store_id
)

select * from joined
