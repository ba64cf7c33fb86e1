select
    product_id,
    sku,
    product_name,
    category,
    brand,
    unit_price,
    unit_cost,
    round(1 - unit_cost / nullif(unit_price, 0), 3) as margin_rate,
    is_active,
    created_at
from {{ ref('stg_shop__products') }}
