"""Second readings of a text the dialect's parser rejects.

Each is tried only after the plain parse failed, so a text that parses is never read
differently, and if none helps the plain parse's message is the one reported:

- T-SQL compound assignment (``SET qty += n.qty``): sqlglot has no such operator.
  ``SET qty = n.qty`` has the same lineage (a target's own column is not lineage into it);
- Athena: its DML dialect (Trino) refuses backticks, yet DDL is Hive's and people write
  `` `db`.`table` `` in queries too: the text is read as Hive;
- T-SQL batches separate statements by line breaks alone (``INSERT ... SELECT ...`` then
  ``INSERT ...`` on the next line): the text is split before each statement keyword at
  the top level, except where the keyword continues a statement (``THEN INSERT`` in a
  MERGE, ``ON DELETE``, ``GRANT INSERT, UPDATE``).
"""

from __future__ import annotations

from itertools import pairwise

from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

from connectors.sql_lineage.dialects import tokenizer_of

_FALLBACK_DIALECT = {"athena": "hive"}
_NO_SEMICOLONS = {"tsql"}
_COMPOUND = {
    TokenType.PLUS,
    TokenType.DASH,
    TokenType.STAR,
    TokenType.SLASH,
    TokenType.MOD,
    TokenType.AMP,
    TokenType.PIPE,
    TokenType.CARET,
}
_STARTS = {
    TokenType.INSERT,
    TokenType.UPDATE,
    TokenType.DELETE,
    TokenType.MERGE,
    TokenType.CREATE,
    TokenType.DROP,
    TokenType.ALTER,
    TokenType.TRUNCATE,
}
_CONTINUES = {TokenType.THEN, TokenType.ON, TokenType.FOR, TokenType.COMMA, TokenType.GRANT, TokenType.REVOKE}


def readings(sql: str, dialect: str) -> list[tuple[str, str]]:
    """(text, dialect) pairs to parse, in order, after ``sql`` failed in ``dialect``."""
    out = []
    if dialect == "tsql":
        fixed = _without_compound_assignment(sql, dialect)
        if fixed is not None:
            out.append((fixed, dialect))
    if dialect in _FALLBACK_DIALECT:
        out.append((sql, _FALLBACK_DIALECT[dialect]))
    return out


def _tokens(sql: str, dialect: str) -> list[Token]:
    try:
        return tokenizer_of(dialect).tokenize(sql)
    except (SqlglotError, ValueError, RecursionError):  # no second reading
        return []


def _without_compound_assignment(sql: str, dialect: str) -> str | None:
    tokens = _tokens(sql, dialect)
    cuts = [
        op.start
        for op, eq in pairwise(tokens)
        if op.token_type in _COMPOUND and eq.token_type == TokenType.EQ and eq.start == op.end + 1
    ]
    if not cuts:
        return None
    for cut in reversed(cuts):
        sql = sql[:cut] + " " + sql[cut + 1 :]
    return sql


def split_statements(sql: str, dialect: str) -> list[str]:
    """``sql`` cut before each top-level statement keyword, for dialects that allow
    statements without semicolons; ``[sql]`` otherwise."""
    if dialect not in _NO_SEMICOLONS:
        return [sql]
    tokens = _tokens(sql, dialect)
    cuts, depth = [], 0
    for prev, tok in pairwise(tokens):
        if prev.token_type == TokenType.L_PAREN:
            depth += 1
        elif prev.token_type == TokenType.R_PAREN:
            depth = max(depth - 1, 0)
        if depth == 0 and tok.token_type in _STARTS and prev.token_type not in _CONTINUES:
            cuts.append(tok.start)
    if not cuts:
        return [sql]
    bounds = [0, *cuts, len(sql)]
    return [sql[a:b] for a, b in pairwise(bounds) if sql[a:b].strip()]
