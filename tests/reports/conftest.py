import pytest

from assessments.services.assessments import assessment_submit
from tests.factories import (
    AssessmentFactory,
    BusinessFunctionFactory,
    answer_all,
    complete_profile,
)


def make_scored(org, manager, capture, functions: int = 3, name: str = "Board review"):
    """A submitted assessment, scored and with its TCO run finished (tasks run in-process)."""
    assessment = AssessmentFactory(organisation=org, name=name)
    complete_profile(assessment)
    names = ["Payroll", "급여 관리", "Accounts payable", "IT help desk", "Recruiting"]
    for i in range(functions):
        name_i = names[i % len(names)] + (f" {i}" if i >= len(names) else "")
        answer_all(BusinessFunctionFactory(assessment=assessment, name=name_i))
    with capture(execute=True):
        assessment_submit(assessment=assessment, user=manager)
    assessment.refresh_from_db()
    return assessment


@pytest.fixture
def scored(org, manager, django_capture_on_commit_callbacks):
    return make_scored(org, manager, django_capture_on_commit_callbacks)


@pytest.fixture
def draft(org):
    assessment = AssessmentFactory(organisation=org, name="Unfinished")
    BusinessFunctionFactory(assessment=assessment)
    return assessment
