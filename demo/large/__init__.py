"""A large synthetic client (issue 8): the demo's kinds of evidence at enterprise scale.

``build_large(size="large")`` writes a DuckDB warehouse of 20,000 relations, a 50 MB dbt
manifest, 200,000 query-log rows, 100,000 OpenLineage events and 20,000 GX results, plus
its client file, survey and portfolio; ``python -m demo.large --size small`` from a shell.
"""

from demo.large.builder import build_large
from demo.large.sizes import PRESETS, Sizes

__all__ = ["PRESETS", "Sizes", "build_large"]
