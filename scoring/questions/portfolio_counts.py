"""Q10 and Q15 from the portfolio file: counted evidence rather than a declared number.

A project listed in the portfolio file is a checkable fact (its name and sponsor are in a
file the client signed off), so the count of projects (Q10) and of distinct sponsoring
departments (Q15) are evidence, each project being one evidence item.
"""

from __future__ import annotations

from scoring.evidence import EvidenceItem
from scoring.inputs import Portfolio
from scoring.questions.context import EvidenceContext
from scoring.questions.engine import EvidenceAnswer

_TEXT = {
    "fr": {
        "projects": "{n} projet(s) candidat(s) dans le portefeuille",
        "departments": "{n} département(s) commanditaire(s) distinct(s) dans le portefeuille",
    },
    "en": {
        "projects": "{n} candidate project(s) in the portfolio",
        "departments": "{n} distinct sponsoring department(s) in the portfolio",
    },
}


def portfolio_count(question_id: str, context: EvidenceContext) -> EvidenceAnswer | None:
    """Count projects or departments when the rubric says so and a portfolio was given.

    >>> from scoring.inputs import parse_portfolio
    >>> import scoring.questions.portfolio_counts as pc
    >>> p = parse_portfolio({"projects": [
    ...     {"name": "A", "department": "Sales", "tld": {"time": "high", "logic": "high", "data": "low"}},
    ...     {"name": "B", "department": "sales", "tld": {"time": "low", "logic": "high", "data": "low"}}]})
    >>> [pc.count(p, "projects"), pc.count(p, "departments")]
    [2, 1]
    """
    rule = context.rubric.questions[question_id].evidence
    if rule is None or rule.portfolio is None or context.portfolio is None:
        return None
    n = count(context.portfolio, rule.portfolio)
    if rule.portfolio == "projects":
        items = tuple(
            EvidenceItem("portfolio", p.name, p.department or "") for p in context.portfolio.projects
        )
    else:
        kind = "département" if context.lang == "fr" else "department"
        items = tuple(EvidenceItem("portfolio", d, kind) for d in context.portfolio.departments)
    question = context.rubric.questions[question_id]
    text = _TEXT.get(context.lang, _TEXT["en"])[rule.portfolio].format(n=n)
    return EvidenceAnswer(question_id, n, question.points_for(n), "high", text + ".", items)


def count(portfolio: Portfolio, what: str) -> int:
    """Number of projects, or of distinct departments, in a portfolio."""
    return len(portfolio.projects) if what == "projects" else len(portfolio.departments)
