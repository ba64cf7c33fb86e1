"""The bundled demo client: Acme Retail, a fictional French retailer with an imperfect data stack.

``build()`` generates the whole stack (warehouse, dbt artifacts, OpenLineage events, GX
results, query log) deterministically from a seed and a clock; ``demo.acme_findings`` lists
what is planted in it.
"""

from demo.acme.builder import DEFAULT_STACK_DIR, StackBuildError, build

__all__ = ["DEFAULT_STACK_DIR", "StackBuildError", "build"]
