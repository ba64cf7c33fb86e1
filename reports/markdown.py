"""Escaping for text placed in the Markdown report.

Markdown renderers (GitHub, GitLab, VS Code, static-site tools) pass raw HTML through, so
a client string such as a table named ``<script>...`` must never reach the file verbatim,
and a ``|`` in a message would break a table row. Two filters cover every value: ``md`` for
prose and table cells, ``mdcode`` for identifiers shown in monospace.
"""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#!~])")
# Only an ampersand that would start a character reference needs escaping; "R&D" stays readable.
_ENTITY = re.compile(r"&(?=#?\w+;)")


def _one_line(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def md_text(value: object) -> str:
    """Escape text for Markdown prose or a table cell: one line, no raw HTML, no markup.

    >>> md_text("a|b <script>alert(1)</script> *x*")
    'a\\\\|b &lt;script&gt;alert(1)&lt;/script&gt; \\\\*x\\\\*'
    """
    text = _ENTITY.sub("&amp;", _one_line(value)).replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_code(value: object, table: bool = True) -> str:
    """A code span that survives any content: fence longer than any backtick run inside.

    Inside code spans HTML is inert, so ``<`` stays literal. In a table cell ``|`` is still
    escaped because GFM splits cells before parsing code spans (``table=False`` elsewhere,
    where the backslash would show).

    >>> md_code("raw.<x>|y")
    '`raw.<x>\\\\|y`'
    """
    text = _one_line(value)
    if table:
        text = text.replace("|", "\\|")
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
