{#- Custom schemas are used verbatim (staging, intermediate, reference) and the marts land in
    the profile's schema (main), so readers of the store find `main.question_signals`, not
    `main_marts.question_signals`. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim | lower }}
    {%- endif -%}
{%- endmacro %}
