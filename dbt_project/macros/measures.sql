{#- Age in (fractional) days of `earlier` seen from `scanned_at`, the scan's own clock.
    Timestamps after the scan (forecast rows, clock skew) count as age 0, not negative; a
    missing timestamp is a missing age (DuckDB's greatest() would turn it into 0). -#}
{% macro days_before_scan(earlier, scanned_at='scanned_at') -%}
    case
        when ({{ earlier }}) is not null
            then greatest(0.0, date_diff('second', {{ earlier }}, {{ scanned_at }}) / 86400.0)
    end
{%- endmacro %}

{#- A share in 0..1, null when there is nothing to measure (0 of 0 is not 0 %). -#}
{% macro safe_share(numerator, denominator) -%}
    case when {{ denominator }} > 0 then ({{ numerator }})::double / ({{ denominator }}) end
{%- endmacro %}

{#- A day count for humans in a detail text: rounded to 2 decimals (0.25, 1.5, 366.0). -#}
{% macro fmt_days(days) -%}
    round({{ days }}, 2)::varchar
{%- endmacro %}
