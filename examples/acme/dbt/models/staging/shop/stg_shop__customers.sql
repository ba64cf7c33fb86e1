with source as (
    select * from {{ source('shop', 'customers') }}
),

renamed as (
    select
        customer_id,
        first_name,
        last_name,
        lower(trim(email)) as email,
        phone,
        city,
        loyalty_tier,
        marketing_opt_in as is_marketing_opt_in,
        birth_date,
        created_at as signed_up_at,
        updated_at,
        _airbyte_extracted_at as loaded_at
    from source
)

select * from renamed
