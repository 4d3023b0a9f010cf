"""The questionnaire for many functions (issue 16, rough edge 12): a list of the functions with each one's
progress, collapsible functions with the first incomplete one open, follow-up questions right under the answer
that opened them, a required total that does not grow while answering, and a "Saved ✓" that does not stay."""

import re

from django.urls import reverse

from outsourcing.models import ServiceType
from tests.factories import BusinessFunctionFactory, answer_all, complete_profile


def _functions(assessment, count=3):
    payroll = ServiceType.objects.get(code="payroll")
    return [BusinessFunctionFactory(assessment=assessment, name=f"Function {i}", service_type=payroll)
            for i in range(count)]  # fmt: skip


def _save(client, assessment, function, **answers):
    data = {f"f{function.pk}-{code}": value for code, value in answers.items()}
    return client.post(reverse("assessments:save-answers", args=[assessment.pk, function.pk]), data,
                       HTTP_HX_REQUEST="true")  # fmt: skip


def _progress(html: str) -> tuple[int, int]:
    answered, required = re.search(r"(\d+) of (\d+) required answers", html).groups()
    return int(answered), int(required)


def test_the_questions_page_lists_every_function_with_its_progress_and_opens_the_first_incomplete(
    client, manager_a, assessment_a
):
    complete_profile(assessment_a)
    first, second, third = _functions(assessment_a)
    answer_all(first)
    client.force_login(manager_a)
    html = client.get(reverse("assessments:questions", args=[assessment_a.pk])).content.decode()
    nav = re.search(r'<nav class="function-nav".*?</nav>', html, re.S).group(0)
    for function in (first, second, third):
        assert f'href="#questions-{function.pk}"' in nav and function.name in nav
    assert re.search(rf'id="nav-function-{first.pk}" class="complete"', nav)
    assert re.search(rf'id="nav-function-{second.pk}".*?0 of \d+', nav, re.S)
    opened = re.findall(r'<details class="function-card" id="questions-(\d+)"( open)?>', html)
    assert opened == [(str(first.pk), ""), (str(second.pk), " open"), (str(third.pk), "")]


def test_a_follow_up_appears_right_under_the_answer_that_opened_it_and_is_counted_apart(
    client, manager_a, assessment_a
):
    complete_profile(assessment_a)
    function = _functions(assessment_a, 1)[0]
    client.force_login(manager_a)
    url = reverse("assessments:questions", args=[assessment_a.pk])
    before = _progress(client.get(url).content.decode())

    response = _save(client, assessment_a, function, data_sensitivity="5")
    saved = response.content.decode()
    followups = re.search(rf'<div id="followups-{function.pk}-data_sensitivity"[^>]*>(.*?)</div>\s*$', saved,
                          re.S | re.M)  # fmt: skip
    assert 'hx-swap-oob="true"' in saved and "data_residency_strict" in followups.group(1)
    assert f'id="nav-function-{function.pk}"' in saved and f'id="card-progress-{function.pk}"' in saved

    html = client.get(url).content.decode()
    order = [m.group(1) for m in re.finditer(r'name="f\d+-(\w+)"', html)]
    trigger = order.index("data_sensitivity")
    assert order[trigger + 5] == "data_residency_strict"  # its five choices come right after the trigger's five
    after = _progress(html)
    assert after == (before[0] + 1, before[1])  # the required total did not grow ...
    assert "follow-up questions: 0 of 1" in html  # ... the follow-up it opened is counted apart


def test_saved_marks_fade_and_leave_instead_of_staying_on_every_row(client, manager_a, assessment_a):
    function = _functions(assessment_a, 1)[0]
    client.force_login(manager_a)
    saved = _save(client, assessment_a, function, strategic_importance="2").content.decode()
    assert re.search(r'<span class="saved flash">Saved ✓</span>', saved)
    row = client.post(reverse("assessments:function-edit", args=[assessment_a.pk, function.pk]),
                      {f"fn{function.pk}-{k}": v for k, v in {
                          "name": "Payroll", "service_type": function.service_type.pk, "fte": "10",
                          "salary_per_fte": "50000000", "overhead_pct": "30", "facilities_cost": "0",
                          "it_cost": "0"}.items()}, HTTP_HX_REQUEST="true").content.decode()  # fmt: skip
    assert 'class="saved flash"' in row
    page = client.get(reverse("assessments:functions", args=[assessment_a.pk])).content.decode()
    assert "Saved" not in page  # a reloaded list carries no old marks
