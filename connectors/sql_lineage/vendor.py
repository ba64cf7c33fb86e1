"""Vendor statements sqlglot keeps as text, whose lineage is still plain.

sqlglot falls back to a ``Command`` (the statement as text) for syntax it does not model,
and some engines move data through a function call. A few such statements are common in
warehouse logs and say exactly which tables they read and write; each is rewritten here
as the ``INSERT ... SELECT`` (or the query) it amounts to, so the rest of the extractor
handles it like any other statement:

- Redshift ``UNLOAD ('<query>') TO 's3://...'``: the quoted query is what is read (the
  path is not a table);
- Hive ``ALTER TABLE a EXCHANGE PARTITION (...) WITH TABLE b``: the partition moves
  from ``b`` into ``a``;
- Vertica ``SELECT SWAP_PARTITIONS_BETWEEN_TABLES('staging', min, max, 'target')``: the
  partitions of ``staging`` go to ``target`` (the names are string arguments).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot import exp
from sqlglot.errors import SqlglotError

# (text, dialect) -> the statements of the text that parse (errors dropped)
Reparse = Callable[[str, str], list[exp.Expression]]

_NAME = r"((?:[\w$]+|\"[^\"]+\"|`[^`]+`)(?:\s*\.\s*(?:[\w$]+|\"[^\"]+\"|`[^`]+`))*)"
_EXCHANGE = re.compile(
    rf"^\s*TABLE\s+{_NAME}\s+EXCHANGE\s+PARTITION\s*\(.*\)\s*WITH\s+TABLE\s+{_NAME}\s*$",
    re.IGNORECASE | re.DOTALL,
)
_UNLOAD = re.compile(r"^\s*\(\s*'((?:[^']|'')*)'\s*\)", re.DOTALL)


def _copy_into(target: str, source: str, dialect: str) -> exp.Expression | None:
    """``INSERT INTO target SELECT * FROM source``, or None if a name does not parse."""
    try:
        into = exp.to_table(target, dialect=dialect)
        src = exp.to_table(source, dialect=dialect)
    except (ValueError, SqlglotError):
        return None
    return exp.insert(exp.select("*").from_(src), into)


def rewrite(stmt: exp.Expression, dialect: str, reparse: Reparse) -> list[exp.Expression] | None:
    """The statements ``stmt`` stands for, or None when it is not one of the cases above."""
    if isinstance(stmt, exp.Command):
        keyword = (stmt.this or "").upper() if isinstance(stmt.this, str) else ""
        text = stmt.expression.name if isinstance(stmt.expression, exp.Expression) else stmt.expression
        if not isinstance(text, str):
            return None
        if keyword == "UNLOAD":
            found = _UNLOAD.match(text)
            return reparse(found.group(1).replace("''", "'"), dialect) if found else None
        if keyword == "ALTER":
            found = _EXCHANGE.match(text)
            made = _copy_into(found.group(1), found.group(2), dialect) if found else None
            return [made] if made is not None else None
        return None
    if isinstance(stmt, exp.Select) and len(stmt.selects) == 1 and not stmt.args.get("from_"):
        call = stmt.selects[0]
        if isinstance(call, exp.Anonymous) and call.name.lower() == "swap_partitions_between_tables":
            args = call.expressions
            if len(args) == 4 and all(isinstance(a, exp.Literal) and a.is_string for a in (args[0], args[3])):
                made = _copy_into(args[3].name, args[0].name, dialect)
                return [made] if made is not None else None
    return None
