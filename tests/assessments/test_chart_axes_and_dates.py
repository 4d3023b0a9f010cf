"""Rough edge 16: the location comparison does not make 62 and 70 look alike; dates cannot be misread."""

import re

from django.urls import reverse
from django.utils import translation

from assessments.charts import location_comparison
from tests.factories import AssessmentFactory


def _rows(scores):
    return [{"name": f"Country {i}", "score": s, "sourcing_label": "offshore"} for i, s in enumerate(scores)]


def test_location_scores_are_dots_on_an_axis_spanning_the_scores_not_bars_from_zero():
    figure = location_comparison(_rows([62.0, 70.0, 66.5]), "total outsourcing")
    assert {trace["type"] for trace in figure["data"]} == {"scatter"}
    low, high = figure["layout"]["yaxis"]["range"]
    assert 50 < low < 62 and 70 < high <= 100
    assert (70 - 62) / (high - low) > 0.5  # the gap takes more than half the axis, not 8 % of it
    assert figure["layout"]["xaxis"]["categoryarray"][0] == "Country 1"  # best first
    assert figure["data"][0]["text"][:2] == ["62", "70"]  # each dot labelled with its score


def test_dashboard_dates_read_the_same_everywhere_in_english_and_korean(client, manager_a, org_a):
    AssessmentFactory(organisation=org_a, name="Dated")
    client.force_login(manager_a)
    english = client.get(reverse("assessments:dashboard"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert re.search(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", english)  # 7 Dec 2026, 09:43
    assert not re.search(r"\d{2}/\d{2}/\d{4}", english) and "a.m." not in english and "p.m." not in english
    with translation.override("ko"):
        korean = client.get(reverse("assessments:dashboard"), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert re.search(r"\d{4}년 \d{1,2}월 \d{1,2}일 \d{2}:\d{2}", korean)
