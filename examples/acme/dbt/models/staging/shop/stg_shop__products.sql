with source as (
    select * from {{ source('shop', 'products') }}
),

renamed as (
    select
        product_id,
        sku,
        product_name,
        category,
        brand,
        unit_price,
        unit_cost,
        is_active,
        created_at,
        updated_at
    from source
)

select * from renamed
