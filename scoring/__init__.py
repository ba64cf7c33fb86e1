"""Scoring core: pure Python, no I/O. Callers read files and pass parsed data.

``score_scan`` turns a scan's signals, survey, portfolio and table facts into a
:class:`Scorecard` using the rubric; ``Scorecard.to_dict()`` gives the result JSON keys
``score``, ``questions``, ``recommendations``, ``maturity`` and ``portfolio``
(docs/CONTRACTS.md section 4).
"""

from scoring.portfolio_data import ColumnIndex
from scoring.scorecard import Scorecard, score_scan

__all__ = ["ColumnIndex", "Scorecard", "score_scan"]
