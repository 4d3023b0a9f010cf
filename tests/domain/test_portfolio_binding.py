"""Binding limits with lumpy FTE: a share limit that forces a loss-making move is named, though it has slack."""

from assessments.domain.portfolio import (
    Limits,
    Objective,
    PortfolioFunction,
    PortfolioProblem,
    relaxation_gains,
    solve_portfolio,
)
from tests.domain.portfolio_cases import candidate


def _diluting_problem(share: float | None) -> PortfolioProblem:
    # Onshore Korea saves 100 for F1; the Philippines loses 5 for F2. With at most `share` of the outsourced
    # FTE in one country, F1 alone is 100 % in Korea, so the optimum moves F2 too, at a loss, to dilute.
    functions = (
        PortfolioFunction("F1", "Claims", (candidate("F1-KR", "KR", "selective", (100,), 5, 10, (0.0,)),)),
        PortfolioFunction("F2", "ERP", (candidate("F2-PH", "PH", "total", (-5,), 5, 10, (0.0,)),)),
    )
    return PortfolioProblem(functions, Limits(periods=1, enforce_appetite=False, max_country_share=share),
                            Objective())  # fmt: skip


def test_a_share_limit_that_forces_a_loss_making_move_is_binding_though_it_has_slack():
    problem = _diluting_problem(0.6)
    plan = solve_portfolio(problem, time_limit=10)
    assert plan.status == "optimal" and plan.objective == 95
    assert {m.function_id for m in plan.moves} == {"F1", "F2"}
    # Korea holds 10 of 20 FTE against a cap of 12: 2 FTE of slack, but keeping F2 in-house (+5) would put
    # Korea at 100 %. The Philippines' row blocks nothing better.
    assert "country_share:KR" in plan.binding
    assert "country_share:PH" not in plan.binding
    gains = {g.limit: g for g in relaxation_gains(problem, plan, time_limit=10)}
    assert "country_share:KR" in gains


def test_no_share_limit_names_nothing_and_keeps_the_loss_making_function():
    problem = _diluting_problem(None)
    plan = solve_portfolio(problem, time_limit=10)
    assert plan.objective == 100 and [m.function_id for m in plan.moves] == ["F1"]
    assert not [name for name in plan.binding if name.startswith("country_share")]
