"""The Korean interface (issue 16, bug 7): the heat maps' scale titles clear their top tick, the dashboard's
"제출됨" badge and "100 %" stay on one line, and region and language names are Korean."""

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Assessment, Membership, Recommendation
from assessments.services.demo import DEMO_PASSWORD, demo_setup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

OVERLAP = """figure => {
    const title = figure.querySelector(".colorbar .cbtitle text").getBoundingClientRect();
    const ticks = [...figure.querySelectorAll(".colorbar .cbaxis text, .colorbar text.ytick")]
        .filter(t => t.textContent.trim()).map(t => t.getBoundingClientRect());
    const top = ticks.reduce((a, b) => (b.top < a.top ? b : a));
    const apart = title.right <= top.left || top.right <= title.left || title.bottom <= top.top
        || top.bottom <= title.top;
    return {apart, title: [title.left, title.top, title.right, title.bottom],
            tick: [top.left, top.top, top.right, top.bottom]};
}"""


# Whether an element's content sits on one line: the boxes of its text and inline elements span less than 1.6
# lines from the highest top to the lowest bottom (the cell itself can be taller: its row is).
ONE_LINE = """e => {
    const style = getComputedStyle(e);
    const line = parseFloat(style.lineHeight) || 1.5 * parseFloat(style.fontSize);
    const range = document.createRange();
    range.selectNodeContents(e);
    const rects = [...range.getClientRects()].filter(r => r.width > 0);
    const span = Math.max(...rects.map(r => r.bottom)) - Math.min(...rects.map(r => r.top));
    return span < 1.6 * line;
}"""


def _one_line(locator) -> bool:
    return locator.evaluate(ONE_LINE)


def test_korean_heat_map_scales_badges_and_place_names(page, live_server, catalogue,
                                                       django_capture_on_commit_callbacks):  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        demo_setup()
    assessment = Assessment.objects.get()
    # A function recommended to move: its page shows the recommended option's register and heat map.
    function = Recommendation.objects.filter(run__assessment=assessment, keep_in_house=False).first().function
    manager = Membership.objects.get(organisation=assessment.organisation, role=Membership.Role.MANAGER).user
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "ko", "url": base}])
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", manager.username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit].primary")

    status = page.locator("td .status-submitted").first
    expect(status).to_have_text("제출됨")
    assert _one_line(status), "the 제출됨 badge wraps"
    assert _one_line(page.locator("td:has(> progress)").first), "100 % wraps"

    for path, figure_id in ((f"/assessments/{assessment.pk}/results/{function.pk}/", "risk-heatmap"),
                            (f"/assessments/{assessment.pk}/results/", "score-heatmap")):  # fmt: skip
        page.goto(base + path)
        chart = page.locator(f".chart[data-figure-id={figure_id}]")
        expect(chart).to_have_class(re.compile(r"\bchart-ready\b"), timeout=20000)
        layout = chart.evaluate(OVERLAP)
        assert layout["apart"], f"{figure_id}: the scale title runs into the top tick {layout}"

    page.goto(f"{base}/assessments/new/")
    regions = page.locator("#id_excluded_regions option").all_text_contents()
    languages = page.locator("#id_required_languages option").all_text_contents()
    assert "동유럽" in regions and "Eastern Europe" not in regions
    assert "일본어" in languages and "Japanese" not in languages
    page.goto(f"{base}/assessments/{assessment.pk}/review/")
    expect(page.locator("#review-required-languages")).not_to_contain_text("English")
    page.goto(f"{base}/catalogue/locations/IN/")
    expect(page.locator("table.facts:not(.rates)")).to_contain_text("남아시아")
    expect(page.locator("table.facts:not(.rates)")).to_contain_text("힌디어")
