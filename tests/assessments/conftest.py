import pytest

from assessments.models import Membership
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, OrganisationFactory


@pytest.fixture
def org_a(catalogue):
    return OrganisationFactory(name="Alpha Corp")


@pytest.fixture
def org_b(catalogue):
    return OrganisationFactory(name="Beta Ltd")


@pytest.fixture
def manager_a(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.MANAGER).user


@pytest.fixture
def consultant_a(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT).user


@pytest.fixture
def viewer_a(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.VIEWER).user


@pytest.fixture
def assessment_a(org_a, manager_a):
    return AssessmentFactory(organisation=org_a, created_by=manager_a)


@pytest.fixture
def function_a(assessment_a):
    return BusinessFunctionFactory(assessment=assessment_a)


@pytest.fixture
def assessment_b(org_b):
    assessment = AssessmentFactory(organisation=org_b, name="Beta secret plan")
    BusinessFunctionFactory(assessment=assessment, name="Beta payroll")
    return assessment
