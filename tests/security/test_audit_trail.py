"""The audit trail: who changed what in assessments, functions, answers, weights and TCO assumptions,
recorded with the actor (browser session or API token) and shown on the assessment's history page."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from assessments.models import Membership
from outsourcing.models import Question
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory

WEIGHTS = {"cost_saving": "90", "expertise": "0", "flexibility": "0", "focus_on_core": "0", "risk": "5",
           "strategic_fit": "5"}  # fmt: skip


@pytest.fixture
def consultant(org_a):
    return MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT, user__username="carol").user


@pytest.fixture
def draft(org_a, manager_a):
    assessment = AssessmentFactory(organisation=org_a, created_by=manager_a, name="Alpha sourcing 2027")
    BusinessFunctionFactory(assessment=assessment, name="Accounts payable")
    return assessment


def _history(client, assessment, **extra):
    response = client.get(reverse("assessments:history", args=[assessment.pk]), **extra)
    assert response.status_code == 200
    return response.content.decode()


def _rows(client, assessment):
    response = client.get(reverse("assessments:history", args=[assessment.pk]))
    assert response.status_code == 200
    return response.context["rows"]


def test_a_function_edit_through_the_page_is_recorded_with_its_user_and_old_and_new_values(client, manager_a, draft):
    function = draft.functions.get()
    client.force_login(manager_a)
    data = {"name": "Accounts payable (AP)", "service_type": function.service_type.pk, "fte": "12",
            "salary_per_fte": "50000000", "overhead_pct": "30", "facilities_cost": "10000000", "it_cost": "5000000"}
    response = client.post(reverse("assessments:function-edit", args=[draft.pk, function.pk]),
                           {f"fn{function.pk}-{k}": v for k, v in data.items()})  # fmt: skip
    assert response.status_code == 302
    function.refresh_from_db()
    assert function.fte == 12
    entry = LogEntry.objects.get_for_object(function).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == manager_a
    rows = _rows(client, draft)
    change = next(c for row in rows for c in row.changes if c.field == "headcount (FTE)")
    assert rows[0].actor == manager_a.username and rows[0].label == "Accounts payable (AP)"
    assert change.old.startswith("10") and change.new.startswith("12")


def test_a_consultants_weights_are_shown_key_by_key(client, consultant, draft):
    draft.status = "submitted"
    draft.save()
    client.force_login(consultant)
    assert client.post(reverse("assessments:weights", args=[draft.pk]), WEIGHTS).status_code == 302
    html = _history(client, draft)
    assert "carol" in html
    assert "criterion weights · cost saving" in html and "<ins>90 %</ins>" in html


def test_a_weight_changed_from_the_defaults_shows_the_default_it_replaced_not_a_dash(client, consultant, draft):
    draft.status = "submitted"
    draft.save()
    client.force_login(consultant)
    assert client.post(reverse("assessments:weights", args=[draft.pk]), WEIGHTS).status_code == 302
    changes = {c.field: (c.old, c.new) for row in _rows(client, draft) for c in row.changes}
    assert changes["criterion weights · cost saving"] == ("25 % (default)", "90 %")
    assert changes["criterion weights · risk"] == ("25 % (default)", "5 %")
    weights = dict.fromkeys(WEIGHTS, "10")
    weights["cost_saving"] = "50"  # 50 of 100: from 90 % to 50 %, the others from their last values
    assert client.post(reverse("assessments:weights", args=[draft.pk]), weights).status_code == 302
    latest = _rows(client, draft)[0]
    assert {c.field: (c.old, c.new) for c in latest.changes}["criterion weights · risk"] == ("5 %", "10 %")


def test_tco_assumptions_for_the_assessment_and_for_one_function_are_recorded(client, consultant, draft):
    draft.status = "submitted"
    draft.save()
    function = draft.functions.get()
    client.force_login(consultant)
    url = reverse("assessments:tco-assumptions", args=[draft.pk])
    assert client.post(url, {"governance_pct": "10"}).status_code == 302  # entered as a percentage, stored as 0.1
    assert client.post(f"{url}?function={function.pk}", {"parallel_running_months": "9"}).status_code == 302
    changes = {(row.kind, c.field, c.old, c.new) for row in _rows(client, draft) for c in row.changes}
    assert ("Assessment", "TCO assumptions · governance_pct", "—", "0.1") in changes
    assert ("Business function", "TCO assumption overrides · parallel_running_months", "—", "9") in changes


def test_answers_saved_in_the_questionnaire_show_the_question_and_the_choice(client, manager_a, draft):
    function = draft.functions.get()
    question = Question.objects.filter(scope=Question.Scope.FUNCTION, condition={}, categories=[]).first()
    client.force_login(manager_a)
    url = reverse("assessments:save-answers", args=[draft.pk, function.pk])
    client.post(url, {f"f{function.pk}-{question.code}": "2"})
    client.post(url, {f"f{function.pk}-{question.code}": "4"})
    rows = [row for row in _rows(client, draft) if row.kind == "Answer"]
    assert [row.action for row in rows] == ["changed", "created"]
    assert rows[0].label == f"Accounts payable · {question.text_en}"
    (change,) = rows[0].changes
    assert change.field == "chosen answer" and change.old.startswith("2") and change.new.startswith("4")


def test_an_api_change_made_with_a_token_records_the_tokens_user(manager_a, draft):
    function = draft.functions.get()
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(manager_a)[1]}")
    response = api.patch(f"/api/v1/assessments/{draft.pk}/functions/{function.pk}/", {"name": "AP (API)"},
                         format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    entry = LogEntry.objects.get_for_object(function).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == manager_a and entry.changes_dict["name"] == ["Accounts payable", "AP (API)"]
    response = api.patch(f"/api/v1/assessments/{draft.pk}/", {"name": "Renamed by API"}, format="json")
    assert response.status_code == 200, response.content
    assert LogEntry.objects.get_for_object(draft).filter(action=LogEntry.Action.UPDATE).get().actor == manager_a


def test_a_deleted_function_keeps_its_history_on_the_assessment(client, manager_a, draft):
    function = draft.functions.get()
    client.force_login(manager_a)
    assert client.post(reverse("assessments:function-delete", args=[draft.pk, function.pk])).status_code in (200, 302)
    assert not draft.functions.exists()
    rows = [row for row in _rows(client, draft) if row.kind == "Business function"]
    assert rows[0].action == "deleted" and rows[0].label == "Accounts payable" and rows[0].actor == manager_a.username


def test_history_shows_only_this_assessments_changes(client, manager_a, draft, org_a):
    other = AssessmentFactory(organisation=org_a, name="Another plan")
    BusinessFunctionFactory(assessment=other, name="Other payroll")
    client.force_login(manager_a)
    html = _history(client, draft)
    assert "Accounts payable" in html and "Other payroll" not in html and "Another plan" not in html


def test_viewers_may_not_see_the_history_and_outsiders_get_404(client, viewer_a, draft, assessment_b):
    client.force_login(viewer_a)
    assert client.get(reverse("assessments:history", args=[draft.pk])).status_code == 403
    assert client.get(reverse("assessments:history", args=[assessment_b.pk])).status_code == 404


def test_the_history_page_is_in_korean(client, manager_a, draft):
    client.force_login(manager_a)
    client.post(reverse("assessments:function-delete", args=[draft.pk, draft.functions.get().pk]))
    html = _history(client, draft, HTTP_ACCEPT_LANGUAGE="ko")
    assert "변경 이력" in html and "삭제됨" in html and "업무 기능" in html


def test_the_history_page_costs_the_same_queries_however_many_changes(client, manager_a, draft,
                                                                       django_assert_max_num_queries):  # fmt: skip
    from assessments.services.assessments import function_answers_save

    questions = list(Question.objects.filter(scope=Question.Scope.FUNCTION, condition={}, categories=[])[:4])
    client.force_login(manager_a)
    url = reverse("assessments:history", args=[draft.pk])
    client.get(url)  # sessions and content types warmed up

    def change_answers(functions: int):
        for _ in range(functions):
            function = BusinessFunctionFactory(assessment=draft)
            for value in (2, 4):
                function_answers_save(assessment=draft, user=manager_a, function=function,
                                      answers={q.code: value for q in questions})  # fmt: skip

    change_answers(1)
    with django_assert_max_num_queries(16) as few:
        assert client.get(url).status_code == 200
    change_answers(5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert len(response.context["rows"]) == 50 and response.context["page"].has_next()  # a full first page


def test_profile_answers_and_excluded_countries_are_recorded(client, manager_a, draft):
    from assessments.services.assessments import assessment_update_profile
    from outsourcing.models import Location

    question = Question.objects.filter(scope=Question.Scope.PROFILE).first()
    vietnam = Location.objects.get(iso2="VN")
    assessment_update_profile(assessment=draft, user=manager_a, fields={"horizon_years": 7},
                              excluded_locations=[vietnam], answers={question.code: 4})  # fmt: skip
    client.force_login(manager_a)
    changes = {(row.kind, c.field, c.old, c.new) for row in _rows(client, draft) for c in row.changes}
    assert ("Assessment", "planning horizon (years)", "5", "7") in changes
    assert ("Assessment", "countries excluded", "", f"+ {vietnam}") in changes
    profile = next(row for row in _rows(client, draft) if row.kind == "Company profile answer")
    assert profile.label == question.text_en and profile.changes[0].new.startswith("4")


def test_the_recorded_address_is_not_the_clients_own_forwarded_for_claim(client, manager_a, draft):
    function = draft.functions.get()
    client.force_login(manager_a)
    client.post(reverse("assessments:function-delete", args=[draft.pk, function.pk]),
                HTTP_X_FORWARDED_FOR="198.51.100.66", REMOTE_ADDR="203.0.113.5")  # fmt: skip
    entry = LogEntry.objects.get(action=LogEntry.Action.DELETE)
    assert entry.remote_addr == "203.0.113.5" and entry.actor == manager_a
