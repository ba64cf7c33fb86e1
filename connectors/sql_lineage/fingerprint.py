"""One pass of sqlglot's tokenizer per distinct query text: its hash, its kind, its comments.

The hash is of the text with comments removed and whitespace normalised (tokens joined
by single spaces), so the same query sent by two tools, or re-indented, is one
``query_hash`` and is parsed once by the lineage step. Comments are kept apart because
BI tools sign their queries there. The kind comes from the first top-level keyword of
each statement, without a full parse: a log can hold millions of rows.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache

from sqlglot.dialects.dialect import Dialect
from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

_READ = {TokenType.SELECT, TokenType.VALUES, TokenType.TABLE, TokenType.SHOW, TokenType.DESCRIBE}
_WRITE = {TokenType.INSERT, TokenType.UPDATE, TokenType.DELETE, TokenType.MERGE, TokenType.COPY}
_DDL = {
    TokenType.CREATE,
    TokenType.DROP,
    TokenType.ALTER,
    TokenType.TRUNCATE,
    TokenType.GRANT,
    TokenType.REVOKE,
    TokenType.COMMENT,
}
_RANK = {"write": 3, "ddl": 2, "read": 1, "other": 0}

_COMMENT_RE = re.compile(r"--[^\n]*|/\*.*?\*/", re.DOTALL)
_SPACE_RE = re.compile(r"\s+")


@dataclass(frozen=True)
class Fingerprint:
    query_hash: str
    statement_kind: str  # read | write | ddl | other
    comments: str  # all comments of the text, joined: where BI tools sign


def hash_text(normalised: str) -> str:
    return hashlib.blake2b(normalised.encode("utf-8", "surrogatepass"), digest_size=12).hexdigest()


def _statement_kind(tokens: list[Token]) -> str:
    """Kind of one statement from its top-level tokens (CTE bodies are inside parentheses)."""
    depth, first, saw_view, into_after_select = 0, None, False, False
    for tok in tokens:
        tt = tok.token_type
        if tt == TokenType.L_PAREN:
            depth += 1
            continue
        if tt == TokenType.R_PAREN:
            depth = max(depth - 1, 0)
            continue
        if depth:
            continue
        if first is None:
            if tt in _WRITE or tt in _DDL or tt in _READ:
                first = tt
                if tt in _WRITE:
                    return "write"
            continue
        if first == TokenType.CREATE:
            saw_view |= tt == TokenType.VIEW
            if tt in (TokenType.SELECT, TokenType.WITH) and not saw_view:
                return "write"  # CREATE TABLE ... AS SELECT materialises data
        elif first == TokenType.SELECT and tt == TokenType.INTO:
            into_after_select = True
    if first is None:
        return "other"
    if first in _DDL:
        return "ddl"
    return "write" if into_after_select else "read"


@lru_cache(maxsize=64)
def _dialect(name: str) -> Dialect:
    """One dialect instance per name (``get_or_raise`` re-parses the name on every call)."""
    return Dialect.get_or_raise(name)


def fingerprint(sql: str, dialect: str = "") -> Fingerprint:
    """Hash, kind and comments of a query text; never raises.

    >>> a = fingerprint("SELECT a -- Metabase:: userID: 1\\nFROM t")
    >>> b = fingerprint("select   a\\n FROM t")
    >>> a.statement_kind, a.comments.strip(), a.query_hash == fingerprint("SELECT a FROM t").query_hash
    ('read', 'Metabase:: userID: 1', True)
    """
    try:
        tokens = _dialect(dialect or "").tokenize(sql)
    except (SqlglotError, ValueError, RecursionError):
        return _fallback(sql)
    parts, comments, kinds, current = [], [], [], []
    for tok in tokens:
        if tok.comments:
            comments.extend(tok.comments)
        parts.append(sql[tok.start : tok.end + 1])
        if tok.token_type == TokenType.SEMICOLON:
            kinds.append(_statement_kind(current))
            current = []
        else:
            current.append(tok)
    if current:
        kinds.append(_statement_kind(current))
    if not tokens:  # only comments, or nothing
        comments.extend(m.group(0) for m in _COMMENT_RE.finditer(sql))
    kind = max(kinds, key=_RANK.__getitem__, default="other")
    return Fingerprint(hash_text(" ".join(parts)), kind, "\n".join(comments))


def _fallback(sql: str) -> Fingerprint:
    """Regex normalisation for text the tokenizer rejects (e.g. an unterminated string)."""
    comments = "\n".join(m.group(0) for m in _COMMENT_RE.finditer(sql))
    text = _SPACE_RE.sub(" ", _COMMENT_RE.sub(" ", sql)).strip()
    first = text.split(" ", 1)[0].upper() if text else ""
    kind = {
        "SELECT": "read",
        "WITH": "read",
        "INSERT": "write",
        "UPDATE": "write",
        "DELETE": "write",
        "MERGE": "write",
        "CREATE": "ddl",
        "DROP": "ddl",
        "ALTER": "ddl",
    }.get(first, "other")
    return Fingerprint(hash_text(text), kind, comments)
