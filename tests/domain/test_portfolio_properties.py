"""Properties of the portfolio optimiser on small random problems, each checked against brute force."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from assessments.domain.portfolio import solve_portfolio, validate_problem
from tests.domain.portfolio_brute import brute_force, only_groups, value_of, violations
from tests.domain.portfolio_cases import problems

FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.filter_too_much])


def chosen(problem, plan) -> dict:
    functions = {f.function_id: f for f in problem.functions}
    return {m.function_id: (next(c for c in functions[m.function_id].candidates if c.option_key == m.option_key),
                            m.start_period) for m in plan.moves}


@FAST
@given(problems())
def test_solver_value_equals_brute_force_optimum_and_no_limit_is_exceeded(problem):
    assert validate_problem(problem) == []
    plan = solve_portfolio(problem)
    best, _ = brute_force(problem)
    event(plan.status)
    if best is None:
        assert plan.status == "infeasible"
        return
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(best, abs=1e-6)
    assert value_of(problem, chosen(problem, plan)) == pytest.approx(plan.objective, abs=1e-6)
    assert violations(problem, chosen(problem, plan)) == set()
    assert plan.lp_bound >= plan.objective - 1e-6


@FAST
@given(problems(), st.data())
def test_relaxing_a_limit_never_lowers_the_optimum(problem, data):
    plan = solve_portfolio(problem)
    assume(plan.status == "optimal")
    limits = problem.limits
    options = {"appetite": replace(limits, enforce_appetite=False)}
    if limits.risk_budget is not None:
        options["risk_budget"] = replace(limits, risk_budget=limits.risk_budget + 3)
    if limits.max_country_share is not None:
        options["country_share"] = replace(limits, max_country_share=min(1.0, limits.max_country_share + 0.1))
    if limits.max_form_share is not None:
        options["form_share"] = replace(limits, max_form_share=min(1.0, limits.max_form_share + 0.1))
    if limits.max_starts_per_period is not None:
        options["starts"] = replace(limits, max_starts_per_period=limits.max_starts_per_period + 1)
    if limits.max_fte_per_period is not None:
        options["fte"] = replace(limits, max_fte_per_period=limits.max_fte_per_period + 2)
    if limits.one_off_budget_per_year is not None:
        options["one_off"] = replace(limits, one_off_budget_per_year=limits.one_off_budget_per_year + 5)
    if limits.pins:
        options["pin"] = replace(limits, pins=limits.pins[1:])
    if limits.dependencies:
        options["dependency"] = replace(limits, dependencies=limits.dependencies[1:])
    relaxed = solve_portfolio(replace(problem, limits=options[data.draw(st.sampled_from(sorted(options)))]))
    assert relaxed.status == "optimal"
    assert relaxed.objective >= plan.objective - 1e-6


@FAST
@given(problems())
def test_a_pinned_function_keeps_its_pin(problem):
    assume(problem.limits.pins)
    plan = solve_portfolio(problem)
    assume(plan.status == "optimal")
    moves = {m.function_id: m for m in plan.moves}
    for pin in problem.limits.pins:
        move = moves.get(pin.function_id)
        if pin.kind == "keep":
            assert move is None and pin.function_id in plan.kept
        else:
            assert move is not None
            assert pin.kind != "country" or move.country == pin.value
            assert pin.kind != "option" or move.option_key == pin.value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(problems(tight=True))
def test_infeasible_limits_give_a_minimal_conflict(problem):
    plan = solve_portfolio(problem)
    assume(plan.status == "infeasible")
    groups = {c.limit for c in plan.conflicts}
    assert groups, "an infeasible plan names its conflicts"
    assert plan.conflicts_minimal
    assert brute_force(only_groups(problem, groups))[0] is None
    for group in groups:
        assert brute_force(only_groups(problem, groups - {group}))[0] is not None, group
    assert all(c.sentence_en and c.code for c in plan.conflicts)
