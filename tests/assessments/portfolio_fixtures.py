"""The demo assessment with a finished TCO run, for the portfolio tests (fewer draws: the numbers are not checked)."""

import pytest

from assessments.models import Assessment, Membership
from assessments.services.demo import DEMO_ORG_SLUG, demo_setup


@pytest.fixture
def demo(catalogue, settings, django_capture_on_commit_callbacks):
    settings.TCO_DRAWS = 1_000
    settings.PORTFOLIO_SOLVE_SECONDS = 5.0
    with django_capture_on_commit_callbacks(execute=True):
        demo_setup()
    return Assessment.objects.get(organisation__slug=DEMO_ORG_SLUG)


def member(assessment, role):
    return Membership.objects.filter(organisation=assessment.organisation, role=role).first().user
