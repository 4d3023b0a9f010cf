"""The Excel workbook read back with pandas and openpyxl: the API's numbers, as numbers, with formats."""

import io

import openpyxl
import pandas as pd
import pytest

from assessments.reports.data import report_data
from assessments.reports.registry import render_report

EN_SHEETS = ["Summary", "Functions & answers", "Scores", "Recommendations", "Excluded options", "Risk register",
             "TCO yearly", "Monte Carlo percentiles", "Quotes & exchange rates", "Assumptions & sources",
             "Portfolio plan"]  # fmt: skip
KO_SHEETS = ["요약", "기능 및 답변", "점수", "권고안", "제외된 선택지", "위험 등록부", "TCO 연도별",
             "몬테카를로 백분위", "견적 및 환율", "가정 및 출처", "포트폴리오 계획"]  # fmt: skip


@pytest.fixture
def workbook_bytes(scored):
    return render_report(report_data(scored, language="en"), "xlsx")


def _api(api, user, path):
    api.force_authenticate(user)
    response = api.get(path)
    assert response.status_code == 200
    return response.json()


def test_the_workbook_has_the_nine_sheets_in_english_and_korean(scored, workbook_bytes):
    assert openpyxl.load_workbook(io.BytesIO(workbook_bytes)).sheetnames == EN_SHEETS
    korean = render_report(report_data(scored, language="ko"), "xlsx")
    book = openpyxl.load_workbook(io.BytesIO(korean))
    assert book.sheetnames == KO_SHEETS
    assert book["점수"]["B1"].value == "업무 기능"


def test_scores_sheet_holds_the_api_scores_and_contributions_as_numbers(scored, manager, api, workbook_bytes):
    rows = _api(api, manager, f"/api/v1/assessments/{scored.pk}/scores/?page_size=1000")["results"]
    rows = [row for row in rows if not row["excluded"]]  # excluded options are listed apart, with their reasons
    sheet = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Scores")
    assert pd.api.types.is_float_dtype(sheet["Score"]) and pd.api.types.is_integer_dtype(sheet["Rank"])
    by_pair = sheet.set_index(["Function ID", "Option ID"])
    assert len(by_pair) == len(rows)
    for row in rows:
        mine = by_pair.loc[(row["function_id"], row["option_id"])]
        assert mine["Score"] == pytest.approx(row["score"], abs=1e-9)
        assert mine["cost saving (points)"] == pytest.approx(row["contributions"]["cost_saving"][3], abs=1e-9)
        assert mine["risk (points)"] == pytest.approx(row["contributions"]["risk"][3], abs=1e-9)


def test_recommendations_sheet_matches_the_api(scored, manager, api, workbook_bytes):
    recs = _api(api, manager, f"/api/v1/assessments/{scored.pk}/recommendations/")
    sheet = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Recommendations").set_index("Function ID")
    for rec in recs:
        mine = sheet.loc[rec["function_id"]]
        assert mine["Option ID"] == rec["recommended_option_id"]
        assert bool(mine["Keep in-house"]) == rec["keep_in_house"]
        assert mine["Confidence"] == pytest.approx(rec["confidence"])
        assert mine["Margin (points)"] == pytest.approx(rec["margin"])


def test_npv_percentiles_match_the_tco_run_api(scored, manager, api, workbook_bytes):
    runs = _api(api, manager, f"/api/v1/assessments/{scored.pk}/tco-runs/")
    result = _api(api, manager, f"/api/v1/tco-runs/{runs[0]['id']}/")["result"]
    sheet = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Monte Carlo percentiles")
    by_pair = sheet.set_index(["Function ID", "Option ID"])
    assert len(by_pair) == len(result["monte_carlo"])
    for row in result["monte_carlo"]:
        mine = by_pair.loc[(row["function_id"], row["option_id"])]
        assert (mine["NPV P10"], mine["NPV P50"], mine["NPV P90"]) == pytest.approx(
            (row["npv_p10"], row["npv_p50"], row["npv_p90"]))
    summary = {(r["function_id"], r["option_id"]): r["npv_savings"] for r in result["summary"]}
    for (fid, oid), npv in summary.items():
        assert by_pair.loc[(fid, oid), "NPV of savings"] == pytest.approx(npv)
    yearly = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="TCO yearly")
    assert len(yearly) == len(result["yearly"]) and pd.api.types.is_float_dtype(yearly["Savings"])


def test_cells_are_numeric_with_currency_and_percent_formats(workbook_bytes):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    mc = book["Monte Carlo percentiles"]
    headers = [c.value for c in mc[1]]
    npv, prob = mc.cell(row=2, column=headers.index("NPV P50") + 1), mc.cell(row=2, column=headers.index(
        "Probability of saving") + 1)  # fmt: skip
    assert npv.data_type == "n" and "KRW" in npv.number_format
    assert prob.data_type == "n" and "%" in prob.number_format
    scores = book["Scores"]
    assert scores["I2"].data_type == "n" and scores["I1"].value == "Score"
    summary = book["Summary"]
    values = {row[0].value: row[1] for row in summary.iter_rows(min_row=2)}
    assert values["Discount rate"].value == pytest.approx(0.08) and "%" in values["Discount rate"].number_format
    assert values["Organisation"].value == "Alpha Corp"


def test_every_sheet_has_a_frozen_header_a_filter_and_sized_columns(workbook_bytes):
    book = openpyxl.load_workbook(io.BytesIO(workbook_bytes))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:"), sheet.title
        assert sheet.column_dimensions["A"].width >= 8, sheet.title
        assert not sheet._images and not sheet._charts, sheet.title  # tables, never pictures of tables


def test_assumptions_sheet_names_each_assumptions_source(workbook_bytes):
    sheet = pd.read_excel(io.BytesIO(workbook_bytes), sheet_name="Assumptions & sources")
    assert len(sheet) > 0 and sheet["Source"].notna().all()
    assert pd.api.types.is_numeric_dtype(sheet["Value"])


def test_without_a_finished_tco_run_the_tco_sheets_are_empty_tables_and_the_summary_says_so(scored):
    from assessments.models import TcoRun

    TcoRun.objects.filter(assessment=scored).update(status=TcoRun.Status.FAILED)
    report = report_data(scored, language="en")
    assert report.tco is None and all(f.recommended_tco is None for f in report.functions)
    book = openpyxl.load_workbook(io.BytesIO(render_report(report, "xlsx")))
    assert book.sheetnames == EN_SHEETS
    assert book["Monte Carlo percentiles"].max_row == 1 and book["TCO yearly"]["A1"].value == "Function ID"
    values = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    assert values["TCO run"] == "No finished TCO run yet"
