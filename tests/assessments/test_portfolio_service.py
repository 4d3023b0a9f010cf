"""Portfolio runs: the problem built from the scores and the TCO run, solved in the background, reused, saved."""

import pytest

from assessments.domain import portfolio as pf
from assessments.domain.portfolio_stored import result_from_json
from assessments.models import PortfolioPlan, PortfolioRun, TcoRun
from assessments.selectors.portfolio_inputs import PortfolioUnavailable, lost_beyond_horizon, portfolio_source, shifted
from assessments.services import portfolio as services
from tests.assessments.portfolio_fixtures import demo  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_problem_has_every_function_with_its_costed_allowed_options(demo):  # noqa: F811
    source = portfolio_source(demo, periods=6)
    assert len(source.functions) == demo.functions.count()
    candidates = [c for f in source.functions for c in f.candidates]
    assert candidates and all(len(c.npv_by_start) == 6 for c in candidates)
    assert all(c.risk_points >= 0 and c.fte > 0 for c in candidates)
    assert all(c.npv_by_start[5] <= c.npv_by_start[0] or c.npv_by_start[0] < 0 for c in candidates)


def test_a_late_start_discounts_by_half_years_and_loses_the_years_past_the_horizon():
    savings = [-100.0, 50.0, 50.0, 50.0, 50.0]
    lost = lost_beyond_horizon(__import__("numpy").array(savings), 0.0, 3)
    assert list(lost) == [0.0, 25.0, 50.0]  # half of year 5, then all of it
    assert shifted(100.0, lost, 0.0, 3) == (100.0, 75.0, 50.0)


def test_without_a_finished_tco_run_the_portfolio_says_so(demo):  # noqa: F811
    TcoRun.objects.filter(assessment=demo).delete()
    with pytest.raises(PortfolioUnavailable) as caught:
        services.portfolio_run_request(assessment=demo, limits={})
    assert caught.value.code == "no_tco"


def test_a_solve_stores_plan_distribution_frontier_and_gains_once_and_is_reused(demo,  # noqa: F811
                                                                                 django_capture_on_commit_callbacks):
    limits = {"max_starts_per_period": 2}
    with django_capture_on_commit_callbacks(execute=True):
        requested = services.portfolio_run_request(assessment=demo, limits=limits)
    run = PortfolioRun.objects.get(pk=requested.run.pk)
    assert run.status == PortfolioRun.Status.SUCCEEDED, run.error
    result = result_from_json(run.result)
    assert result.solved and result.plan.moves
    assert result.distribution["p10"] <= result.distribution["p50"] <= result.distribution["p90"]
    assert any(row.is_plan for row in result.frontier)
    assert max(result.plan.starts_by_period) <= 2
    again = services.portfolio_run_request(assessment=demo, limits=limits)
    assert again.run.pk == run.pk and not again.created
    services.portfolio_run_execute(run_id=run.pk)  # a redelivered message stores nothing new
    assert PortfolioRun.objects.filter(assessment=demo).count() == 1
    plan = services.portfolio_plan_save(run=run, name="Two a half-year")
    assert PortfolioPlan.objects.get(pk=plan.pk).result == run.result
    with pytest.raises(services.PlanNameTaken):
        services.portfolio_plan_save(run=run, name="Two a half-year")


def test_bad_limits_are_named_by_field_and_nothing_is_stored(demo):  # noqa: F811
    with pytest.raises(services.LimitsInvalid) as caught:
        services.portfolio_run_request(assessment=demo, limits={"max_country_share": 1.5, "risk_budget": -1})
    assert set(caught.value.errors) == {"max_country_share", "risk_budget"}
    assert not PortfolioRun.objects.exists()


def test_limits_that_cannot_all_be_met_name_the_conflict(demo, django_capture_on_commit_callbacks):  # noqa: F811
    first = str(demo.functions.order_by("sort_order", "id").first().pk)
    limits = {"risk_budget": 0.0, "pins": [{"function_id": first, "kind": "move"}]}
    with django_capture_on_commit_callbacks(execute=True):
        requested = services.portfolio_run_request(assessment=demo, limits=limits)
    run = PortfolioRun.objects.get(pk=requested.run.pk)
    plan = pf.plan_from_dict(run.result["plan"])
    assert plan.status == "infeasible"
    assert {c.limit for c in plan.conflicts} == {"risk_budget", f"pin:{first}"}
