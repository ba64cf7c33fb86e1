{#- Age in (fractional) days of `earlier` seen from `scanned_at`, the scan's own clock.
    Timestamps after the scan (forecast rows, clock skew) count as age 0, not negative. -#}
{% macro days_before_scan(earlier, scanned_at='scanned_at') -%}
    greatest(0.0, date_diff('second', {{ earlier }}, {{ scanned_at }}) / 86400.0)
{%- endmacro %}

{#- A share in 0..1, null when there is nothing to measure (0 of 0 is not 0 %). -#}
{% macro safe_share(numerator, denominator) -%}
    case when {{ denominator }} > 0 then ({{ numerator }})::double / ({{ denominator }}) end
{%- endmacro %}

{#- A number for humans in a detail text: no trailing zeros, at most one decimal. -#}
{% macro fmt_days(days) -%}
    format('{:.1f}', {{ days }})
{%- endmacro %}
