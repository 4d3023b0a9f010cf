"""The demo's TCO (issue 14): realistic rates, honest uncertainty, no saving beyond what is published."""

import pytest
from django.core.management import call_command

from assessments.domain.tco_calibration import published_ceiling
from assessments.models import Assessment, TcoRun


@pytest.fixture
def demo_run(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo_setup", stdout=open("/dev/null", "w"))  # noqa: SIM115
    runs = list(TcoRun.objects.filter(assessment__in=Assessment.objects.all()).order_by("id"))
    assert len(runs) == 2  # the manufacturer and the insurer
    for run in runs:
        assert run.status == TcoRun.Status.SUCCEEDED, run.error
    return runs


def _rows(runs):
    for run in runs:
        yield from _run_rows(run)


def _run_rows(run):
    mc = {(m["function_id"], m["option_id"]): m for m in run.result["monte_carlo"]}
    family = {str(f["function_id"]): f["rate_family"] for f in run.inputs["functions"]}
    for s in run.result["summary"]:
        if s["engagement"] != "in-house":
            yield s, mc[(s["function_id"], s["option_id"])], family[str(s["function_id"])]


def test_the_demo_probability_of_saving_differs_between_options_and_is_below_certain_on_estimates(demo_run):
    rows = list(_rows(demo_run))
    probabilities = [m["prob_saving"] for _, m, _ in rows]
    assert len({round(p, 2) for p in probabilities}) > 10  # not 100 % everywhere (model 2)
    model = [(s, m) for s, m, _ in rows if s["vendor_rate_basis"] == "model"]
    assert model and all(m["prob_saving"] < 1.0 for _, m in model)
    small = [m for s, m, _ in rows if abs(s["saving_pct"]) < 0.10]  # a small saving is never certain either way
    assert small and all(0.0 < m["prob_saving"] < 1.0 for m in small)
    assert len({s["breakeven_month"] for s, _, _ in rows}) > 5  # not month 7 everywhere


def test_no_demo_option_saves_more_than_the_published_range_without_a_quote(demo_run):
    for s, _, family in _rows(demo_run):
        assert s["vendor_rate_basis"] != "quote"
        ceiling, source = published_ceiling(family, s["engagement"])
        assert 100 * s["saving_pct"] <= ceiling, (s["option_id"], s["saving_pct"], source)


def test_the_demo_prices_india_and_the_philippines_from_the_rate_book_inside_the_published_ranges(demo_run):
    cells = {(c["location"], c["family"]): c for run in demo_run for c in run.inputs["rate_table"]}
    india_it = cells[("IN", "it_appdev")]
    assert india_it["basis"] == "rate_book" and 18 <= india_it["typical"] <= 60  # not 13.8 USD/h (model 2)
    voice = cells[("PH", "bpo_voice")]
    assert voice["basis"] == "rate_book" and 6 <= voice["low"] < voice["high"] <= 14
    for s, _, _ in _rows(demo_run):
        assert s["hourly_rate_usd"] > 5  # no 1-USD/h offshore rate anywhere
