"""Portfolio optimiser (issue 19): the public face. Pure: no Django; numpy and scipy only.

For every function one choice, keep in-house or move to one candidate starting in one half-year,
maximising the chosen objective under the manager's limits. See docs/portfolio.md.
"""

from .portfolio_analysis import efficient_frontier, portfolio_distribution, relaxation_gains
from .portfolio_conflicts import conflict_summary_en
from .portfolio_json import plan_from_dict, plan_to_dict, problem_from_dict, problem_to_dict
from .portfolio_solve import solve_portfolio
from .portfolio_types import (
    Conflict,
    Dependency,
    FrontierPoint,
    LimitError,
    Limits,
    Move,
    MoveCandidate,
    Objective,
    Pin,
    PortfolioFunction,
    PortfolioPlan,
    PortfolioProblem,
    RelaxationGain,
)
from .portfolio_validate import validate_problem

__all__ = [
    "Conflict", "Dependency", "FrontierPoint", "LimitError", "Limits", "Move", "MoveCandidate", "Objective", "Pin",
    "PortfolioFunction", "PortfolioPlan", "PortfolioProblem", "RelaxationGain", "conflict_summary_en",
    "efficient_frontier", "plan_from_dict", "plan_to_dict", "portfolio_distribution", "problem_from_dict",
    "problem_to_dict", "relaxation_gains", "solve_portfolio", "validate_problem",
]
