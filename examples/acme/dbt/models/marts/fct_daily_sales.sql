with orders as (
    select * from {{ ref('int_orders_enriched') }}
    where order_status in ('completed', 'returned')
),

items as (
    select * from {{ ref('stg_shop__order_items') }}
),

products as (
    select product_id, category from {{ ref('stg_shop__products') }}
),

daily as (
    select
        orders.order_date as sales_date,
        orders.store_id,
        orders.store_region,
        orders.channel,
        products.category,
        count(distinct orders.order_id) as order_count,
        sum(items.quantity) as units_sold,
        sum(items.line_amount) as revenue_eur
    from orders
    inner join items on orders.order_id = items.order_id
    inner join products on items.product_id = products.product_id
    group by all
),

final as (
    select
        concat_ws('|', sales_date, coalesce(cast(store_id as varchar), 'web'), channel, category)
            as daily_sales_key,
        *
    from daily
)

select * from final
