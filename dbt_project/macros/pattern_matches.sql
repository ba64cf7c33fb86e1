{#- Names matched against a seed of regular expressions (schema_layers, personal_data_columns...).

    A join `on regexp_full_match(t.name, seed.regex)` is the obvious way and a slow one:
    DuckDB compiles a pattern that comes from a column once per row pair, which took 47 s for
    405,000 columns x 8 patterns on the large benchmark client. This macro matches each
    *distinct* value once, against the seed's patterns inlined as string constants (compiled
    once per query), and joins the seed rows back by their pattern. It keeps the join's
    meaning: one row per (value, matching seed row), so several matches give several rows.

    It yields a subquery with `matched_value` and every seed column; join it on
    `matched_value`. Under a dbt unit test the seed is a fixture CTE that cannot be read at
    compile time, so the plain join on distinct values is used there (same rows, slower). -#}
{% macro pattern_matches(values_relation, value_column, patterns_relation, regex_column, full_match=true, patterns_where='true') -%}
    {%- set match_fn = 'regexp_full_match' if full_match else 'regexp_matches' -%}
    {%- set patterns = none -%}
    {%- if execute and '__dbt__cte__' not in (patterns_relation | string) -%}
        {%- set found = run_query(
            'select distinct ' ~ regex_column ~ ' from ' ~ patterns_relation
            ~ ' where (' ~ patterns_where ~ ') and ' ~ regex_column ~ ' is not null order by 1'
        ) -%}
        {%- set patterns = found.columns[0].values() -%}
    {%- endif -%}
    {%- if patterns is none -%}
    select distinct_values.matched_value, pattern_rows.*
    from (select distinct {{ value_column }} as matched_value from {{ values_relation }}) as distinct_values
    inner join {{ patterns_relation }} as pattern_rows
        on ({{ patterns_where }})
        and {{ match_fn }}(distinct_values.matched_value, pattern_rows.{{ regex_column }})
    {%- elif patterns | length == 0 -%}
    select null::varchar as matched_value, pattern_rows.*
    from {{ patterns_relation }} as pattern_rows
    where false
    {%- else -%}
    select value_matches.matched_value, pattern_rows.*
    from (
        select
            distinct_values.matched_value,
            unnest([
                {%- for pattern in patterns %}
                case when {{ match_fn }}(distinct_values.matched_value, {{ sql_string(pattern) }})
                    then {{ sql_string(pattern) }} end{{ ',' if not loop.last }}
                {%- endfor %}
            ]) as matched_pattern
        from (select distinct {{ value_column }} as matched_value from {{ values_relation }}) as distinct_values
    ) as value_matches
    inner join {{ patterns_relation }} as pattern_rows
        on ({{ patterns_where }})
        and pattern_rows.{{ regex_column }} = value_matches.matched_pattern
    {%- endif -%}
{%- endmacro %}

{#- A SQL string literal (single quotes doubled). -#}
{% macro sql_string(value) -%}
    '{{ value | replace("'", "''") }}'
{%- endmacro %}
