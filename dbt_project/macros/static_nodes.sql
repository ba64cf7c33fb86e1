{#- The seeds and the views hold nothing of any one scan: the seeds are the project's reference
    lists, and the views filter by the build scope when they are queried
    (scan_scope.sql). The orchestrator builds them once per project version and leaves them
    out of later scans' builds while `raw.dbt_static_nodes` names the version that built
    them. Any dbt run may replace them (a build by hand with `--vars` compiles the scan into
    the staging views; an edited seed is loaded by hand), so every run first drops that
    note; the orchestrator writes it again once its build has succeeded. -#}
{% macro forget_static_nodes() -%}
    create schema if not exists raw;
    create table if not exists raw.dbt_static_nodes (project_hash varchar, built_at timestamp);
    delete from raw.dbt_static_nodes
{%- endmacro %}
