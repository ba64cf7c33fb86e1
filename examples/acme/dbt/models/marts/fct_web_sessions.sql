select
    session_id,
    customer_id,
    device,
    event_count,
    product_view_count,
    add_to_cart_count,
    has_purchase,
    started_at,
    ended_at,
    date_diff('second', started_at, ended_at) as duration_seconds
from {{ ref('int_web_sessions_sessionized') }}
