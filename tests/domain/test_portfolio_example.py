"""The worked example of docs/portfolio.md (4 functions x 3 options), checked by hand and by brute force.

Limits: risk budget 12 points; at most 2 transitions start per half-year; at most 50 % of outsourced FTE
in one country; D is pinned to stay in-house; if A and B both move, A starts a half-year before B.

By hand: with D kept and B after A, the plan is A in half-year 1, B in half-year 2, C in either. The best
three options (A-IN, B-IN, C-IN: 100 + 60 + 62) need 16 risk points. Within 12 points:
- A-IN + B-PH + C-PH = 100 + 55 + 50 = 205, but India holds 10 of 19 FTE (53 % > 50 %);
- A-PH + B-IN + C-PH = 200, but the Philippines hold 10 of 18 FTE (56 %);
- A-IN + B-IN + C-PL = 190, India 18 of 20 FTE;
- A-PH + B-PL + C-IN = 90 + 30 + 62 = 182: 12 points; FTE 6 PH, 2 PL, 6 IN of 14 (43 % each)  <- optimum;
- A-PH + B-IN + C-PL = 90 + 60 + 30 = 180 is the runner-up.
C starts in half-year 1 (62 > 47) next to A: two starts, the most allowed.
"""

import json

import numpy as np
import pytest

from assessments.domain.portfolio import (
    Dependency,
    Pin,
    conflict_summary_en,
    efficient_frontier,
    plan_from_dict,
    plan_to_dict,
    portfolio_distribution,
    problem_from_dict,
    problem_to_dict,
    relaxation_gains,
    solve_portfolio,
    validate_problem,
)
from tests.domain.portfolio_brute import all_plans, brute_force, only_groups, value_of, violations
from tests.domain.portfolio_cases import example_problem


def test_worked_example_optimum_is_182_as_computed_by_hand_and_by_brute_force():
    problem = example_problem()
    plan = solve_portfolio(problem)
    best, best_plan = brute_force(problem)
    assert plan.status == "optimal"
    assert plan.objective == pytest.approx(182.0) == best
    assert {(m.function_id, m.option_key, m.start_period) for m in plan.moves} == {
        ("A", "A-PH", 0), ("B", "B-PL", 1), ("C", "C-IN", 0)}
    assert {k: (c.option_key, h) for k, (c, h) in best_plan.items()} == {
        "A": ("A-PH", 0), "B": ("B-PL", 1), "C": ("C-IN", 0)}
    values = sorted((value_of(problem, p) for p in all_plans(problem) if not violations(problem, p)), reverse=True)
    assert values[:2] == [182.0, 180.0]  # the optimum is unique; the runner-up is A-PH + B-IN + C-PL
    assert len(list(all_plans(problem))) == 7 ** 4
    assert plan.kept == ("D",)
    assert plan.total_risk == 12
    assert plan.fte_by_country == {"PH": 6, "PL": 2, "IN": 6}
    assert plan.starts_by_period == (2, 1)
    assert plan.lp_bound >= plan.objective - 1e-9
    assert plan.gap <= 1e-6


def test_worked_example_binding_limits_are_risk_first_half_year_dependency_and_pin():
    plan = solve_portfolio(example_problem())
    assert set(plan.binding) == {"risk_budget", "starts_per_period:0", "dependency:A->B", "pin:D"}


def test_relaxation_gains_match_brute_force_on_the_relaxed_problems():
    problem = example_problem()
    plan = solve_portfolio(problem)
    gains = {g.limit: g for g in relaxation_gains(problem, plan)}
    assert gains["risk_budget"].gain == pytest.approx(brute_force(example_problem(risk_budget=13.2))[0] - 182)
    assert gains["pin:D"].gain == pytest.approx(brute_force(example_problem(pins=()))[0] - 182)
    assert gains["dependency:A->B"].gain == pytest.approx(brute_force(example_problem(dependencies=()))[0] - 182)
    assert gains["pin:D"].gain > 0
    assert all(g.params["evaluated"] and g.params["proven"] for g in gains.values())
    assert "would add" in gains["pin:D"].sentence_en and gains["pin:D"].code == "pin"


def test_conflict_names_a_minimal_set_of_limits_with_sentences():
    # A pinned to India (5 points) and C pinned to India (6 points) cannot fit a 10-point risk budget;
    # the country share (India would hold all the FTE) is a second, separate reason.
    problem = example_problem(risk_budget=10.0, pins=(Pin("A", "option", "A-IN"), Pin("C", "country", "IN")))
    plan = solve_portfolio(problem)
    assert plan.status == "infeasible" and plan.moves == () and plan.conflicts_minimal
    limits = {c.limit for c in plan.conflicts}
    assert brute_force(only_groups(problem, limits))[0] is None
    for limit in limits:
        assert brute_force(only_groups(problem, limits - {limit}))[0] is not None
    assert limits in ({"risk_budget", "pin:A", "pin:C"}, {"country_share", "pin:A", "pin:C"})
    assert "cannot all be met" in conflict_summary_en(plan.conflicts)
    assert all(c.sentence_en and c.code for c in plan.conflicts)


def test_portfolio_distribution_sums_draws_not_percentiles():
    plan = solve_portfolio(example_problem())
    rng = np.random.default_rng(1)
    shock = rng.normal(size=1000)  # a shared shock: A gains when C loses
    draws = {("A", "A-PH"): 90 + 10 * shock, ("B", "B-PL"): np.full(1000, 40.0), ("C", "C-IN"): 62 - 10 * shock}
    out = portfolio_distribution(plan, draws)
    shift_b = 30 / 40  # B starts in half-year 2: NPV 30 instead of 40
    assert out["p10"] == pytest.approx(90 + 40 * shift_b + 62)
    assert out["p90"] == pytest.approx(out["p10"])
    sum_of_p10 = sum(np.quantile(v, 0.1) for v in draws.values())
    assert sum_of_p10 < out["p10"] - 10
    assert out["prob_positive"] == 1.0


def test_portfolio_distribution_uses_given_scale_and_names_missing_draws():
    plan = solve_portfolio(example_problem())
    draws = {("A", "A-PH"): np.array([1.0, 2.0]), ("B", "B-PL"): np.array([10.0, 20.0]),
             ("C", "C-IN"): np.array([100.0, 200.0])}
    out = portfolio_distribution(plan, draws, scale={("B", "B-PL"): 0.5})
    assert out["mean"] == pytest.approx((1 + 5 + 100 + 2 + 10 + 200) / 2)
    with pytest.raises(KeyError, match="C-IN"):
        portfolio_distribution(plan, {k: v for k, v in draws.items() if k[0] != "C"})


def test_frontier_gains_value_with_risk_and_ends_at_the_plan_without_risk_budget():
    problem = example_problem()
    frontier = efficient_frontier(problem, points=5, time_limit=10)
    assert [p.risk_budget for p in frontier] == sorted(p.risk_budget for p in frontier)
    assert all(p.risk <= p.risk_budget + 1e-9 for p in frontier)
    assert all(a.npv <= b.npv + 1e-9 for a, b in zip(frontier, frontier[1:], strict=False))
    assert frontier[-1].npv == pytest.approx(brute_force(example_problem(risk_budget=None))[0])
    for point in frontier:
        assert not violations(example_problem(risk_budget=point.risk_budget),
                              {m.function_id: (_cand(problem, m), m.start_period) for m in point.plan.moves})


def _cand(problem, move):
    function = next(f for f in problem.functions if f.function_id == move.function_id)
    return next(c for c in function.candidates if c.option_key == move.option_key)


def test_plan_and_problem_survive_a_json_round_trip():
    problem = example_problem()
    plan = solve_portfolio(problem)
    assert problem_from_dict(json.loads(json.dumps(problem_to_dict(problem)))) == problem
    assert plan_from_dict(json.loads(json.dumps(plan_to_dict(plan)))) == plan


def test_validation_names_each_bad_limit_by_field():
    problem = example_problem(risk_budget=-1.0, max_country_share=1.5, share_basis="hours",
                              pins=(Pin("Z", "keep"), Pin("A", "option", "A-XX")),
                              dependencies=(Dependency("A", "B"), Dependency("B", "A")))
    fields = [e.field for e in validate_problem(problem)]
    assert fields.count("pins") == 2
    assert {"risk_budget", "max_country_share", "share_basis", "dependencies"} <= set(fields)
    assert validate_problem(example_problem()) == []
    with pytest.raises(ValueError, match="risk_budget"):
        solve_portfolio(problem)
