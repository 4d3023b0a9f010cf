"""The PDF report read back as text: the API's organisation, functions, recommendations and NPVs; Korean; TOC.

Rendering draws the charts in Debian's chromium (kaleido), so these tests carry the `browser` marker.
"""

import io
import re

import pytest
from pypdf import PdfReader
from rest_framework.test import APIClient

from assessments.domain.scoring_text import option_label
from assessments.models import Assessment, Membership, Organisation
from assessments.reports.data import report_data
from assessments.reports.pdf_context import board_money, money
from assessments.reports.registry import render_report
from assessments.services.assessments import assessment_submit
from assessments.services.demo import DEMO_ORG_NAME, DEMO_ORG_SLUG, demo_setup
from outsourcing.models import Location
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

KOREAN_FUNCTIONS = ["급여 관리", "고객 상담 센터", "정보기술 헬프데스크"]


def _pages(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _api(user, path):
    client = APIClient()
    client.force_authenticate(user)
    response = client.get(path)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def demo(catalogue, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        demo_setup()
    assessment = Assessment.objects.get(organisation__slug=DEMO_ORG_SLUG)
    consultant = Membership.objects.get(organisation=assessment.organisation, role=Membership.Role.CONSULTANT).user
    return assessment, consultant


@pytest.fixture
def demo_pdf(demo):
    assessment, _user = demo
    return render_report(report_data(assessment, language="en"), "pdf")


def test_the_pdf_names_the_organisation_every_function_and_the_recommended_options(demo, demo_pdf):
    assessment, user = demo
    text = " ".join(_pages(demo_pdf))
    assert DEMO_ORG_NAME in text and assessment.name in text
    recommendations = _api(user, f"/api/v1/assessments/{assessment.pk}/recommendations/")
    assert len(recommendations) == assessment.functions.count() == 12
    moved = 0
    countries = {iso: (en, ko) for iso, en, ko in Location.objects.values_list("iso2", "name_en", "name_ko")}
    for rec in recommendations:
        assert rec["function__name"] in text
        if rec["keep_in_house"]:
            assert option_label(rec["runner_up_option_id"], "en", countries) in text  # the runner-up is named
        else:
            moved += 1
            assert option_label(rec["recommended_option_id"], "en", countries) in text  # countries by name
    assert moved and "Keep in-house" in text


def _board(value) -> str:
    return board_money(value, "KRW", "en", with_currency=False)


def test_the_pdf_shows_the_npvs_of_the_tco_run_api_rounded_for_a_board(demo, demo_pdf):
    """Issue 16: amounts in the tens of billions ran into each other; the PDF rounds them ("13.5 bn"), the
    Excel export keeps the full figures (tests/reports/test_xlsx.py)."""
    assessment, user = demo
    runs = _api(user, f"/api/v1/assessments/{assessment.pk}/tco-runs/")
    result = _api(user, f"/api/v1/tco-runs/{runs[0]['id']}/")["result"]
    text = " ".join(_pages(demo_pdf))
    percentiles = {(r["function_id"], r["option_id"]): r for r in result["monte_carlo"]}
    costed = [r for r in result["summary"] if not r["option_id"].startswith("in-house")]
    assert costed
    for row in costed:  # every option's line in the function's TCO table
        mc = percentiles[(row["function_id"], row["option_id"])]
        for value in (row["npv_savings"], mc["npv_p10"], mc["npv_p50"], mc["npv_p90"]):
            assert _board(value) in text, (row["option_id"], value)
            assert abs(value) < 1e6 or money(value) not in text  # no 14-digit figures in the table
    # Issue 16: the vendor-rate column is a badge and a sentence with the rate, never a formula.
    assert "model estimate" in text and "ESTIMATE:" not in text and "cost_ratio" not in text
    assert re.search(r"\(\d+\.\d\d USD per hour typical\)", text)
    recommendations = _api(user, f"/api/v1/assessments/{assessment.pk}/recommendations/")
    summary = {(r["function_id"], r["option_id"]): r for r in result["summary"]}
    moved = [summary[(r["function_id"], r["recommended_option_id"])] for r in recommendations
             if not r["keep_in_house"] and (r["function_id"], r["recommended_option_id"]) in summary]  # fmt: skip
    assert moved
    total = sum(r["npv_savings"] for r in moved)
    p10 = sum(percentiles[(r["function_id"], r["option_id"])]["npv_p10"] for r in moved)
    p90 = sum(percentiles[(r["function_id"], r["option_id"])]["npv_p90"] for r in moved)
    executive_summary = next(page for page in _pages(demo_pdf) if page.count("Executive summary") >= 2)
    assert f"{_board(total)} KRW" in executive_summary
    assert f"{_board(p10)} – {_board(p90)} KRW" in executive_summary


def test_the_contents_page_gives_the_page_of_each_section_and_every_page_is_numbered(demo, demo_pdf):
    assessment, _user = demo
    pages = _pages(demo_pdf)
    contents = pages[1]
    assert contents.startswith("Contents")
    for name in assessment.functions.values_list("name", flat=True):
        match = re.search(re.escape(name) + r" (\d+)\b", contents)
        assert match, name
        target = pages[int(match.group(1)) - 1]
        # pypdf reads the page body first (the section title opens it), then the margin boxes: the running
        # header (assessment, section) and the footer (organisation, page number).
        assert target.startswith(f"{name} ") and f"{assessment.name} {name} {DEMO_ORG_NAME}" in target, name
    for number, page in enumerate(pages[1:], start=2):
        assert page.endswith(f"{number} / {len(pages)}"), number
    assert "Assumptions and sources" in contents and "The method in brief" in contents


@pytest.fixture
def korean_assessment(catalogue, django_capture_on_commit_callbacks):
    organisation = Organisation.objects.create(slug="hanbit-ko", name="한빛 정밀 주식회사")
    manager = MembershipFactory(organisation=organisation, role=Membership.Role.MANAGER).user
    assessment = AssessmentFactory(organisation=organisation, name="2026년 소싱 검토")
    complete_profile(assessment)
    for name in KOREAN_FUNCTIONS:
        answer_all(BusinessFunctionFactory(assessment=assessment, name=name))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=manager)
    return assessment


def test_a_korean_pdf_has_the_korean_names_and_headings_in_a_korean_font(korean_assessment):
    pdf = render_report(report_data(korean_assessment, language="ko"), "pdf")
    text = " ".join(_pages(pdf))
    assert "한빛 정밀 주식회사" in text and "2026년 소싱 검토" in text
    for name in KOREAN_FUNCTIONS:
        assert name in text
    assert "경영진 요약" in text and "목차" in text and "기능별 권고안" in text
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    # The text is set in Nanum Gothic (fonts-nanum); a symbol it lacks (e.g. →) may come from a fallback font.
    assert any(font.endswith("+NanumGothic") for font in fonts), fonts
