"""A tiny progress channel from asset bodies to whoever is watching (the CLI's rich bars).

Dagster logs and metadata serve the UI; a terminal user of ``maturity scan`` wants a bar
that moves. Assets call :func:`update`; the CLI installs a sink for the duration of an
in-process run. With no sink installed (``dagster dev``) updates cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Sink = Callable[[str, str], None]  # (step, message)
_sink: Sink | None = None


def update(step: str, message: str = "") -> None:
    if _sink is not None:
        _sink(step, message)


@contextmanager
def installed(sink: Sink) -> Iterator[None]:
    global _sink
    previous, _sink = _sink, sink
    try:
        yield
    finally:
        _sink = previous
