"""The catalog queries of the PostgreSQL crawl, kept apart from the code that runs them.

Everything is read from ``pg_catalog`` rather than ``information_schema``: the
information-schema views hide objects and grants the crawl role does not own or hold,
while ``pg_class``, ``pg_attribute``, ``pg_constraint`` and the ACL columns are readable
by any role. That is what lets a least-privilege crawl role still see every relation,
its owner and who was granted what, including the tables it cannot ``SELECT`` from.

None of them takes a lock on a client table (no ``pg_relation_size``, which would queue
behind a pipeline's ``ALTER TABLE``): a table is only touched when it is measured.
A table never analysed (``reltuples = -1``) is estimated from the statistics
collector's live-tuple count instead.

Every query takes ``%(schemas)s`` (a text array, or NULL for every non-system schema).
"""

from __future__ import annotations

SCHEMA_FILTER = """
    n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
    and (%(schemas)s::text[] is null or n.nspname = any(%(schemas)s::text[]))
"""

# Partitions are crawled through their parent (count(*) on the parent covers them), so
# a partitioned table appears once; materialized views hold data and have a definition.
RELATION_KINDS = "('r', 'p', 'v', 'm', 'f')"

RELATIONS = f"""
select current_database() as database_name,
       n.nspname as schema_name,
       c.relname as table_name,
       case c.relkind when 'v' then 'view' when 'm' then 'materialized_view'
                      when 'f' then 'foreign_table' else 'table' end as table_type,
       case when c.relkind in ('v', 'm') then pg_get_viewdef(c.oid, false) end as view_sql,
       obj_description(c.oid, 'pg_class') as comment,
       pg_get_userbyid(c.relowner) as owner,
       case when c.relkind = 'p' then
                (select sum(greatest(k.reltuples, 0))::bigint from pg_inherits i
                 join pg_class k on k.oid = i.inhrelid where i.inhparent = c.oid)
            when c.reltuples >= 0 then c.reltuples::bigint
            when c.relkind in ('r', 'm') then s.n_live_tup end as estimated_rows,
       has_table_privilege(c.oid, 'SELECT') as can_select,
       c.relrowsecurity as row_level_security,
       (greatest(s.last_analyze, s.last_autoanalyze) at time zone 'UTC') as last_analyzed_at,
       s.n_mod_since_analyze as modified_since_analyze
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
left join pg_stat_all_tables s on s.relid = c.oid
where c.relkind in {RELATION_KINDS} and not c.relispartition and {SCHEMA_FILTER}
order by n.nspname, c.relname
"""

COLUMNS = f"""
select current_database() as database_name,
       n.nspname as schema_name,
       c.relname as table_name,
       a.attname as column_name,
       row_number() over (partition by c.oid order by a.attnum)::int as ordinal,
       format_type(a.atttypid, a.atttypmod) as data_type,
       not a.attnotnull as is_nullable,
       pg_get_expr(d.adbin, d.adrelid) as column_default,
       col_description(c.oid, a.attnum) as comment,
       coalesce(a.attnum = any(pk.conkey), false) as is_primary_key
from pg_attribute a
join pg_class c on c.oid = a.attrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
left join pg_constraint pk on pk.conrelid = c.oid and pk.contype = 'p'
where a.attnum > 0 and not a.attisdropped
  and c.relkind in {RELATION_KINDS} and not c.relispartition and {SCHEMA_FILTER}
order by n.nspname, c.relname, a.attnum
"""

# Leading columns of plain b-tree indexes: min()/max() on them is two index probes,
# which is what makes a timestamp range affordable on a table too large to scan.
INDEXED_LEADING_COLUMNS = f"""
select n.nspname as schema_name, c.relname as table_name, a.attname as column_name
from pg_index i
join pg_class c on c.oid = i.indrelid
join pg_namespace n on n.oid = c.relnamespace
join pg_class ic on ic.oid = i.indexrelid
join pg_am am on am.oid = ic.relam
join pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[0]
where am.amname = 'btree' and i.indpred is null and i.indexprs is null and i.indisvalid
  and {SCHEMA_FILTER}
"""

SCHEMAS = f"""
select current_database() as database_name, n.nspname as schema_name,
       pg_get_userbyid(n.nspowner) as owner, obj_description(n.oid, 'pg_namespace') as comment
from pg_namespace n
where {SCHEMA_FILTER}
order by n.nspname
"""

ROLES = """
select r.rolname as role_name, r.rolcanlogin as can_login, r.rolsuper as is_superuser,
       array(select g.rolname::text from pg_auth_members m join pg_roles g on g.oid = m.roleid
             where m.member = r.oid order by 1) as member_of
from pg_roles r
where r.rolname !~ '^pg_'
order by r.rolname
"""

# Explicit ACL entries only (a NULL ACL means the owner's implicit rights), without the
# owner's own entry: what the owner may do is already said by ``owner``. Grantee 0 is PUBLIC.
GRANTS = f"""
select coalesce(g.rolname, 'PUBLIC') as grantee, a.privilege_type as privilege,
       case c.relkind when 'v' then 'view' when 'm' then 'materialized_view'
                      when 'f' then 'foreign_table' else 'table' end as object_type,
       n.nspname as schema_name, c.relname as object_name, a.grantee = 0 as is_public
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
cross join lateral aclexplode(c.relacl) a
left join pg_roles g on g.oid = a.grantee
where c.relacl is not null and a.grantee <> c.relowner
  and c.relkind in {RELATION_KINDS} and not c.relispartition and {SCHEMA_FILTER}
union all
select coalesce(g.rolname, 'PUBLIC'), a.privilege_type, 'schema', n.nspname, null, a.grantee = 0
from pg_namespace n
cross join lateral aclexplode(n.nspacl) a
left join pg_roles g on g.oid = a.grantee
where n.nspacl is not null and a.grantee <> n.nspowner and {SCHEMA_FILTER}
order by 4, 5 nulls first, 1, 2
"""

CONSTRAINTS = f"""
select current_database() as database_name, n.nspname as schema_name, c.relname as table_name,
       con.conname as constraint_name,
       case con.contype when 'p' then 'primary_key' when 'f' then 'foreign_key' else 'unique' end
           as constraint_type,
       array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
             join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum
             order by k.ord) as column_names,
       rn.nspname as ref_schema_name, rc.relname as ref_table_name,
       case when con.contype = 'f' then
           array(select a.attname::text from unnest(con.confkey) with ordinality k(attnum, ord)
                 join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
                 order by k.ord) end as ref_column_names
from pg_constraint con
join pg_class c on c.oid = con.conrelid
join pg_namespace n on n.oid = c.relnamespace
left join pg_class rc on rc.oid = con.confrelid
left join pg_namespace rn on rn.oid = rc.relnamespace
where con.contype in ('p', 'f', 'u') and {SCHEMA_FILTER}
order by 2, 3, 4
"""

POLICIES = f"""
select p.schemaname as schema_name, p.tablename as table_name, p.policyname as policy_name,
       p.cmd as command, p.permissive = 'PERMISSIVE' as is_permissive, p.roles::text[] as roles,
       p.qual as using_expression, p.with_check as check_expression
from pg_policies p
join pg_namespace n on n.nspname = p.schemaname
where {SCHEMA_FILTER}
order by 1, 2, 3
"""

# Approximate range of a column from ANALYZE's histogram, for large tables without an
# index on it: the extremes of a sample, so it is reported as such (``stats_note``).
HISTOGRAM_BOUNDS = """
select histogram_bounds::text as bounds
from pg_stats where schemaname = %(schema)s and tablename = %(table)s and attname = %(column)s
"""
