"""The read-only catalogue pages, in Korean and English, with nothing loaded from outside."""

import re

import pytest
from django.urls import reverse

PAGES = [
    reverse("catalogue:service-types"),
    reverse("catalogue:engagement-models"),
    reverse("catalogue:risk-factors"),
    reverse("catalogue:locations"),
    reverse("catalogue:locations") + "?home=KR",
    reverse("catalogue:location-detail", args=["JP"]),
    reverse("home"),
]
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["'](?:https?:)?//""", re.IGNORECASE)


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("language", ["en", "ko"])
def test_catalogue_page_renders_in_both_languages_without_remote_assets(client, catalogue, url, language):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert not EXTERNAL.search(html), "a page refers to an asset on another host"


def test_service_types_show_korean_names_in_korean(client, catalogue):
    html = client.get(reverse("catalogue:service-types"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "급여" in html  # payroll
    html_en = client.get(reverse("catalogue:service-types"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Payroll" in html_en


def test_locations_page_shows_sourcing_models_for_the_chosen_home(client, catalogue):
    html = client.get(reverse("catalogue:locations") + "?home=US", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    canada_row = re.search(r"Canada</a>.*?</tr>", html, re.S).group(0)
    assert "Nearshore" in canada_row
    html = client.get(reverse("catalogue:locations") + "?home=KR", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    canada_row = re.search(r"Canada</a>.*?</tr>", html, re.S).group(0)
    assert "Offshore" in canada_row


def test_unknown_home_country_is_ignored_not_an_error(client, catalogue):
    assert client.get(reverse("catalogue:locations") + "?home=%3Cscript%3E").status_code == 200


def test_location_page_shows_each_figure_with_its_source_and_year(client, catalogue):
    html = client.get(reverse("catalogue:location-detail", args=["KR"]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Tax Foundation" in html and "2024" in html
    assert "S02" in html


def test_unknown_location_is_a_404(client, catalogue):
    assert client.get(reverse("catalogue:location-detail", args=["ZZ"])).status_code == 404


def test_locations_chart_is_embedded_as_data_not_inline_code(client, catalogue):
    html = client.get(reverse("catalogue:locations")).content.decode()
    assert '<script id="location-figure" type="application/json">' in html
    assert "/static/vendor/plotly.min.js" in html
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)
    assert inline_scripts == []


def test_catalogue_pages_use_a_fixed_number_of_queries(client, catalogue, django_assert_max_num_queries):
    for url in PAGES:
        with django_assert_max_num_queries(6):
            client.get(url)


def test_language_switcher_sets_the_language(client, catalogue):
    response = client.post(reverse("set_language"), {"language": "ko", "next": reverse("catalogue:locations")})
    assert response.status_code == 302
    html = client.get(reverse("catalogue:locations")).content.decode()
    assert '<html lang="ko">' in html


def test_admin_lists_have_search_and_filters(admin_client, catalogue):
    for name in ["servicetype", "engagementmodel", "sourcingmodel", "location", "riskfactor", "driver", "source"]:
        response = admin_client.get(f"/admin/outsourcing/{name}/?q=a")
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'id="searchbar"' in html and 'id="changelist-filter"' in html, name
