import pytest
from rest_framework.test import APIClient

from assessments.models import Membership
from tests.factories import (
    AssessmentFactory,
    BusinessFunctionFactory,
    MembershipFactory,
    OrganisationFactory,
    answer_all,
    complete_profile,
)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def org(catalogue):
    return OrganisationFactory(name="Alpha Corp")


@pytest.fixture
def manager(org):
    return MembershipFactory(organisation=org, role=Membership.Role.MANAGER).user


@pytest.fixture
def viewer(org):
    return MembershipFactory(organisation=org, role=Membership.Role.VIEWER).user


@pytest.fixture
def outsider(catalogue):
    return MembershipFactory(role=Membership.Role.MANAGER).user


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
