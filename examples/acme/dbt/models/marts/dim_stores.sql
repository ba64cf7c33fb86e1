select
    store_id,
    store_name,
    city,
    region,
    surface_m2,
    opened_on
from {{ ref('stg_shop__stores') }}
