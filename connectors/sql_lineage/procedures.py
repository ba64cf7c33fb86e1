"""The statements inside stored procedures and BEGIN ... END blocks.

Warehouses run much of their ETL from procedures, and a procedure's lineage is what its
body does when it is called. sqlglot hands bodies back in several shapes depending on
the dialect: a ``Block`` of parsed statements (T-SQL, Oracle), control flow blocks (IF,
WHILE, LOOP), a ``Command`` holding the text after ``BEGIN`` (BigQuery splits the body at
its semicolons and keeps only the first statement inside the command), or the body as a
string (Snowflake Scripting ``$$ ... $$``, PL/pgSQL). Each shape is opened here and text
bodies are parsed again, as many levels deep as needed (up to a limit).

What a body cannot show is not reported as a parse error: the procedure itself parsed,
and control-flow statements sqlglot does not model (``RETURN``, ``LET``, ``EXCEPTION``)
carry no lineage of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from sqlglot import exp

MAX_DEPTH = 8

# (text, dialect) -> the statements of the text that parse (errors dropped)
Reparse = Callable[[str, str], list[exp.Expression]]

_STRING_BODIES = (exp.RawString, exp.Heredoc, exp.Literal)


# A body given as text: [DECLARE ...] BEGIN <statements> END [;]
_BLOCK = re.compile(r"^\s*(?:DECLARE\b.*?)?\bBEGIN\b(.*)\bEND\b\s*;?\s*$", re.IGNORECASE | re.DOTALL)


def _inside_block(text: str) -> str:
    found = _BLOCK.match(text)
    return found.group(1) if found else text


def _text(node: object) -> str:
    if isinstance(node, exp.Expression):
        return node.name
    return node if isinstance(node, str) else ""


def inner_statements(
    stmt: exp.Expression, dialect: str, reparse: Reparse, depth: int = 0
) -> Iterator[exp.Expression]:
    """Every statement nested in ``stmt`` (a procedure, a block, a ``BEGIN`` command), deepest
    levels included; nothing for an ordinary statement."""
    if depth >= MAX_DEPTH:
        return
    for child in _children(stmt, dialect, reparse):
        yield child
        yield from inner_statements(child, dialect, reparse, depth + 1)


def _children(stmt: exp.Expression, dialect: str, reparse: Reparse) -> list[exp.Expression]:
    if isinstance(stmt, exp.Create):
        if (stmt.args.get("kind") or "").upper() != "PROCEDURE":
            return []
        body = stmt.expression
        if isinstance(body, _STRING_BODIES):
            return reparse(_inside_block(_text(body)), dialect)
        return [body] if isinstance(body, exp.Expression) else []
    if isinstance(stmt, exp.Block):  # Snowflake keeps a $$ body as a string inside the block
        out: list[exp.Expression] = []
        for e in stmt.expressions:
            if isinstance(e, _STRING_BODIES):
                out.extend(reparse(_inside_block(_text(e)), dialect))
            elif isinstance(e, exp.Expression):
                out.append(e)
        return out
    if isinstance(stmt, exp.IfBlock):
        return [b for b in (stmt.args.get("true"), stmt.args.get("false")) if isinstance(b, exp.Expression)]
    if isinstance(stmt, (exp.WhileBlock, exp.LoopBlock, exp.RepeatBlock)):
        body = stmt.args.get("body")
        return [body] if isinstance(body, exp.Expression) else []
    if isinstance(stmt, exp.Command) and _text(stmt.this).upper() == "BEGIN":
        text = _text(stmt.expression)
        return reparse(text, dialect) if text.strip() else []
    return []
