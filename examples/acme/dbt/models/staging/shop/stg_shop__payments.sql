with source as (
    select * from {{ source('shop', 'payments') }}
),

renamed as (
    select
        payment_id,
        order_id,
        payment_method,
        status as payment_status,
        amount,
        paid_at
    from source
)

select * from renamed
