"""A name with emoji prints as the emoji in the PDF, not as a box (issue 16, bug 4).

WeasyPrint takes each glyph from the first font of report.css's list that has it; without an emoji font the
emoji fell to Nanum Gothic's empty box. scripts/system_packages.sh installs Noto Color Emoji (`make test` runs it).
"""

import io

import pytest
from pypdf import PdfReader

from assessments.models import Membership
from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from assessments.services.assessments import assessment_submit
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

NAME = "Claims processing 📄"


def _fonts(pdf: bytes) -> set[str]:
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


def test_a_function_name_with_an_emoji_is_set_in_an_emoji_font(catalogue, django_capture_on_commit_callbacks):
    membership = MembershipFactory(role=Membership.Role.MANAGER)
    assessment = AssessmentFactory(organisation=membership.organisation, name="Insurer ☂️ review")
    complete_profile(assessment)
    answer_all(BusinessFunctionFactory(assessment=assessment, name=NAME))
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=membership.user)
    pdf = render_report(report_data(assessment, language="en"), "pdf")
    fonts = _fonts(pdf)
    assert any("Noto-Color-Emoji" in font for font in fonts), f"no emoji font in the PDF: {sorted(fonts)}"
    text = "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "📄" in text
