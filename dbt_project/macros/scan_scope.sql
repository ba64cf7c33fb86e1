{#- Per-scan builds. A build computes only the scan it is scoped to: staging reads only its raw
    rows (at query time, see staging_scan_scope), and the marts and heavy intermediate tables are incremental, deleting that scan's
    rows and appending them anew, so every earlier scan's rows stay as they were. An unscoped
    build recomputes every scan (each per-scan table is emptied, then refilled).

    The scope is read when a model is compiled, from `raw.scan_build_scope`, which the
    orchestrator fills for the duration of its `dbt build` (EvidenceStore.dbt_build_scope).
    `--vars '{scan_id: X}'` overrides it, for a build by hand. Keeping the scan out of the
    vars keeps dbt's partial parsing: any change of a var makes dbt re-parse the project.

    Rescans with unchanged inputs: when every source of the scan was carried forward from one
    earlier scan P, and P was built by this same project, the orchestrator puts P in the
    scope's `reuse_from`. The models that read only their scan's raw rows and the seeds, never
    the scan clock nor other scans, then copy P's rows (`scan_scope(reusable=true)`) instead
    of computing them again: the same inputs give the same rows. -#}

{#- The scan this build is scoped to, or none for a build of every scan. -#}
{% macro scoped_scan_id() -%}
    {%- if var('scan_id', none) is not none -%}
        {{- return(var('scan_id')) -}}
    {%- endif -%}
    {{- return(build_scope_value('scan_id')) -}}
{%- endmacro %}

{#- The earlier scan whose rows the reusable models copy, or none (see above). Never under
    `--vars`: a build by hand computes everything. -#}
{% macro reused_scan_id() -%}
    {%- if var('scan_id', none) is not none -%}
        {{- return(none) -}}
    {%- endif -%}
    {{- return(build_scope_value('reuse_from')) -}}
{%- endmacro %}

{#- One column of the orchestrator's `raw.scan_build_scope` row, or none (no row, no such
    table or column, or parse time). -#}
{% macro build_scope_value(column) -%}
    {%- if not execute -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set scope_table = adapter.get_relation(database=target.database, schema='raw', identifier='scan_build_scope') -%}
    {%- if scope_table is none -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- if column not in (adapter.get_columns_in_relation(scope_table) | map(attribute='name') | list) -%}
        {{- return(none) -}}
    {%- endif -%}
    {%- set found = run_query('select ' ~ column ~ ' from ' ~ scope_table ~ ' order by set_at desc limit 1') -%}
    {{- return(found.columns[0].values()[0] if found.rows | length > 0 else none) -}}
{%- endmacro %}

{#- The staging views' where clause. A view is not computed when it is built: its filter runs
    with every query that reads it, so it reads the scope at query time, from the same
    `raw.scan_build_scope` row (every scan when there is none, outside the orchestrator's
    builds). The views' SQL is then the same for every scan, and scans build them only once
    per project version (orchestration/defs/evidence.py, `raw.dbt_static_nodes`). DuckDB runs
    the `in` as a semi join whose one scan id it pushes into the raw table's scan, as it
    would a constant. `--vars` keeps its constant, for a build by hand. -#}
{% macro staging_scan_scope(column='scan_id') -%}
    {%- if var('scan_id', none) is not none %}
    where {{ column }} = {{ sql_string(var('scan_id')) }}
    {%- else %}
    where {{ column }} in (
        select scan_id from {{ build_scope_table() }}
        union all
        select scan_id from {{ source('raw', 'scans') }}
        where not exists (select 1 from {{ build_scope_table() }})
    )
    {%- endif %}
{%- endmacro %}

{#- The orchestrator's scope row: bookkeeping (connectors/store.py creates it with the raw
    schema), not evidence, hence not a dbt source. -#}
{% macro build_scope_table() -%}
    raw.scan_build_scope
{%- endmacro %}

{#- A where clause keeping the scoped scan's rows (nothing on builds of every scan). With
    `reusable=true`, at the end of a model that reads only its scan's raw rows and the seeds:
    when the scope names a scan to reuse, the model's own query keeps no row (DuckDB prunes
    it unplanned) and that scan's rows are copied under the new scan id. -#}
{% macro scan_scope(column='scan_id', reusable=false) -%}
    {%- set scan_id = scoped_scan_id() -%}
    {%- if scan_id %}
    where {{ column }} = {{ sql_string(scan_id) }}
        {%- set reused = reused_scan_id() if reusable and is_incremental() else none %}
        {%- if reused %}
        and false
    union all by name
    -- inputs unchanged since scan {{ reused }}: its rows, under this scan's id
    select * replace ({{ sql_string(scan_id) }} as scan_id)
    from {{ this }}
    where scan_id = {{ sql_string(reused) }}
        {%- endif %}
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
