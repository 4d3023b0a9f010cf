"""Comparing 2–4 assessments: the page, the Excel export, scoping, bad input and a flat query count."""

import io
import math
from html import escape

import openpyxl
import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, BusinessFunction, Recommendation, TcoRun
from assessments.reports.compare_xlsx import CONTENT_TYPE
from assessments.selectors.compare import compare_assessments
from assessments.selectors.results import label
from assessments.services.assessments import assessment_reopen, assessment_submit
from outsourcing.models import ServiceType
from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile

SERVICES = [
    ("Payroll", "payroll"),
    ("Customer service", "customer-service"),
    ("Research", "research-development"),
    ("ERP maintenance", "application-development-maintenance"),
]
COMPARE = reverse("assessments:compare")
EXPORT = reverse("assessments:compare-export")


def _submit(assessment, user, capture):
    with capture(execute=True):  # the TCO run is queued on commit and runs in-process
        assessment_submit(assessment=assessment, user=user)
    assert TcoRun.objects.get(assessment=assessment).status == TcoRun.Status.SUCCEEDED
    return assessment


def _submitted(org, user, capture, functions: int = 3, name: str = "Group plan"):
    assessment = AssessmentFactory(organisation=org, name=name)
    complete_profile(assessment)
    types = {code: ServiceType.objects.get(code=code) for _n, code in SERVICES}
    for i in range(functions):
        function_name, code = SERVICES[i % len(SERVICES)]
        suffix = f" {i // len(SERVICES) + 1}" if i >= len(SERVICES) else ""
        answer_all(BusinessFunctionFactory(assessment=assessment, name=function_name + suffix,
                                           service_type=types[code], sort_order=i))  # fmt: skip
    return _submit(assessment, user, capture)


@pytest.fixture
def before_after(org_a, consultant_a, django_capture_on_commit_callbacks):
    """Version 1 with default weights; version 2 with cost weighted heavily and the research function removed."""
    v1 = _submitted(org_a, consultant_a, django_capture_on_commit_callbacks)
    v2 = assessment_reopen(assessment=v1, user=consultant_a)
    v2.criterion_weights = {"cost_saving": 0.6, "expertise": 0.05, "flexibility": 0.05, "focus_on_core": 0.1,
                            "risk": 0.1, "strategic_fit": 0.1}  # fmt: skip
    v2.save(update_fields=["criterion_weights"])
    BusinessFunction.objects.filter(assessment=v2, name="Research").delete()
    return v1, _submit(v2, consultant_a, django_capture_on_commit_callbacks)


def _query(*ids) -> str:
    return "?" + "&".join(f"ids={i}" for i in ids)


def test_page_shows_each_assessments_recommendations_side_by_side(client, consultant_a, before_after):
    v1, v2 = before_after
    client.force_login(consultant_a)
    response = client.get(COMPARE + _query(v1.pk, v2.pk))
    assert response.status_code == 200
    html = response.content.decode()
    for assessment in (v1, v2):
        recommendations = Recommendation.objects.filter(run__assessment=assessment)
        assert recommendations.count() == assessment.functions.count()
        for rec in recommendations:
            shown = "Keep in-house" if rec.keep_in_house else escape(label(rec.recommended_option_id))
            assert shown in html
    assert f'{v1.name}</a> <span class="code">v1' in html and "v2</span>" in html
    comparison = response.context["comparison"]
    assert [line.name for line in comparison.lines] == ["Payroll", "Customer service", "Research"]
    research = comparison.lines[2]
    assert research.cells[0] is not None and research.cells[1] is None and research.absent_somewhere
    assert "not in this assessment" in html
    cost = next(w for w in comparison.weights if w.criterion == "cost_saving")
    assert cost.differs and math.isclose(cost.values[1], 0.6) and math.isclose(cost.deltas[1], 0.6 - cost.values[0])
    assert 'data-figure-id="compare-npv"' in html and 'id="compare-npv" type="application/json"' in html
    assert "<script>" not in html  # figures travel as json_script data, drawn by static/js/charts.js


def test_score_deltas_and_changed_recommendations_follow_the_stored_scores(consultant_a, before_after):
    v1, v2 = before_after
    comparison = compare_assessments(user=consultant_a, ids=[v2.pk, v1.pk])  # the first id is the reference
    assert [c.assessment.pk for c in comparison.assessments] == [v2.pk, v1.pk]
    for line in comparison.lines[:2]:
        first, second = line.cells
        assert math.isclose(line.score_deltas[1], second.score - first.score)
        assert line.recommendation_changed == (first.recommended_option_id != second.recommended_option_id)
        rec = Recommendation.objects.get(run__assessment=v2, function_id=first.function_id)
        assert (first.margin, first.confidence, first.keep_in_house) == (rec.margin, rec.confidence,
                                                                          rec.keep_in_house)  # fmt: skip


def test_a_new_versions_results_link_to_the_comparison_with_the_previous_one(client, consultant_a, before_after):
    v1, v2 = before_after
    client.force_login(consultant_a)
    html = client.get(reverse("assessments:results", args=[v2.pk])).content.decode()
    assert f'href="{COMPARE}?ids={v1.pk}&amp;ids={v2.pk}"' in html
    assert 'id="compare-previous"' not in client.get(reverse("assessments:results", args=[v1.pk])).content.decode()


def test_a_viewer_may_compare_what_they_may_see(client, viewer_a, before_after):
    v1, v2 = before_after
    client.force_login(viewer_a)
    assert client.get(COMPARE + _query(v1.pk, v2.pk)).status_code == 200
    assert client.get(EXPORT + _query(v1.pk, v2.pk)).status_code == 200


def test_the_picker_lists_only_the_users_scored_assessments(client, consultant_a, before_after, assessment_b):
    v1, v2 = before_after
    client.force_login(consultant_a)
    response = client.get(COMPARE)
    html = response.content.decode()
    assert response.status_code == 200 and "comparison" not in response.context
    assert f'value="{v1.pk}"' in html and f'value="{v2.pk}"' in html
    assert assessment_b.name not in html
    dashboard = client.get(reverse("assessments:dashboard")).content.decode()
    assert 'id="compare-link"' in dashboard
    for assessment in (v1, v2):  # submitted ones can be ticked on the dashboard itself
        assert f'name="ids" value="{assessment.pk}" form="compare-selected"' in dashboard


@pytest.mark.parametrize("url", [COMPARE, EXPORT])
def test_another_organisations_id_is_not_found(client, consultant_a, before_after, assessment_b, url):
    v1, _v2 = before_after
    client.force_login(consultant_a)
    assert client.get(url + _query(v1.pk, assessment_b.pk)).status_code == 404
    assert client.get(url + _query(v1.pk, 987654321)).status_code == 404
    assert client.get(url + _query(v1.pk, 999_999_999_999_999_999)).status_code == 404  # within a bigint
    assert assessment_b.name.encode() not in client.get(url + _query(v1.pk, assessment_b.pk)).content


def test_logged_out_users_are_sent_to_log_in(client, before_after):
    v1, v2 = before_after
    response = client.get(EXPORT + _query(v1.pk, v2.pk))
    assert response.status_code == 302 and reverse("login") in response["Location"]


@pytest.mark.parametrize("url", [COMPARE, EXPORT])
@pytest.mark.parametrize(("query", "words"), [
    ("one", "choose between 2 and 4; you chose 1"),
    ("five", "choose between 2 and 4; you chose 5"),
    ("?ids=12&ids=abc", "“abc” is not an assessment id"),
    ("?ids=12&ids=1.5", "“1.5” is not an assessment id"),
    ("?ids=12&ids=-3", "“-3” is not an assessment id"),
    ("?ids=12&ids=" + "9" * 30, "is not an assessment id"),
    ("duplicate", "each assessment only once; repeated:"),
    ("?other=1", "you chose 0"),
])  # fmt: skip
def test_bad_ids_get_a_message_naming_the_field(client, consultant_a, before_after, url, query, words):
    v1, v2 = before_after
    query = {"one": _query(v1.pk), "five": _query(*range(1, 6)), "duplicate": _query(v1.pk, v2.pk, v1.pk)}.get(
        query, query)  # fmt: skip
    if url == COMPARE and query == "?other=1":
        words = ""  # the page without ids is the empty picker, not an error
    client.force_login(consultant_a)
    response = client.get(url + query)
    html = response.content.decode()
    if not words:
        assert response.status_code == 200 and 'id="compare-errors"' not in html
        return
    assert response.status_code == 400
    assert "Assessments to compare (ids):" in html and words in html
    assert response["Content-Type"].startswith("text/html")


def same(number: float):
    """XlsxWriter writes 16 significant digits (Excel itself keeps 15), so the last of 17 may differ."""
    return pytest.approx(number, rel=1e-15, abs=0)


def costed_p50(tco: list[dict], rec: dict) -> float | None:
    return next((r["npv_p50"] for r in tco if r["function_id"] == rec["function_id"]
                 and r["option_id"] == rec["recommended_option_id"]), None)  # fmt: skip


def _api(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.json()


def test_excel_export_has_the_api_numbers_as_numeric_cells(client, consultant_a, before_after):
    v1, v2 = before_after
    client.force_login(consultant_a)
    response = client.get(EXPORT + _query(v1.pk, v2.pk))
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPE
    assert f"comparison-{v1.pk}-{v2.pk}.xlsx" in response["Content-Disposition"]
    data = io.BytesIO(response.content)
    sheets = pd.read_excel(data, sheet_name=None)
    assert list(sheets) == ["Summary", "Functions side by side", "Weights"]
    functions = sheets["Functions side by side"].set_index("Function")
    assert list(functions.index) == ["Payroll", "Customer service", "Research"]
    for index, assessment in enumerate((v1, v2)):
        caption = f"{index + 1}. {assessment.name} v{assessment.version}"
        recommendations = _api(client, f"/api/v1/assessments/{assessment.pk}/recommendations/")
        runs = _api(client, f"/api/v1/assessments/{assessment.pk}/tco-runs/")
        tco = _api(client, f"/api/v1/tco-runs/{runs[0]['id']}/")["result"]["monte_carlo"]
        moves = [costed_p50(tco, rec) for rec in recommendations if not rec["keep_in_house"]]
        moves = [p50 for p50 in moves if p50 is not None]
        total = sheets["Summary"].loc[index, "Sum of median NPVs of the recommended moves"]
        assert (pd.isna(total) and not moves) or total == same(sum(moves))
        for rec in recommendations:
            row = functions.loc[rec["function__name"]]
            scores = _api(client, f"/api/v1/assessments/{assessment.pk}/scores/?function={rec['function_id']}"
                                  f"&page_size=500")["results"]  # fmt: skip
            score = next(s["score"] for s in scores if s["option_id"] == rec["recommended_option_id"])
            assert row[f"{caption} · Score"] == same(score)
            assert row[f"{caption} · Margin over in-house"] == same(rec["margin"])
            assert row[f"{caption} · Confidence"] == same(rec["confidence"])
            costed = {r["option_id"]: r for r in tco if r["function_id"] == rec["function_id"]}
            if rec["keep_in_house"]:  # the sheet shows the best-costed alternative (see _tco_figures)
                alternatives = [r for r in costed.values() if not r["option_id"].startswith("in-house")]
                best = max(alternatives, key=lambda r: r["npv_p50"], default=None)
                if best is not None:
                    assert row[f"{caption} · NPV P50"] == same(best["npv_p50"])
            elif rec["recommended_option_id"] in costed:
                mc = costed[rec["recommended_option_id"]]
                percentiles = [row[f"{caption} · NPV {q}"] for q in ("P10", "P50", "P90")]
                assert percentiles == [same(mc["npv_p10"]), same(mc["npv_p50"]), same(mc["npv_p90"])]
                assert row[f"{caption} · Probability of saving"] == same(mc["prob_saving"])
    assert pd.isna(functions.loc["Research", f"2. {v2.name} v2 · Score"])  # absent: an empty cell
    weights = sheets["Weights"].set_index("Code")
    assert weights.loc["cost_saving", f"2. {v2.name} v2"] == pytest.approx(0.6)
    assert bool(weights.loc["cost_saving", "Differs"]) is True

    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Functions side by side"]
    header = [c.value for c in sheet[1]]
    for name in (f"1. {v1.name} v1 · Score", f"1. {v1.name} v1 · NPV P50", f"2. {v2.name} v2 · Confidence"):
        cell = sheet.cell(row=2, column=header.index(name) + 1)
        assert cell.data_type == "n" and isinstance(cell.value, int | float)  # NPVs are stored to the cent
    confidence = sheet.cell(row=2, column=header.index(f"1. {v1.name} v1 · Confidence") + 1)
    assert confidence.number_format == "0%"
    npv = sheet.cell(row=2, column=header.index(f"1. {v1.name} v1 · NPV P50") + 1)
    assert '"KRW"' in npv.number_format  # each assessment's amounts carry its currency
    assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.column_dimensions["A"].width >= len("Customer service")
    summary = book["Summary"]
    assert summary.freeze_panes == "C2" and summary.cell(row=2, column=1).data_type == "n"


def test_excel_export_is_in_korean_when_asked(client, consultant_a, before_after):
    v1, v2 = before_after
    client.force_login(consultant_a)
    client.cookies["django_language"] = "ko"
    response = client.get(EXPORT + _query(v1.pk, v2.pk), HTTP_ACCEPT_LANGUAGE="ko")
    sheets = pd.read_excel(io.BytesIO(response.content), sheet_name=None)
    assert list(sheets) == ["요약", "기능별 비교", "가중치"]


def _count(client, ids) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(COMPARE + _query(*ids))
    assert response.status_code == 200
    return len(queries)


def test_queries_do_not_grow_with_assessments_or_functions(client, consultant_a, org_a,
                                                           django_capture_on_commit_callbacks,
                                                           django_assert_num_queries):  # fmt: skip
    small = [_submitted(org_a, consultant_a, django_capture_on_commit_callbacks, functions=2, name=f"S{i}")
             for i in range(2)]  # fmt: skip
    large = [_submitted(org_a, consultant_a, django_capture_on_commit_callbacks, functions=9, name=f"L{i}")
             for i in range(4)]  # fmt: skip
    client.force_login(consultant_a)
    few, many = _count(client, [a.pk for a in small]), _count(client, [a.pk for a in large])
    assert few == many
    with django_assert_num_queries(5):
        comparison = compare_assessments(user=consultant_a, ids=[a.pk for a in large])
    assert len(comparison.lines) == 9 and all(all(line.cells) for line in comparison.lines)
    with CaptureQueriesContext(connection) as export_queries:
        assert client.get(EXPORT + _query(*[a.pk for a in large])).status_code == 200
    with CaptureQueriesContext(connection) as small_export:
        assert client.get(EXPORT + _query(*[a.pk for a in small])).status_code == 200
    assert len(export_queries) == len(small_export)


def test_a_draft_without_scores_is_shown_as_not_scored(client, consultant_a, org_a, before_after):
    v1, _v2 = before_after
    draft = AssessmentFactory(organisation=org_a, name="Draft plan")
    client.force_login(consultant_a)
    response = client.get(COMPARE + _query(v1.pk, draft.pk))
    assert response.status_code == 200 and "not scored yet" in response.content.decode()
    assert Assessment.objects.filter(pk=draft.pk, status=Assessment.Status.DRAFT).exists()


def test_two_subsidiaries_in_different_currencies_keep_their_own(client, consultant_a, org_a,
                                                                 django_capture_on_commit_callbacks):  # fmt: skip
    """A consultant of two client organisations compares one assessment of each; amounts are never mixed."""
    from assessments.models import Membership
    from tests.factories import MembershipFactory, OrganisationFactory

    other = OrganisationFactory(name="Gamma subsidiary")
    MembershipFactory(user=consultant_a, organisation=other, role=Membership.Role.CONSULTANT)
    korean = _submitted(org_a, consultant_a, django_capture_on_commit_callbacks, functions=2, name="Seoul")
    american = AssessmentFactory(organisation=other, name="Austin", currency="USD")
    complete_profile(american)
    answer_all(BusinessFunctionFactory(assessment=american, name="Payroll", salary_per_fte=60000,
                                       service_type=ServiceType.objects.get(code="payroll")))  # fmt: skip
    _submit(american, consultant_a, django_capture_on_commit_callbacks)
    client.force_login(consultant_a)
    page = client.get(COMPARE + _query(korean.pk, american.pk))
    assert page.status_code == 200
    assert [c.currency for c in page.context["comparison"].assessments] == ["KRW", "USD"]
    assert page.context["chart"]["layout"]["yaxis"]["title"]["text"].endswith("(KRW / USD)")
    book = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT + _query(korean.pk, american.pk)).content))
    sheet = book["Functions side by side"]
    header = [c.value for c in sheet[1]]
    payroll = next(row for row in sheet.iter_rows(min_row=2) if row[0].value == "Payroll")
    assert '"KRW"' in payroll[header.index("1. Seoul v1 · NPV P50")].number_format
    assert '"USD"' in payroll[header.index("2. Austin v1 · NPV P50")].number_format
    summary = book["Summary"]
    column = [c.value for c in summary[1]].index("Sum of median NPVs of the recommended moves")
    for row, currency in ((2, "KRW"), (3, "USD")):
        cell = summary.cell(row=row, column=column + 1)
        if cell.value is not None:  # a sum only where some move was costed; each in its own currency
            assert cell.data_type == "n" and f'"{currency}"' in cell.number_format
