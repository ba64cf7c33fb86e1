{#- Detail texts in two forms: the English sentence (column `detail`, the contract readers
    already have) and its language-neutral parts, a key naming the sentence and the values
    it shows as text (`detail_key`, `detail_args`), so that scoring can say the same in the
    scan's language (scoring/detail_texts.py holds the sentences per key, in French and
    English).

    detail_text(key, template, args) is one detail, as a struct to put in a `case` branch:
    each branch states its key, its English template and its values once. The template
    takes `{}` for the args in order and `[...]` around an optional part, left out when a
    value inside it is null: 'model {} ({}[, builds {}])'. Unpack the struct with
    detail_columns() in the model's last CTE.

        case
            when not availability.has_warehouse then {{ detail_unavailable('warehouse') }}
            else {{ detail_text('dbt_models.count', '{} models in the dbt manifest', ['model_count']) }}
        end as described
    -#}
{% macro detail_text(key, template, args=[]) -%}
    {%- if template.count('{}') != args | length -%}
        {{ exceptions.raise_compiler_error(
            "detail_text('" ~ key ~ "'): " ~ template.count('{}') ~ " placeholders for " ~ args | length ~ " args"
        ) }}
    {%- endif -%}
    {%- set segments = [] -%}
    {%- for chunk in template.split('[') -%}
        {%- if loop.first -%}
            {%- do segments.append({'text': chunk, 'optional': false}) -%}
        {%- else -%}
            {%- set halves = chunk.split(']') -%}
            {%- if halves | length != 2 -%}
                {{ exceptions.raise_compiler_error("detail_text('" ~ key ~ "'): unbalanced [ ] in " ~ template) }}
            {%- endif -%}
            {%- do segments.append({'text': halves[0], 'optional': true}) -%}
            {%- do segments.append({'text': halves[1], 'optional': false}) -%}
        {%- endif -%}
    {%- endfor -%}
    {%- set state = namespace(arg=0) -%}
    {%- set pieces = [] -%}
    {%- for segment in segments if segment.text -%}
        {%- set parts = [] -%}
        {%- for literal in segment.text.split('{}') -%}
            {%- if not loop.first -%}
                {%- do parts.append('(' ~ args[state.arg] ~ ')::varchar') -%}
                {%- set state.arg = state.arg + 1 -%}
            {%- endif -%}
            {%- if literal -%}
                {%- do parts.append(sql_string(literal)) -%}
            {%- endif -%}
        {%- endfor -%}
        {%- if segment.optional -%}
            {%- do pieces.append("coalesce(" ~ parts | join(' || ') ~ ", '')") -%}
        {%- else -%}
            {%- do pieces.append(parts | join(' || ')) -%}
        {%- endif -%}
    {%- endfor -%}
    {'detail': {{ pieces | join(' || ') if pieces else "''" }}, 'detail_key': {{ sql_string(key) }},
        'detail_args': [
            {%- for arg in args %}({{ arg }})::varchar{% if not loop.last %}, {% endif %}{% endfor -%}
        ]::varchar[]}
{%- endmacro %}

{#- The detail of a signal whose evidence was not read in this scan: one key and one text per
    missing evidence, shared by every signal that needs it. -#}
{% macro detail_unavailable(evidence) -%}
    {%- set details = {
        'warehouse': detail_text('scan.no_warehouse', 'warehouse not crawled in this scan'),
        'access_model': detail_text('scan.no_access_model', 'the warehouse exposes no roles or grants'),
        'dbt_manifest': detail_text('scan.no_dbt_manifest', 'no dbt manifest in this scan'),
        'dbt_models': detail_text('scan.no_dbt_models', 'no models in the dbt manifest'),
        'dbt_run_results': detail_text('scan.no_dbt_run_results', 'no dbt run_results in this scan'),
        'openlineage': detail_text('scan.no_openlineage', 'no OpenLineage events in this scan'),
        'query_log': detail_text('scan.no_query_log', 'no query log in this scan'),
    } -%}
    {%- if evidence not in details -%}
        {{ exceptions.raise_compiler_error("detail_unavailable: unknown evidence '" ~ evidence ~ "'") }}
    {%- endif -%}
    {{ details[evidence] }}
{%- endmacro %}

{#- The three detail columns of a struct made by detail_text(), flattened for the marts. -#}
{% macro detail_columns(described) -%}
    {{ described }}.detail as detail,
    {{ described }}.detail_key as detail_key,
    {{ described }}.detail_args as detail_args
{%- endmacro %}
