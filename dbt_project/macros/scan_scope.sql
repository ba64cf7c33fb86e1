{#- Per-scan builds. `dbt build --vars '{scan_id: X}'` computes only scan X: staging reads
    only its raw rows, and the marts and heavy intermediate tables are incremental, deleting
    X's rows and appending them anew, so every earlier scan's rows stay as they were. Without
    the var every model is rebuilt over all scans (tables, not incremental). -#}

{#- The scan this build is scoped to, or none for a full build. -#}
{% macro scoped_scan_id() -%}
    {{- return(var('scan_id', none)) -}}
{%- endmacro %}

{#- Materialization of the per-scan models: incremental when scoped to one scan. -#}
{% macro scan_materialization() -%}
    {{- 'incremental' if scoped_scan_id() else 'table' -}}
{%- endmacro %}

{#- A where clause keeping the scoped scan's rows (nothing on full builds). -#}
{% macro scan_scope(column='scan_id') -%}
    {%- if scoped_scan_id() %}
    where {{ column }} = '{{ scoped_scan_id() | replace("'", "''") }}'
    {%- endif -%}
{%- endmacro %}

{#- Pre-hook of the per-scan models: remove the scoped scan's rows before appending them
    again (a rebuild of the same scan replaces its rows, even when it now has none). -#}
{% macro delete_scoped_scan_rows() -%}
    {%- if scoped_scan_id() and is_incremental() -%}
    delete from {{ this }} where scan_id = '{{ scoped_scan_id() | replace("'", "''") }}'
    {%- else -%}
    select 1
    {%- endif -%}
{%- endmacro %}
