import io

import pytest
from django.core.management import call_command

from assessments.models import Assessment, Membership
from assessments.services.demo import DEMO_ORG_SLUG, INSURER_ORG_SLUG


@pytest.mark.django_db
def test_demo_setup_prints_logins_and_creates_one_submitted_assessment_per_organisation_twice_safely(catalogue):
    out = io.StringIO()
    call_command("demo_setup", stdout=out)
    call_command("demo_setup", stdout=out)
    text = out.getvalue()
    assert "demo-manager" in text and "demo-consultant" in text and "password:" in text
    assert "demo-insurer-manager" in text and "demo-insurer-consultant" in text
    assessment = Assessment.objects.get(organisation__slug=DEMO_ORG_SLUG)
    assert assessment.status == Assessment.Status.SUBMITTED
    families = set(assessment.functions.values_list("service_type__category__family", flat=True))
    assert families == {"KPO", "BPO", "ITO"}
    assert assessment.functions.count() == 12
    roles = set(Membership.objects.filter(organisation=assessment.organisation).values_list("role", flat=True))
    assert roles == {"manager", "consultant"}
    insurer = Assessment.objects.get(organisation__slug=INSURER_ORG_SLUG)
    assert insurer.status == Assessment.Status.SUBMITTED and insurer.functions.count() == 8
    assert insurer.functions.get(name="IT service desk").required_languages == ["Korean"]
    assert Assessment.objects.count() == 2
