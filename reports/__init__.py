"""Per-scan reports: self-contained HTML, Markdown and the result JSON.

``render_reports(result, out_dir, lang=None)`` is the one entry point. The package reads the
result JSON of CONTRACTS.md section 4 and nothing else: it imports ``scoring`` (for the signal
catalogue) but never ``connectors``, ``orchestration`` or Dagster.

Layout: ``view_model`` decides what is shown (translation, formatting, caps, chart geometry,
with ``charts`` and ``lineage_view``); ``render`` only fills the Jinja templates and writes
files; ``i18n`` holds the French and English strings.
"""

from __future__ import annotations

from reports.render import render_reports
from reports.view_model import build_view_model

__all__ = ["build_view_model", "render_reports"]
