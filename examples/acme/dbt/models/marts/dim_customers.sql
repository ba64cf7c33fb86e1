with customers as (
    select * from {{ ref('stg_shop__customers') }}
),

orders as (
    select * from {{ ref('int_customer_orders_aggregated') }}
),

final as (
    select
        customers.customer_id,
        customers.first_name,
        customers.last_name,
        customers.email,
        customers.phone,
        customers.city,
        customers.loyalty_tier,
        coalesce(orders.order_count, 0) as order_count,
        coalesce(orders.lifetime_value, 0) as lifetime_value,
        customers.is_marketing_opt_in,
        customers.signed_up_at,
        orders.first_order_at,
        orders.last_order_at
    from customers
    left join orders on customers.customer_id = orders.customer_id
)

select * from final
