"""Rough edge 18: the consultant's Weights link is in the results menu of every results page (Reports and
Sensitivity too), and the note on published figures shows only where published figures are."""

import pytest
from django.urls import reverse

from assessments.services.scoring import assessment_score
from tests.assessments.test_scoring_results import _scored_assessment

NOTE = "An empty cell means no published figure was found."


@pytest.mark.parametrize("page", ["results", "tco", "reports", "sensitivity", "weights"])
def test_every_results_page_gives_a_consultant_the_weights_link(client, consultant_a, org_a, page):
    assessment = _scored_assessment(org_a, 1)
    assessment_score(assessment=assessment)
    client.force_login(consultant_a)
    html = client.get(reverse(f"assessments:{page}", args=[assessment.pk])).content.decode()
    assert f'href="{reverse("assessments:weights", args=[assessment.pk])}"' in html


def test_a_manager_gets_no_weights_link(client, manager_a, org_a):
    assessment = _scored_assessment(org_a, 1)
    assessment_score(assessment=assessment)
    client.force_login(manager_a)
    html = client.get(reverse("assessments:reports", args=[assessment.pk])).content.decode()
    assert reverse("assessments:weights", args=[assessment.pk]) not in html


def test_the_published_figures_note_is_on_the_locations_pages_not_on_login_or_the_dashboard(client, manager_a):
    assert NOTE not in client.get(reverse("login")).content.decode()
    assert NOTE in client.get(reverse("catalogue:locations")).content.decode()
    assert NOTE in client.get(reverse("catalogue:location-detail", args=["IN"])).content.decode()
    client.force_login(manager_a)
    assert NOTE not in client.get(reverse("assessments:dashboard")).content.decode()
