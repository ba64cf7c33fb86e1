with source as (
    select * from {{ source('shop', 'orders') }}
),

renamed as (
    select
        order_id,
        customer_id,
        store_id,
        channel,
        status as order_status,
        currency,
        total_amount as order_amount,
        cast(ordered_at as date) as order_date,
        ordered_at,
        updated_at,
        _airbyte_extracted_at as loaded_at
    from source
)

select * from renamed
