"""Portfolio optimiser (issue 19): the public face. Pure: no Django; numpy and scipy only.

For every function one choice, keep in-house or move to one candidate starting in one half-year,
maximising the chosen objective under the manager's limits. See docs/portfolio.md.
"""

from collections.abc import Mapping

import numpy as np

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

__all__ = [
    "Conflict", "Dependency", "FrontierPoint", "LimitError", "Limits", "Move", "MoveCandidate", "Objective", "Pin",
    "PortfolioFunction", "PortfolioPlan", "PortfolioProblem", "RelaxationGain", "efficient_frontier",
    "plan_from_dict", "plan_to_dict", "portfolio_distribution", "problem_from_dict", "problem_to_dict",
    "relaxation_gains", "solve_portfolio", "validate_problem",
]


def validate_problem(problem: PortfolioProblem) -> list[LimitError]:
    raise NotImplementedError


def portfolio_distribution(plan: PortfolioPlan, draws: Mapping[tuple[str, str], np.ndarray],
                           scale: Mapping[tuple[str, str], float] | None = None) -> dict[str, float]:
    raise NotImplementedError


def efficient_frontier(problem: PortfolioProblem, *, points: int = 8, time_limit: float = 10.0
                       ) -> tuple[FrontierPoint, ...]:
    raise NotImplementedError


def relaxation_gains(problem: PortfolioProblem, plan: PortfolioPlan, *, time_limit: float = 10.0
                     ) -> tuple[RelaxationGain, ...]:
    raise NotImplementedError


def plan_to_dict(plan: PortfolioPlan) -> dict:
    raise NotImplementedError


def plan_from_dict(data: Mapping) -> PortfolioPlan:
    raise NotImplementedError


def problem_to_dict(problem: PortfolioProblem) -> dict:
    raise NotImplementedError


def problem_from_dict(data: Mapping) -> PortfolioProblem:
    raise NotImplementedError
