"""The reports carry the chosen portfolio plan (the latest saved one, else the latest solved run), in English and
Korean: the Excel sheet with its totals and distribution rows, the PDF's "Portfolio plan" section, and the report
cache that makes a new file when a new plan is saved."""

import io
import subprocess

import pandas as pd
import pytest

from assessments.models import PortfolioPlan, PortfolioRun, ReportRun
from assessments.reports.data import report_data
from assessments.reports.pdf_context import board_money
from assessments.reports.registry import render_report
from assessments.selectors.portfolio import chosen_plan, half_year
from assessments.services import portfolio as services
from assessments.services import reports as report_services
from tests.assessments.portfolio_fixtures import demo  # noqa: F401

pytestmark = pytest.mark.django_db

NO_PLAN = {"en": "No portfolio plan has been solved yet", "ko": "아직 산출된 포트폴리오 계획이 없습니다"}


def _solve(assessment, capture, **limits) -> PortfolioRun:
    with capture(execute=True):
        requested = services.portfolio_run_request(assessment=assessment, limits=limits)
    requested.run.refresh_from_db()
    assert requested.run.status == PortfolioRun.Status.SUCCEEDED
    return requested.run


def _sheet(assessment, language: str) -> pd.DataFrame:
    workbook = render_report(report_data(assessment, language=language), "xlsx")
    name = "포트폴리오 계획" if language == "ko" else "Portfolio plan"
    return pd.read_excel(io.BytesIO(workbook), sheet_name=name)


def _pdf_pages(pdf: bytes, tmp_path) -> list[str]:
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in text.decode("utf-8").split("\f")]


def _pdf_text(assessment, language: str, tmp_path) -> str:
    return " ".join(_pdf_pages(render_report(report_data(assessment, language=language), "pdf"), tmp_path))


def _images_on(pdf_path, first: int, last: int) -> int:
    listing = subprocess.run(["pdfimages", "-list", "-f", str(first), "-l", str(last), str(pdf_path)],
                             capture_output=True, check=True, text=True).stdout  # fmt: skip
    return len(listing.splitlines()) - 2  # two header lines


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_workbook_has_the_saved_plan_its_totals_and_distribution(demo, language,  # noqa: F811
                                                                     django_capture_on_commit_callbacks):
    run = _solve(demo, django_capture_on_commit_callbacks, max_starts_per_period=2)
    services.portfolio_plan_save(run=run, name="Board plan")
    frame = _sheet(demo, language)
    functions = demo.functions.count()
    assert set(frame.iloc[:, 0]) == {"Board plan"}
    rows = frame.iloc[:functions]
    assert list(rows.iloc[:, 1]) == list(demo.functions.order_by("sort_order", "id").values_list("name", flat=True))
    extra = frame.iloc[functions:].set_index(frame.columns[1])
    result = run.result
    plan, distribution = result["plan"], result["distribution"]
    total, p10, p50, p90, risk = ("합계", "포트폴리오 NPV, P10(비관)", "포트폴리오 NPV, P50(중앙값)",
                                  "포트폴리오 NPV, P90(낙관)", "위험 점수 합계") if language == "ko" else (
        "Total", "Portfolio NPV, P10 (pessimistic)", "Portfolio NPV, P50 (median)", "Portfolio NPV, P90 (optimistic)",
        "Total risk points")  # fmt: skip
    npv, risk_col, share_col = frame.columns[5], frame.columns[8], frame.columns[10]
    assert extra.loc[total, npv] == pytest.approx(plan["npv_expected"], rel=1e-9)
    assert extra.loc[total, risk_col] == pytest.approx(plan["total_risk"])
    assert rows[npv].sum() == pytest.approx(plan["npv_expected"], rel=1e-9)  # the total is the rows' sum
    for label, key in ((p10, "p10"), (p50, "p50"), (p90, "p90")):
        assert extra.loc[label, npv] == pytest.approx(distribution[key], rel=1e-9)
    assert extra.loc[p10, npv] <= extra.loc[p50, npv] <= extra.loc[p90, npv]
    assert extra.loc[risk, risk_col] == pytest.approx(plan["total_risk"])
    shares = frame[share_col].dropna()
    assert len(shares) == len(plan["fte_by_country"]) and shares.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("language", ["en", "ko"])
def test_without_a_plan_the_sheet_says_how_to_make_one(demo, language):  # noqa: F811
    frame = _sheet(demo, language)
    assert len(frame) == 1 and frame.iloc[0, 0].startswith(NO_PLAN[language])


def test_the_chosen_plan_is_the_latest_saved_else_the_latest_solved_run(demo,  # noqa: F811
                                                                      django_capture_on_commit_callbacks):
    assert chosen_plan(demo) is None
    first = _solve(demo, django_capture_on_commit_callbacks)
    assert chosen_plan(demo)["source"] == {"kind": "run", "id": first.pk}
    first_pin = demo.functions.order_by("sort_order", "id").first()
    conflict = _solve(demo, django_capture_on_commit_callbacks, risk_budget=0,
                      pins=[{"function_id": str(first_pin.pk), "kind": "move"}])  # fmt: skip
    assert conflict.result["plan"]["status"] == "infeasible"
    assert chosen_plan(demo)["source"]["id"] == first.pk  # a run whose limits conflict is no plan
    saved = services.portfolio_plan_save(run=first, name="Board plan")
    _solve(demo, django_capture_on_commit_callbacks, max_starts_per_period=1)
    chosen = chosen_plan(demo)
    assert chosen["kind"] == "saved" and chosen["name"] == "Board plan" and chosen["source"]["id"] == saved.pk


def test_a_report_is_served_again_until_a_new_plan_is_saved(demo, django_capture_on_commit_callbacks):  # noqa: F811
    def report(language="en"):
        with django_capture_on_commit_callbacks(execute=True):
            return report_services.report_run_request(assessment=demo, code="xlsx", language=language)

    first = report()
    assert report().pk == first.pk  # nothing changed: the stored file
    run = _solve(demo, django_capture_on_commit_callbacks, max_starts_per_period=2)
    solved = report()
    assert solved.pk != first.pk and solved.inputs["portfolio"] == {"kind": "run", "id": run.pk}
    assert report().pk == solved.pk
    plan = services.portfolio_plan_save(run=run, name="Board plan")
    saved = report()
    assert saved.pk != solved.pk and saved.inputs["portfolio"]["id"] == plan.pk
    assert report().pk == saved.pk and report("ko").pk != saved.pk  # another language is another file
    second = services.portfolio_plan_save(run=run, name="Second plan")
    assert report().pk not in (saved.pk, solved.pk, first.pk)
    PortfolioPlan.objects.filter(pk=second.pk).update(name="Second plan, renamed")
    second.save()  # an edited plan (updated_at moves) gives a new file too
    latest = ReportRun.objects.filter(assessment=demo, language="en").first()
    assert report().pk != latest.pk


@pytest.mark.browser
@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_pdf_has_the_saved_plan_its_moves_distribution_limits_and_roadmap(demo, language, tmp_path,  # noqa: F811
                                                                              django_capture_on_commit_callbacks):
    run = _solve(demo, django_capture_on_commit_callbacks, max_starts_per_period=1, max_country_share=0.6)
    services.portfolio_plan_save(run=run, name="Board plan")
    report = report_data(demo, language=language)
    pages = _pdf_pages(render_report(report, "pdf"), tmp_path)
    text = " ".join(pages)
    chosen = report.portfolio
    heading, saved = ("포트폴리오 계획", "저장한 계획 “Board plan”") if language == "ko" else (
        "Portfolio plan", "The saved plan “Board plan”, saved on")  # fmt: skip
    assert text.count(heading) >= 2 and saved in text  # the contents page and the section
    for row in chosen["rows"]:
        assert row["function"] in text
    moves = [r for r in chosen["rows"] if r["moves"]]
    assert moves and all(r["start"] in text for r in moves)
    assert half_year(chosen["start_year"], 0).split()[0] in text
    for key in ("p10", "p50", "p90"):
        assert board_money(chosen["distribution"][key], demo.currency, language, with_currency=False) in text
    assert f"{chosen['plan'].total_risk:.1f}" in text
    assert all(c["country"] in text for c in chosen["concentration"])
    assert chosen["binding"] and " ".join(chosen["binding"].split())[:40] in text
    for gain in chosen["gains"]:
        assert " ".join(gain.split())[:30] in text
    assert "—" not in chosen["binding"] and "starts_per_period" not in text and "country_share" not in text
    section = next(i for i, page in enumerate(pages) if saved in page)
    assert _images_on(tmp_path / "report.pdf", section + 1, section + 2) >= 1  # the roadmap

@pytest.mark.browser
def test_the_pdf_reports_the_latest_solved_run_or_says_how_to_make_a_plan(demo, tmp_path,  # noqa: F811
                                                                          django_capture_on_commit_callbacks):
    assert NO_PLAN["en"] in _pdf_text(demo, "en", tmp_path)
    _solve(demo, django_capture_on_commit_callbacks)
    text = _pdf_text(demo, "en", tmp_path)
    assert "The latest solved plan, solved on" in text and NO_PLAN["en"] not in text
