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

from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token, TokenType

from connectors.sql_lineage.dialects import tokenizer_of

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


def _statement_kind(types: list[TokenType]) -> str:
    """Kind of one statement from its top-level token types (CTE bodies are inside parentheses)."""
    lead = types[0] if types else None
    if lead in _WRITE:
        return "write"
    if lead in _DDL and lead != TokenType.CREATE:
        return "ddl"
    if lead in _READ and (lead != TokenType.SELECT or TokenType.INTO not in types):
        return "read"
    depth, first, saw_view, into_after_select = 0, None, False, False
    for tt in types:
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


def tokenize(sql: str, dialect: str = "") -> list[Token]:
    """sqlglot's tokens of ``sql``; raises as the tokenizer does (TokenError, unknown dialect)."""
    return tokenizer_of(dialect or "").tokenize(sql)


def from_tokens(sql: str, tokens: list[Token]) -> Fingerprint:
    """The fingerprint of ``sql`` from its tokens, so a caller that parses next tokenises once."""
    if not tokens:  # only comments, or nothing
        comments = [m.group(0) for m in _COMMENT_RE.finditer(sql)]
        return Fingerprint(hash_text(""), "other", "\n".join(comments))
    text = " ".join([sql[tok.start : tok.end + 1] for tok in tokens])
    comments = [c for tok in tokens if tok.comments for c in tok.comments]
    types = [tok.token_type for tok in tokens]
    if TokenType.SEMICOLON in types:
        kinds, start = [], 0
        for i, tt in enumerate(types):
            if tt == TokenType.SEMICOLON:
                if i > start:
                    kinds.append(_statement_kind(types[start:i]))
                start = i + 1
        if start < len(types):
            kinds.append(_statement_kind(types[start:]))
        kind = max(kinds, key=_RANK.__getitem__, default="other")
    else:
        kind = _statement_kind(types)
    return Fingerprint(hash_text(text), kind, "\n".join(comments))


def fingerprint(sql: str, dialect: str = "") -> Fingerprint:
    """Hash, kind and comments of a query text; never raises.

    >>> a = fingerprint("SELECT a -- Metabase:: userID: 1\\nFROM t")
    >>> b = fingerprint("select   a\\n FROM t")
    >>> a.statement_kind, a.comments.strip(), a.query_hash == fingerprint("SELECT a FROM t").query_hash
    ('read', 'Metabase:: userID: 1', True)
    """
    try:
        tokens = tokenize(sql, dialect)
    except (SqlglotError, ValueError, RecursionError):
        return _fallback(sql)
    return from_tokens(sql, tokens)


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
