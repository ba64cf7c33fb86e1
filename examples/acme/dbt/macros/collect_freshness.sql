{#- Source freshness measured against the scheduler's clock when it passes one
    (var stack_clock, an ISO timestamp in UTC), so a replayed night gives the same ages.
    Without the var this is dbt's default: now(). -#}
{% macro duckdb__collect_freshness(source, loaded_at_field, filter) %}
  {% set clock = var('stack_clock', none) %}
  {% call statement('collect_freshness', fetch_result=True, auto_begin=False) -%}
    select
      max({{ loaded_at_field }}) as max_loaded_at,
      {% if clock %}cast('{{ clock }}' as timestamp){% else %}{{ current_timestamp() }}{% endif %} as snapshotted_at
    from {{ source }}
    {% if filter %}
    where {{ filter }}
    {% endif %}
  {% endcall %}
  {{ return(load_result('collect_freshness')) }}
{% endmacro %}
