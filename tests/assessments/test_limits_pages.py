"""Per-function limits in the questionnaire and the review, and a consultant's audited acceptance of a risk."""

import pytest
from django.urls import reverse

from assessments.models import Membership, OptionScore, ProfileAnswer, RiskOverride
from assessments.services.scoring import assessment_score
from tests.factories import BusinessFunctionFactory, MembershipFactory, answer_all, complete_profile


def test_a_manager_sets_a_functions_limits_and_the_review_shows_them(client, manager_a, assessment_a, function_a):
    client.force_login(manager_a)
    url = reverse("assessments:save-limits", args=[assessment_a.pk, function_a.pk])
    prefix = f"lim{function_a.pk}-"
    data = {prefix + "required_languages": ["Korean"], prefix + "data_residency": "home",
            prefix + "excluded_countries": ["IN", "PH"], prefix + "max_share_outsourced_pct": "60"}
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].endswith(f"#limits-{function_a.pk}")
    function_a.refresh_from_db()
    assert function_a.required_languages == ["Korean"] and function_a.data_residency == "home"
    assert function_a.excluded_countries == ["IN", "PH"] and function_a.max_share_outsourced_pct == 60
    questions = client.get(reverse("assessments:questions", args=[assessment_a.pk])).content.decode()
    assert f'id="limits-{function_a.pk}"' in questions and 'value="Korean" selected' in questions
    review = client.get(reverse("assessments:review", args=[assessment_a.pk])).content.decode()
    assert "Home country only" in review and "IN, PH" in review and "60 %" in review


def test_bad_limits_name_the_field_keep_what_was_typed_and_save_nothing(client, manager_a, assessment_a, function_a):
    client.force_login(manager_a)
    url = reverse("assessments:save-limits", args=[assessment_a.pk, function_a.pk])
    data = {f"lim{function_a.pk}-max_share_outsourced_pct": "150", f"lim{function_a.pk}-excluded_countries": ["IN"]}
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Largest share of the work that may be outsourced (%)" in html and 'role="alert"' in html
    assert 'value="IN" selected' in html
    function_a.refresh_from_db()
    assert function_a.max_share_outsourced_pct is None and function_a.excluded_countries == []


def test_only_editors_of_a_draft_set_limits(client, viewer_a, assessment_a, function_a):
    client.force_login(viewer_a)
    url = reverse("assessments:save-limits", args=[assessment_a.pk, function_a.pk])
    assert client.post(url, {f"lim{function_a.pk}-must_stay_in_house": "on"}).status_code == 403
    function_a.refresh_from_db()
    assert function_a.must_stay_in_house is False


@pytest.fixture
def cautious(org_a):
    """A submitted assessment of a very cautious company that weighs only cost: the cheapest options, offshore,
    top the ranking and are above its risk appetite."""
    from tests.factories import AssessmentFactory

    assessment = AssessmentFactory(organisation=org_a, status="submitted", criterion_weights={"cost_saving": 1.0})
    complete_profile(assessment)
    ProfileAnswer.objects.filter(assessment=assessment, question__code="risk_appetite").update(value=1)
    answer_all(BusinessFunctionFactory(assessment=assessment, name="Ledger", excluded_countries=["VN"]))
    assessment_score(assessment=assessment)
    return assessment


def test_the_function_page_lists_exclusions_and_flags_options_above_the_appetite(client, manager_a, cautious):
    function = cautious.functions.get()
    client.force_login(manager_a)
    url = reverse("assessments:results-function", args=[cautious.pk, function.pk])
    english = client.get(url).content.decode()
    assert "options excluded by this function" in english and "Vietnam is excluded for this function." in english
    assert "Above the risk appetite: not recommended" in english
    assert "Accept this risk" not in english  # a manager sees the flag, only a consultant may accept
    korean = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "이 기능에서는 베트남을 제외했습니다." in korean


def test_a_consultant_accepts_a_flagged_option_with_a_reason_which_the_history_shows(client, org_a, cautious):
    consultant = MembershipFactory(organisation=org_a, role=Membership.Role.CONSULTANT, user__username="carol").user
    function = cautious.functions.get()
    flagged = (OptionScore.objects.filter(run__assessment=cautious, function=function, above_risk_appetite=True,
                                          excluded=False).order_by("rank").first())  # fmt: skip
    assert flagged is not None
    client.force_login(consultant)
    url = reverse("assessments:risk-override", args=[cautious.pk, function.pk])
    assert client.post(url, {"option_id": flagged.option_id, "reason": " "}).status_code == 302
    assert not RiskOverride.objects.exists()  # no reason, no acceptance
    reason = "The board accepts this provider after its ISO 27001 audit."
    assert client.post(url, {"option_id": flagged.option_id, "reason": reason}).status_code == 302
    override = RiskOverride.objects.get()
    assert override.created_by == consultant and override.reason == reason
    rescored = OptionScore.objects.get(run__assessment=cautious, function=function, option_id=flagged.option_id)
    assert rescored.above_risk_appetite and rescored.risk_override
    history = client.get(reverse("assessments:history", args=[cautious.pk])).content.decode()
    assert "Risk accepted above the appetite" in history and "carol" in history and "ISO 27001" in history
    excluded = OptionScore.objects.filter(run__assessment=cautious, function=function, excluded=True).first()
    client.post(url, {"option_id": excluded.option_id, "reason": "cheap"})
    assert RiskOverride.objects.count() == 1  # a limit is never lifted by an acceptance


def test_a_manager_may_not_accept_a_risk(client, manager_a, cautious):
    function = cautious.functions.get()
    client.force_login(manager_a)
    url = reverse("assessments:risk-override", args=[cautious.pk, function.pk])
    assert client.post(url, {"option_id": "total|offshore|IN", "reason": "x"}).status_code == 403
    assert not RiskOverride.objects.exists()


def test_a_run_stored_before_the_limits_still_opens(client, manager_a, org_a):
    """Runs scored by the earlier code have no risk limits, no place columns, no new traits and no limits in their
    stored inputs: the results, function and sensitivity pages still render from them."""
    from tests.factories import AssessmentFactory

    assessment = AssessmentFactory(organisation=org_a, status="submitted")
    complete_profile(assessment)
    answer_all(BusinessFunctionFactory(assessment=assessment))
    run = assessment_score(assessment=assessment)
    old = dict(run.inputs)
    old.pop("limits")
    dropped = {"business_languages", "region", "eu_eea", "eu_adequacy", "estimated", "cultural_distance",
               "geo_distance", "legal_weakness"}  # fmt: skip
    old["options"] = [{k: v for k, v in row.items() if k not in dropped} for row in old["options"]]
    old["functions"] = [{k: v for k, v in row.items() if k not in {"required_languages", "data_residency",
                        "excluded_countries", "excluded_regions", "must_stay_in_house", "max_share_outsourced"}}
                        for row in old["functions"]]  # fmt: skip
    old["risks"] = [{k: v for k, v in risk.items() if k != "exposure"} for risk in old["risks"]]
    run.inputs, run.risk_limits = old, {}
    run.save(update_fields=["inputs", "risk_limits"])
    OptionScore.objects.filter(run=run).update(above_risk_appetite=False, exclusion_reasons=[])
    client.force_login(manager_a)
    function = assessment.functions.get()
    for name, args in (("results", [assessment.pk]), ("results-function", [assessment.pk, function.pk]),
                       ("sensitivity", [assessment.pk])):  # fmt: skip
        assert client.get(reverse(f"assessments:{name}", args=args)).status_code == 200, name
