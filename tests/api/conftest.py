import pytest

from tests.factories import (
    AssessmentFactory,
    BusinessFunctionFactory,
    answer_all,
    complete_profile,
)


@pytest.fixture
def complete(org):
    assessment = AssessmentFactory(organisation=org)
    complete_profile(assessment)
    for _ in range(3):
        answer_all(BusinessFunctionFactory(assessment=assessment))
    return assessment


@pytest.fixture
def scored(complete, manager):
    from assessments.services.assessments import assessment_submit

    return assessment_submit(assessment=complete, user=manager)
