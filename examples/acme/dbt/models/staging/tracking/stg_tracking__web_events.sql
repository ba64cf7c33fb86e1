with source as (
    select * from {{ source('tracking', 'web_events') }}
),

renamed as (
    select
        event_id,
        session_id,
        customer_id,
        product_id,
        event_type,
        page_url,
        device,
        occurred_at,
        _loaded_at as loaded_at
    from source
)

select * from renamed
