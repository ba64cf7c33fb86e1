with source as (
    select * from {{ source('shop', 'stores') }}
),

renamed as (
    select
        store_id,
        store_name,
        city,
        region,
        surface_m2,
        opened_on
    from source
)

select * from renamed
