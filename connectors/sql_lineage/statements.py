"""Parse a SQL text into statements, one failure never hiding the statements around it.

Query logs and view definitions contain vendor statements sqlglot does not know
(``SET hive.x=1``, stored-procedure calls, a truncated paste). Parsing the whole text at
once would turn one bad statement into no lineage at all, so on failure the text is
split on top-level semicolons with the tokenizer (and, in T-SQL, before statement
keywords) and each piece is parsed alone, each with the second readings of ``lenient``.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from sqlglot import exp
from sqlglot.errors import ParseError, SqlglotError, TokenError
from sqlglot.tokens import Token, TokenType

from connectors.sql_lineage.dialects import parser_of, tokenizer_of
from connectors.sql_lineage.lenient import readings, split_statements

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _QuietFallback(logging.Filter):
    """Drop sqlglot's per-statement 'falling back to Command' warning: a scan of a query log
    meets thousands of vendor statements, and they are counted as kind 'other' instead."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "contains unsupported syntax" not in record.getMessage()


logging.getLogger("sqlglot").addFilter(_QuietFallback())


@dataclass
class Parsed:
    statements: list[exp.Expression]
    errors: list[str]  # one message per statement that could not be parsed


def error_message(err: Exception) -> str:
    """The parser's message without terminal colour codes, with line and column."""
    if isinstance(err, ParseError) and err.errors:
        first = err.errors[0]
        return f"{first.get('description')}. Line {first.get('line')}, Col: {first.get('col')}."
    return _ANSI.sub("", str(err)).strip() or type(err).__name__


def _split(sql: str, dialect: str) -> list[str]:
    """Top-level statements of ``sql`` by SEMICOLON tokens (never inside strings or comments)."""
    tokens = tokenizer_of(dialect).tokenize(sql)
    pieces, start = [], 0
    for tok in tokens:
        if tok.token_type == TokenType.SEMICOLON:
            pieces.append(sql[start : tok.start])
            start = tok.end + 1
    pieces.append(sql[start:])
    return [p for p in pieces if p.strip()]


def _parse(sql: str, dialect: str, tokens: list[Token] | None = None) -> list[exp.Expression]:
    if tokens is None:
        tokens = tokenizer_of(dialect).tokenize(sql)
    return [s for s in parser_of(dialect).parse(tokens, sql) if s is not None]


def _parse_or_retry(sql: str, dialect: str, tokens: list[Token] | None = None) -> list[exp.Expression]:
    """The statements of ``sql``, read a second way if the plain parse fails (``lenient``);
    raises the plain parse's error if no reading works."""
    try:
        return _parse(sql, dialect, tokens)
    except (SqlglotError, RecursionError) as err:
        for text, other in readings(sql, dialect):
            try:
                return _parse(text, other)
            except (SqlglotError, RecursionError):
                continue
        raise err


def parse_statements(sql: str, dialect: str, tokens: list[Token] | None = None) -> Parsed:
    """All statements of ``sql`` that parse, and a message for each that does not.

    ``tokens``, when given, are ``sql``'s tokens in ``dialect`` (the fingerprint's): the
    parser starts from them instead of tokenising the text a second time.
    """
    try:
        return Parsed(_parse_or_retry(sql, dialect, tokens), [])
    except (SqlglotError, RecursionError) as err:
        whole_error = error_message(err)
    try:
        pieces = [part for piece in _split(sql, dialect) for part in split_statements(piece, dialect)]
    except (TokenError, SqlglotError) as err:
        return Parsed([], [error_message(err)])
    if len(pieces) <= 1:
        return Parsed([], [whole_error])
    parsed, errors = [], []
    for n, piece in enumerate(pieces, start=1):
        try:
            parsed.extend(_parse_or_retry(piece, dialect))
        except (SqlglotError, RecursionError) as err:
            errors.append(f"statement {n}: {error_message(err)}")
    return Parsed(parsed, errors)


def statements_of(sql: str, dialect: str) -> list[exp.Expression]:
    """The statements of ``sql`` that parse, failures dropped (a procedure's body)."""
    return parse_statements(sql, dialect).statements


_WRITE = (exp.Insert, exp.Update, exp.Delete, exp.Merge, exp.Copy)
_DDL = (exp.Drop, exp.Alter, exp.TruncateTable, exp.Comment, exp.Grant)


def statement_kind(stmt: exp.Expression) -> str:
    """read | write | ddl | other for one parsed statement.

    CREATE TABLE ... AS SELECT and SELECT ... INTO materialise data, so they count as
    writes (they are what lineage is made of); CREATE VIEW only stores a definition.
    """
    if isinstance(stmt, _WRITE):
        return "write"
    if isinstance(stmt, exp.Create):
        kind = (stmt.args.get("kind") or "").upper()
        if kind == "TABLE" and isinstance(stmt.expression, (exp.Query, exp.Subquery)):
            return "write"
        return "ddl"
    if isinstance(stmt, _DDL):
        return "ddl"
    if isinstance(stmt, exp.Query):
        return "write" if stmt.args.get("into") else "read"
    return "other"


_KIND_RANK = {"write": 3, "ddl": 2, "read": 1, "other": 0}


def merge_kinds(kinds: list[str]) -> str:
    """The kind of a multi-statement text: its strongest statement (write > ddl > read)."""
    return max(kinds, key=_KIND_RANK.__getitem__, default="other")
