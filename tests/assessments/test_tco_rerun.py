"""After a consultant changes weights or assumptions the TCO comparison runs again and the page shows the new run;
"Run" with nothing changed says so. These tests commit for real (transaction=True): in-process runs are computed
when the request's transaction commits, inside the request, as in `make run` with RUNS_IN_PROCESS=inline."""

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from assessments.models import TcoRun
from assessments.services.assessments import assessment_submit
from tests.factories import complete_assessment

pytestmark = pytest.mark.django_db(transaction=True)

WEIGHTS = {"cost_saving": 50, "expertise": 10, "flexibility": 10, "focus_on_core": 10, "risk": 10, "strategic_fit": 10}


@pytest.fixture
def submitted(org_a, manager_a):
    assessment = complete_assessment(org_a)
    assessment_submit(assessment=assessment, user=manager_a)  # committed: its TCO run is computed at once
    assert TcoRun.objects.get(assessment=assessment).status == TcoRun.Status.SUCCEEDED
    return assessment


def _computed(run: TcoRun) -> str:
    return formats.date_format(timezone.localtime(run.finished_at), "SHORT_DATETIME_FORMAT")


def test_starting_a_run_after_the_assumptions_changed_answers_its_results_not_a_500(client, submitted,
                                                                                   consultant_a):  # fmt: skip
    submitted.tco_assumptions = {"governance_pct": 0.11}  # changed without a run (as stored before this fix)
    submitted.save(update_fields=["tco_assumptions"])
    client.force_login(consultant_a)
    response = client.post(reverse("assessments:tco-start", args=[submitted.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    newest = TcoRun.objects.filter(assessment=submitted).first()
    assert newest.inputs["assumptions"] == {"governance_pct": 0.11} and newest.status == TcoRun.Status.SUCCEEDED
    html = response.content.decode()
    assert _computed(newest) in html and 'id="tco-curves"' in html  # the new run's results, swapped in at once
    assert "tco-unchanged" not in html


def test_saving_the_assumptions_starts_a_new_run_that_the_page_shows(client, submitted, consultant_a):
    client.force_login(consultant_a)
    saved = client.post(reverse("assessments:tco-assumptions", args=[submitted.pk]), {"governance_pct": "12"},
                        follow=True)  # fmt: skip
    assert saved.status_code == 200
    assert TcoRun.objects.filter(assessment=submitted).count() == 2
    newest = TcoRun.objects.filter(assessment=submitted).first()
    assert newest.inputs["assumptions"] == {"governance_pct": 0.12} and newest.status == TcoRun.Status.SUCCEEDED
    html = saved.content.decode()
    assert "the TCO comparison is running again with them" in html and _computed(newest) in html


def test_saving_function_overrides_starts_a_new_run(client, submitted, consultant_a):
    function = submitted.functions.first()
    client.force_login(consultant_a)
    url = reverse("assessments:tco-assumptions", args=[submitted.pk])
    client.post(f"{url}?function={function.pk}", {"parallel_running_months": "9"})
    newest = TcoRun.objects.filter(assessment=submitted).first()
    assert newest.inputs["function_overrides"] == {str(function.pk): {"parallel_running_months": 9}}


def test_saving_the_weights_rescores_and_starts_a_new_run(client, submitted, consultant_a):
    client.force_login(consultant_a)
    before = TcoRun.objects.get(assessment=submitted)
    saved = client.post(reverse("assessments:weights", args=[submitted.pk]), WEIGHTS, follow=True)
    assert saved.status_code == 200 and "its TCO comparison is running" in saved.content.decode()
    newest = TcoRun.objects.filter(assessment=submitted).first()
    assert newest.pk != before.pk and newest.status == TcoRun.Status.SUCCEEDED
    assert newest.inputs["scoring_run_hash"] != before.inputs["scoring_run_hash"]


def test_run_with_nothing_changed_says_so_and_starts_nothing(client, submitted, manager_a):
    client.force_login(manager_a)
    response = client.post(reverse("assessments:tco-start", args=[submitted.pk]), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'id="tco-unchanged"' in response.content.decode()
    assert "Nothing has changed since the last run" in response.content.decode()
    page = client.post(reverse("assessments:tco-start", args=[submitted.pk]), follow=True)  # without htmx
    assert "Nothing has changed since the last run" in page.content.decode()
    assert TcoRun.objects.filter(assessment=submitted).count() == 1


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_unchanged_note_is_translated(client, submitted, manager_a, language):
    client.force_login(manager_a)
    html = client.post(reverse("assessments:tco-start", args=[submitted.pk]), HTTP_HX_REQUEST="true",
                       HTTP_ACCEPT_LANGUAGE=language).content.decode()  # fmt: skip
    expected = "Nothing has changed since the last run" if language == "en" else "지난 실행 이후 바뀐 것이 없으므로"
    assert expected in html


def test_returning_to_earlier_assumptions_shows_their_run_again(client, submitted, consultant_a):
    """A → B → A: the run of A is reused and shown (the newest request wins, not the newest row)."""
    client.force_login(consultant_a)
    url = reverse("assessments:tco-assumptions", args=[submitted.pk])
    first = TcoRun.objects.get(assessment=submitted)
    client.post(url, {"governance_pct": "12"})
    client.post(url, {})  # back to the defaults
    assert TcoRun.objects.filter(assessment=submitted).count() == 2
    assert TcoRun.objects.filter(assessment=submitted).first().pk == first.pk
    page = client.get(reverse("assessments:tco", args=[submitted.pk])).content.decode()
    assert _computed(first) in page
