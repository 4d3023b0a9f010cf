"""The questionnaire through HTTP: saving drafts, bad input, submitting, reopening, roles."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, BusinessFunction, FunctionAnswer, ProfileAnswer
from outsourcing.models import Location, ServiceType
from tests.factories import answer_all, complete_profile

GOOD_PROFILE = {"name": "Sourcing 2027", "home_country": "", "currency": "KRW", "horizon_years": "5",
                "discount_rate_pct": "8", "q_industry": "1", "q_company_size": "3", "q_risk_appetite": "2",
                "q_vendor_maturity": "3", "q_governance_capacity": "3", "q_data_residency": "2"}  # fmt: skip
GOOD_FUNCTION = {"new-name": "Payroll", "new-service_type": "", "new-fte": "12", "new-salary_per_fte": "50000000",
                 "new-overhead_pct": "30", "new-facilities_cost": "1000000", "new-it_cost": "2000000"}  # fmt: skip


@pytest.fixture
def korea():
    return Location.objects.get(iso2="KR")


@pytest.fixture
def payroll():
    return ServiceType.objects.get(code="payroll")


def test_manager_creates_an_assessment(client, manager_a, korea):
    client.force_login(manager_a)
    response = client.post(reverse("assessments:create"), {**GOOD_PROFILE, "home_country": korea.pk})
    assessment = Assessment.objects.get(name="Sourcing 2027")
    assert response.url == reverse("assessments:profile", args=[assessment.pk])
    assert assessment.created_by == manager_a and assessment.status == "draft"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("discount_rate_pct", "300", "Enter a yearly rate in per cent from 0 to 30, with at most two decimals."),
        ("discount_rate_pct", "abc", "Enter a yearly rate in per cent from 0 to 30, with at most two decimals."),
        ("discount_rate_pct", "8.123456", "Enter a yearly rate in per cent from 0 to 30, with at most two decimals."),
        ("horizon_years", "11", "Enter a whole number of years from 1 to 10."),
        ("horizon_years", "0", "Enter a whole number of years from 1 to 10."),
        ("horizon_years", "-3", "Enter a whole number of years from 1 to 10."),
        ("home_country", "999999", "Select a valid choice"),
        ("currency", "XYZ", "not an ISO 4217 currency code"),
        ("name", "", "This field is required"),
        ("q_risk_appetite", "9", "Select a valid choice"),
    ],
)
def test_bad_profile_input_names_the_field_and_keeps_saved_answers(client, manager_a, assessment_a, korea,
                                                                   field, value, message):  # fmt: skip
    ProfileAnswer.objects.create(assessment=assessment_a, question_id=_question_id("risk_appetite"), value=4)
    client.force_login(manager_a)
    data = {**GOOD_PROFILE, "home_country": korea.pk, "name": "Typed name", field: value}
    response = client.post(reverse("assessments:profile", args=[assessment_a.pk]), data)
    assert response.status_code == 200
    html = response.content.decode()
    form = response.context["form"]
    assert field in form.errors and message in " ".join(form.errors[field])
    assert f'id="id_{field}_error"' in html  # error tied to the field for screen readers
    if field != "name":
        assert 'value="Typed name"' in html  # everything typed is kept
    assessment_a.refresh_from_db()
    assert assessment_a.name != "Typed name"
    assert ProfileAnswer.objects.get(assessment=assessment_a, question__code="risk_appetite").value == 4


def test_korean_users_get_the_field_errors_in_korean(client, manager_a, assessment_a, korea):
    client.force_login(manager_a)
    data = {**GOOD_PROFILE, "home_country": korea.pk, "horizon_years": "11"}
    response = client.post(reverse("assessments:profile", args=[assessment_a.pk]), data, HTTP_ACCEPT_LANGUAGE="ko")
    assert "10" in " ".join(response.context["form"].errors["horizon_years"])
    assert "1에서 10 사이의 정수로 연수를 입력하세요." in response.content.decode()


def _question_id(code):
    from outsourcing.models import Question

    return Question.objects.get(code=code).pk


def test_profile_saves_answers_and_resumes(client, manager_a, assessment_a, korea):
    client.force_login(manager_a)
    response = client.post(reverse("assessments:profile", args=[assessment_a.pk]),
                           {**GOOD_PROFILE, "home_country": korea.pk, "continue": "1"})  # fmt: skip
    assert response.url == reverse("assessments:functions", args=[assessment_a.pk])
    assert ProfileAnswer.objects.filter(assessment=assessment_a).count() == 6
    response = client.get(reverse("assessments:open", args=[assessment_a.pk]))
    assert response.url == reverse("assessments:profile", args=[assessment_a.pk])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("fte", "-3", "Enter a headcount from 0.1 to 100,000, with at most one decimal."),
        ("fte", "lots", "Enter a headcount from 0.1 to 100,000, with at most one decimal."),
        ("salary_per_fte", "-1", "Enter a yearly amount from 0 to 999,999,999,999.99, with at most two decimals."),
        ("overhead_pct", "500", "Enter a percentage from 0 to 300, with at most one decimal."),
        ("service_type", "", "This field is required"),
        ("service_type", "424242", "Select a valid choice"),
        ("name", "", "This field is required"),
        ("it_cost", "1e400", "Enter a yearly amount from 0 to 999,999,999,999.99, with at most two decimals."),
        ("facilities_cost", "NaN", "Enter a yearly amount from 0 to 999,999,999,999.99, with at most two decimals."),
    ],
)
def test_bad_function_input_names_the_field_keeps_what_was_typed_and_adds_nothing(
    client, manager_a, assessment_a, function_a, payroll, field, value, message
):
    client.force_login(manager_a)
    data = {**GOOD_FUNCTION, "new-service_type": payroll.pk, f"new-{field}": value, "new-name": "Typed fn"}
    if field == "name":
        data["new-name"] = value
    response = client.post(reverse("assessments:function-add", args=[assessment_a.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="id_new-{field}_error"' in html and message in html
    if field != "name":
        assert 'value="Typed fn"' in html
    assert list(assessment_a.functions.values_list("pk", flat=True)) == [function_a.pk]


def test_editing_a_function_with_bad_input_keeps_the_saved_values(client, manager_a, assessment_a, function_a, payroll):
    client.force_login(manager_a)
    prefix = f"fn{function_a.pk}"
    data = {f"{prefix}-{k[4:]}": v for k, v in GOOD_FUNCTION.items()}
    data.update({f"{prefix}-service_type": payroll.pk, f"{prefix}-fte": "-1"})
    url = reverse("assessments:function-edit", args=[assessment_a.pk, function_a.pk])
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    function_a.refresh_from_db()
    assert function_a.fte == 10 and function_a.name != "Payroll"


def test_functions_are_added_edited_and_removed_inline(client, manager_a, assessment_a, payroll):
    client.force_login(manager_a)
    add = reverse("assessments:function-add", args=[assessment_a.pk])
    response = client.post(add, {**GOOD_FUNCTION, "new-service_type": payroll.pk}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<tr id=\"function-" in response.content.decode()
    assert response["HX-Trigger"] == "functions-changed"
    function = BusinessFunction.objects.get(assessment=assessment_a, name="Payroll")
    edit = reverse("assessments:function-edit", args=[assessment_a.pk, function.pk])
    assert "<form" in client.get(edit, HTTP_HX_REQUEST="true").content.decode()
    data = {f"fn{function.pk}-{k[4:]}": v for k, v in GOOD_FUNCTION.items()}
    data.update({f"fn{function.pk}-service_type": payroll.pk, f"fn{function.pk}-name": "Group payroll"})
    client.post(edit, data, HTTP_HX_REQUEST="true")
    function.refresh_from_db()
    assert function.name == "Group payroll"
    client.post(reverse("assessments:function-delete", args=[assessment_a.pk, function.pk]), HTTP_HX_REQUEST="true")
    assert not BusinessFunction.objects.filter(pk=function.pk).exists()


def test_answers_autosave_and_reveal_the_follow_up_question(client, manager_a, assessment_a, function_a):
    client.force_login(manager_a)
    url = reverse("assessments:save-answers", args=[assessment_a.pk, function_a.pk])
    prefix = f"f{function_a.pk}"
    response = client.post(url, {f"{prefix}-data_sensitivity": "5"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200 and "Saved" in html
    assert f"{prefix}-data_residency_strict" in html  # the follow-up appears once sensitivity is 4+
    client.post(url, {f"{prefix}-urgency": "2"}, HTTP_HX_REQUEST="true")
    saved = dict(FunctionAnswer.objects.filter(function=function_a).values_list("question__code", "value"))
    assert saved == {"data_sensitivity": 5, "urgency": 2}  # a partial autosave does not clear other answers


def test_an_answer_out_of_range_is_refused_and_nothing_is_lost(client, manager_a, assessment_a, function_a):
    FunctionAnswer.objects.create(function=function_a, question_id=_question_id("urgency"), value=4)
    client.force_login(manager_a)
    url = reverse("assessments:save-answers", args=[assessment_a.pk, function_a.pk])
    response = client.post(url, {f"f{function_a.pk}-urgency": "7"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    assert "Urgency of change" in response.content.decode() and "Select a valid choice" in response.content.decode()
    assert FunctionAnswer.objects.get(function=function_a, question__code="urgency").value == 4


def test_submit_lists_what_is_missing_then_succeeds_when_complete(client, manager_a, assessment_a, function_a):
    client.force_login(manager_a)
    submit = reverse("assessments:submit", args=[assessment_a.pk])
    client.post(submit)
    assessment_a.refresh_from_db()
    assert assessment_a.status == "draft"
    html = client.get(reverse("assessments:review", args=[assessment_a.pk])).content.decode()
    assert "required answers are missing" in html and 'class="missing"' in html
    complete_profile(assessment_a)
    answer_all(function_a)
    client.post(submit)
    assessment_a.refresh_from_db()
    assert assessment_a.status == "submitted" and assessment_a.submitted_at is not None


def test_submitted_assessment_is_read_only_and_reopens_as_a_new_version(client, manager_a, assessment_a, function_a):
    complete_profile(assessment_a)
    answer_all(function_a)
    client.force_login(manager_a)
    client.post(reverse("assessments:submit", args=[assessment_a.pk]))
    edit = reverse("assessments:function-add", args=[assessment_a.pk])
    assert client.post(edit, GOOD_FUNCTION).status_code == 403
    assert client.get(reverse("assessments:profile", args=[assessment_a.pk])).url.endswith("/review/")
    client.post(reverse("assessments:reopen", args=[assessment_a.pk]))
    new = Assessment.objects.get(previous_version=assessment_a)
    assert new.version == 2 and new.status == "draft"
    assert new.functions.get().answers.count() == function_a.answers.count()
    assert client.get(reverse("assessments:review", args=[assessment_a.pk])).status_code == 200  # old stays readable
    again = client.post(reverse("assessments:reopen", args=[assessment_a.pk]))  # only once: taken to the draft
    assert again.url == reverse("assessments:profile", args=[new.pk])
    assert Assessment.objects.filter(previous_version=assessment_a).count() == 1


def test_a_viewer_reads_but_cannot_change(client, viewer_a, assessment_a, function_a):
    client.force_login(viewer_a)
    assert client.get(reverse("assessments:review", args=[assessment_a.pk])).status_code == 200
    assert client.get(reverse("assessments:questions", args=[assessment_a.pk])).status_code == 302
    assert client.post(reverse("assessments:function-delete", args=[assessment_a.pk, function_a.pk])).status_code == 403
    assert client.post(reverse("assessments:delete", args=[assessment_a.pk])).status_code == 403
    assert client.get(reverse("assessments:create")).status_code == 403
    assert BusinessFunction.objects.filter(pk=function_a.pk).exists()


def test_delete_asks_for_confirmation_first(client, consultant_a, assessment_a):
    client.force_login(consultant_a)
    url = reverse("assessments:delete", args=[assessment_a.pk])
    assert "cannot be undone" in client.get(url).content.decode()
    assert Assessment.objects.filter(pk=assessment_a.pk).exists()
    client.post(url)
    assert not Assessment.objects.filter(pk=assessment_a.pk).exists()


def test_duplicate_copies_functions_and_answers(client, manager_a, assessment_a, function_a):
    answer_all(function_a)
    client.force_login(manager_a)
    client.post(reverse("assessments:duplicate", args=[assessment_a.pk]))
    copy = Assessment.objects.exclude(pk=assessment_a.pk).get()
    assert copy.name.startswith("Copy of") and copy.functions.get().answers.count() == function_a.answers.count()


def test_password_change_and_logout(client, manager_a):
    from tests.factories import PASSWORD

    client.force_login(manager_a)
    response = client.post(reverse("password_change"),
                           {"old_password": PASSWORD, "new_password1": "an0ther-Long-pass", "new_password2": "an0ther-Long-pass"})  # fmt: skip # noqa: E501
    assert response.status_code == 302
    client.post(reverse("logout"))
    # a real login through the page (axes needs the request, which client.login does not pass)
    login = client.post(reverse("login"), {"username": manager_a.username, "password": "an0ther-Long-pass"})
    assert login.status_code == 302
