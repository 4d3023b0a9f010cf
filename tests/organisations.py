"""The organisations and people of the tests, shared by every folder (registered in tests/conftest.py).

`org`, `manager`, `viewer`, `outsider`: one organisation (Alpha Corp) with a manager and a viewer, and a
manager of another organisation. `org_a` ... `assessment_b`: two organisations, for the tests of what one
may see of the other (tenancy, authorization, escaping).
"""

import pytest
from rest_framework.test import APIClient

from assessments.models import Membership
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, OrganisationFactory


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
