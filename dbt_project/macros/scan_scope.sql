{#- Per-scan builds. A build computes only the scan it is scoped to: staging reads only its raw
    rows, and the marts and heavy intermediate tables are incremental, deleting that scan's
    rows and appending them anew, so every earlier scan's rows stay as they were. An unscoped
    build recomputes every scan (each per-scan table is emptied, then refilled).

    The scope is read when a model is compiled, from `raw.scan_build_scope`, which the
    orchestrator fills for the duration of its `dbt build` (EvidenceStore.dbt_build_scope).
    `--vars '{scan_id: X}'` overrides it, for a build by hand. Keeping the scan out of the
    vars keeps dbt's partial parsing: any change of a var makes dbt re-parse the project. -#}

{#- The scan this build is scoped to, or none for a build of every scan. -#}
{% macro scoped_scan_id() -%}
    {%- if var('scan_id', none) is not none -%}
        {{- return(var('scan_id')) -}}
    {%- endif -%}
    {%- if not execute -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set scope_table = adapter.get_relation(database=target.database, schema='raw', identifier='scan_build_scope') -%}
    {%- if scope_table is none -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set scoped = run_query('select scan_id from ' ~ scope_table ~ ' order by set_at desc limit 1') -%}
    {{- return(scoped.columns[0].values()[0] if scoped.rows | length > 0 else none) -}}
{%- endmacro %}

{#- A where clause keeping the scoped scan's rows (nothing on builds of every scan). -#}
{% macro scan_scope(column='scan_id') -%}
    {%- set scan_id = scoped_scan_id() -%}
    {%- if scan_id %}
    where {{ column }} = {{ sql_string(scan_id) }}
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the per-scan models: remove the scoped scan's rows (every row on a build of
    every scan) before appending them again; a rebuild of a scan replaces its rows, even when
    it now has none. -#}
{% macro delete_scoped_scan_rows() -%}
    {%- if is_incremental() -%}
        {%- set scan_id = scoped_scan_id() -%}
        delete from {{ this }}{% if scan_id %} where scan_id = {{ sql_string(scan_id) }}{% endif %}
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
