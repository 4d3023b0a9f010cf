"""An excluded country never appears among the candidates of a report: not in the scores, the recommendation,
the TCO or the mitigations. The report lists the exclusions with their reasons instead."""

import io

import pandas as pd

from assessments.reports.data import report_data
from assessments.reports.registry import render_report
from assessments.services.assessments import assessment_submit
from outsourcing.models import Location, ServiceType
from tests.factories import AssessmentFactory, BusinessFunctionFactory, answer_all, complete_profile


def test_excluded_countries_stay_out_of_every_table_and_their_reasons_are_listed(
    org, manager, django_capture_on_commit_callbacks
):
    assessment = AssessmentFactory(organisation=org, name="Limits")
    complete_profile(assessment)
    assessment.excluded_locations.set([Location.objects.get(iso2="PH")])  # the company excludes it everywhere
    maintenance = ServiceType.objects.get(code="application-development-maintenance")
    limited = BusinessFunctionFactory(assessment=assessment, name="Maintenance", service_type=maintenance,
                                      excluded_countries=["IN"])
    answer_all(limited, value=2)
    other = BusinessFunctionFactory(assessment=assessment, name="Payroll")
    answer_all(other)
    with django_capture_on_commit_callbacks(execute=True):
        assessment_submit(assessment=assessment, user=manager)
    for lang in ("en", "ko"):
        report = report_data(assessment, language=lang)
        scores = report.scores
        assert "PH" not in set(scores["location"])
        assert not ((scores["function_id"] == limited.pk) & (scores["location"] == "IN")).any()
        assert ((scores["function_id"] == other.pk) & (scores["location"] == "IN")).any()  # only the one function
        section = report.function(limited.pk)
        rec = section.recommendation
        named = [rec.recommended_option_id, rec.runner_up_option_id, *(m.alternative_option_id or "" for m in
                                                                       rec.mitigations)]  # fmt: skip
        assert not any(o.endswith(("|IN", "|PH")) for o in named if o)
        assert not {"IN", "PH"} & {iso for iso, _name in rec.top_locations}
        if report.tco is not None:
            costed = report.tco.options
            assert "PH" not in set(costed["location"])
            assert not ((costed["function_id"] == limited.pk) & (costed["location"] == "IN")).any()
        assert section.excluded_count == 4  # four engagement forms in India
        expected = "India is excluded for this function." if lang == "en" else "이 기능에서는 인도를 제외했습니다."
        assert section.exclusions == (expected,)
    sheet = pd.read_excel(io.BytesIO(render_report(report_data(assessment, language="en"), "xlsx")),
                          sheet_name="Excluded options")  # fmt: skip
    assert sheet[["Function", "Options excluded", "Reason"]].values.tolist() == [
        ["Maintenance", 4, "India is excluded for this function."]]
