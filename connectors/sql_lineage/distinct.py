"""Fingerprints of a query log's texts, each distinct statement tokenised once.

A log repeats a few thousand statements a hundred thousand times, and BI tools make the
repeats distinct texts by signing each run in a leading comment (Metabase's user and
query type, Looker's context). Tokenising every distinct text would tokenise the same
statement once per signature, and the lineage step would then tokenise it again to
parse it.

Here the run of whitespace and comments in front of a text is split off with a regex and
the rest (the body) is looked up: a body seen before gives its hash and kind at once, and
only the prefix's comments are new. The regex does not decide what a comment is: the
prefix is tokenised on its own (a few dozen characters, once per distinct prefix) and must
come out as comments only, which holds for nested comments, hints and every dialect's
comment markers, or the text takes the full path. The first text of each new hash is
handed over with its tokens, so the parser can reuse them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlglot.errors import SqlglotError
from sqlglot.tokens import Token

from connectors.sql_lineage.fingerprint import Fingerprint, fingerprint, from_tokens, tokenize

# Whitespace and comments in front of the statement (confirmed by the tokenizer, see above).
_LEAD = re.compile(r"(?:[ \t\r\n]+|--[^\r\n]*|/\*.*?\*/)+", re.DOTALL)
_CACHE_MAX = 200_000
_PROBE = "x"  # an identifier in every dialect: what follows the prefix when it is tokenised alone

# (query_hash, first text seen with that hash, its tokens or None when the tokenizer failed)
OnNew = Callable[[str, str, "list[Token] | None"], None]


class DistinctTexts:
    """Fingerprints texts of one dialect; reports each new ``query_hash`` once, with its tokens."""

    def __init__(self, dialect: str, on_new: OnNew | None = None) -> None:
        self.dialect = dialect
        self.on_new = on_new
        self.first_text: dict[str, str] = {}  # query_hash -> first text seen
        self._bodies: dict[str, tuple[str, str, list[str]]] = {}  # body -> (hash, kind, its comments)
        self._prefixes: dict[str, list[str] | None] = {}  # prefix -> its comments, None if not only comments

    def fingerprint(self, sql: str) -> Fingerprint:
        """The same value as ``fingerprint(sql, dialect)``, without tokenising a known body again."""
        lead = _LEAD.match(sql)
        cut = lead.end() if lead else 0
        body = sql[cut:]
        known = self._bodies.get(body) if body else None
        if known is not None:
            comments = self._prefix_comments(sql[:cut])
            if comments is not None:
                query_hash, kind, body_comments = known
                return Fingerprint(query_hash, kind, "\n".join(comments + body_comments))
        try:
            tokens: list[Token] | None = tokenize(sql, self.dialect)
        except (SqlglotError, ValueError, RecursionError):
            tokens = None
        fp = from_tokens(sql, tokens) if tokens is not None else fingerprint(sql, self.dialect)
        if tokens and body:
            self._remember(body, sql[:cut], fp, tokens)
        if fp.query_hash not in self.first_text:
            self.first_text[fp.query_hash] = sql
            if self.on_new is not None:
                self.on_new(fp.query_hash, sql, tokens)
        return fp

    def _remember(self, body: str, prefix: str, fp: Fingerprint, tokens: list[Token]) -> None:
        lead = self._prefix_comments(prefix)
        if lead is None:
            return
        comments = [c for tok in tokens if tok.comments for c in tok.comments]
        if comments[: len(lead)] != lead:
            return
        if len(self._bodies) >= _CACHE_MAX:
            self._bodies.clear()
        self._bodies[body] = (fp.query_hash, fp.statement_kind, comments[len(lead) :])

    def _prefix_comments(self, prefix: str) -> list[str] | None:
        """The comments of a text's prefix as the tokenizer reads them; None if it reads more."""
        if not prefix.strip():
            return []
        if prefix in self._prefixes:
            return self._prefixes[prefix]
        try:
            tokens = tokenize(prefix + _PROBE, self.dialect)
        except (SqlglotError, ValueError, RecursionError):
            tokens = []
        ok = len(tokens) == 1 and tokens[0].text == _PROBE
        if len(self._prefixes) >= _CACHE_MAX:
            self._prefixes.clear()
        got = self._prefixes[prefix] = list(tokens[0].comments) if ok else None
        return got
