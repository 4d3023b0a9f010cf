"""The new-assessment form keeps everything it shows, and number rules read the same wherever they are checked.

Issue 16, bug 1: countries, regions and languages chosen on the create form were dropped on creation, and the
review page had no row for them. Rough edge 11: a horizon of −3 said "≥ 0" on the create form, "≥ 1" on the
profile and "1 to 10" in the help text.
"""

import pytest
from django.urls import reverse

from assessments.models import Assessment
from outsourcing.models import Location


@pytest.fixture
def korea():
    return Location.objects.get(iso2="KR")


def _create(client, korea, **extra):
    data = {"name": "Insurer review", "home_country": korea.pk, "currency": "KRW", "horizon_years": "5",
            "discount_rate_pct": "8", **extra}  # fmt: skip
    return client.post(reverse("assessments:create"), data)


def test_countries_regions_and_languages_chosen_on_the_create_form_are_saved_and_reviewed(client, manager_a, korea):
    brazil, canada = Location.objects.get(iso2="BR"), Location.objects.get(iso2="CA")
    client.force_login(manager_a)
    response = _create(client, korea, excluded_locations=[brazil.pk, canada.pk],
                       excluded_regions=["Eastern Europe", "Northern Africa"], required_languages=["Japanese"])
    assert response.status_code == 302
    assessment = Assessment.objects.get(name="Insurer review")
    assert set(assessment.excluded_locations.values_list("iso2", flat=True)) == {"BR", "CA"}
    assert assessment.excluded_regions == ["Eastern Europe", "Northern Africa"]
    assert assessment.required_languages == ["Japanese"]

    profile = client.get(reverse("assessments:profile", args=[assessment.pk])).content.decode()
    assert f'<option value="{brazil.pk}" selected>' in profile and '<option value="Japanese" selected>' in profile

    review = client.get(reverse("assessments:review", args=[assessment.pk])).content.decode()
    assert '<dd id="review-excluded-locations">Brazil, Canada</dd>' in review
    assert '<dd id="review-excluded-regions">Eastern Europe, Northern Africa</dd>' in review
    assert '<dd id="review-required-languages">Japanese</dd>' in review
    korean = client.get(reverse("assessments:review", args=[assessment.pk]), HTTP_ACCEPT_LANGUAGE="ko").content
    korean = korean.decode()
    assert "브라질, 캐나다" in korean and "동유럽, 북아프리카" in korean and ">일본어</dd>" in korean


@pytest.mark.parametrize("horizon", ["-3", "0", "11", "2.5", "abc"])
def test_a_bad_horizon_gets_the_same_plain_rule_on_the_create_form_and_the_profile(client, manager_a, korea, horizon):
    rule = "Enter a whole number of years from 1 to 10."
    client.force_login(manager_a)
    created = _create(client, korea, horizon_years=horizon)
    assert created.status_code == 200 and created.context["form"].errors["horizon_years"] == [rule]
    assessment = Assessment.objects.create(organisation_id=manager_a.memberships.get().organisation_id,
                                           name="Existing", home_country=korea)  # fmt: skip
    profile = client.post(reverse("assessments:profile", args=[assessment.pk]),
                          {"name": "Existing", "home_country": korea.pk, "currency": "KRW", "horizon_years": horizon,
                           "discount_rate_pct": "8"})  # fmt: skip
    assert profile.context["form"].errors["horizon_years"] == [rule]
    assert "1 to 10 years." in profile.content.decode()  # the help text says the same range


@pytest.mark.parametrize(
    ("field", "value"),
    [("discount_rate_pct", "8.123"), ("discount_rate_pct", "1234"), ("discount_rate_pct", "-1")],
)
def test_a_bad_discount_rate_gets_one_plain_sentence_not_a_digit_count(client, manager_a, korea, field, value):
    client.force_login(manager_a)
    response = _create(client, korea, **{field: value})
    messages = response.context["form"].errors[field]
    assert messages == ["Enter a yearly rate in per cent from 0 to 30, with at most two decimals."]
    assert "digits" not in response.content.decode()
