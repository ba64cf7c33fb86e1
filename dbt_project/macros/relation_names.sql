{#- Warehouse relation names are compared as lower-case `schema.table`.

    Evidence names relations in many ways: `"Analytics"."Orders"`, `prod.analytics.orders`
    (OpenLineage dataset names carry the database), `[dbo].[orders]`, or a bare `orders`
    (unqualified SQL). This keeps the last two dot-separated parts, without quotes, in
    lower case; a bare name stays bare (resolved against the warehouse catalogue later, see
    int_lineage_edges_unioned). Names that are not relations (file paths, URLs) are only
    lower-cased and trimmed. dbt builds a model as `<name>__dbt_tmp` and swaps it in (and
    keeps `<name>__dbt_backup` meanwhile): logged SQL names those, but the relation they
    stand for is `<name>`. -#}
{% macro normalize_relation(name) -%}
    case
        when nullif(trim({{ name }}), '') is null then null
        when {{ name }} like '%/%' then lower(trim({{ name }}))
        else regexp_replace(
            array_to_string(
                list_slice(
                    string_split(lower(regexp_replace(trim({{ name }}), '["`\[\]]', '', 'g')), '.'),
                    -2,
                    -1
                ),
                '.'
            ),
            '__dbt_(tmp|backup)$',
            ''
        )
    end
{%- endmacro %}

{#- The file name of an artifact path, so references read `manifest.json nodes['...']`. -#}
{% macro file_name(path) -%}
    nullif(regexp_extract(coalesce({{ path }}, ''), '[^/\\\\]+$'), '')
{%- endmacro %}

{#- An identifier with quotes stripped, lower-cased; blank becomes null. -#}
{% macro clean_identifier(name) -%}
    nullif(lower(regexp_replace(trim({{ name }}), '["`\[\]]', '', 'g')), '')
{%- endmacro %}
