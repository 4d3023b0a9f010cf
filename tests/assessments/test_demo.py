import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Membership


@pytest.mark.django_db
def test_demo_setup_prints_logins_and_creates_one_submitted_assessment_twice_safely(catalogue):
    out = io.StringIO()
    call_command("demo_setup", stdout=out)
    call_command("demo_setup", stdout=out)
    text = out.getvalue()
    assert "demo-manager" in text and "demo-consultant" in text and "password:" in text
    assessment = Assessment.objects.get()
    assert assessment.status == Assessment.Status.SUBMITTED
    families = set(assessment.functions.values_list("service_type__category__family", flat=True))
    assert families == {"KPO", "BPO", "ITO"}
    assert assessment.functions.count() == 12
    roles = set(Membership.objects.filter(organisation=assessment.organisation).values_list("role", flat=True))
    assert roles == {"manager", "consultant"}
