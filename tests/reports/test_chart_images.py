"""Chart images: kaleido's tabs are reused without a reload only on the kaleido that speed-up was written for,
and the images are the same either way (drawn by Debian's chromium, hence the `browser` marker)."""

import io

import kaleido
import pytest
from PIL import Image

from assessments import charts
from assessments.pdf_engine import private_api
from assessments.reports import chart_images


def test_tabs_are_reused_only_on_the_kaleido_it_was_written_for_with_the_speed_ups_on(settings, monkeypatch):
    settings.PRIVATE_API_SPEEDUPS = True
    assert chart_images._browser_class() is chart_images._BatchKaleido
    settings.PRIVATE_API_SPEEDUPS = False
    assert chart_images._browser_class() is kaleido.Kaleido
    settings.PRIVATE_API_SPEEDUPS = True
    monkeypatch.setattr(chart_images, "KALEIDO_VERSIONS", frozenset({"1.4.0"}))
    private_api._warn_once.cache_clear()
    assert chart_images._browser_class() is kaleido.Kaleido


def test_a_kaleido_without_the_private_method_gets_its_own_class(settings, monkeypatch):
    settings.PRIVATE_API_SPEEDUPS = True
    monkeypatch.delattr(kaleido.Kaleido, "_return_kaleido_tab")
    assert chart_images._browser_class() is kaleido.Kaleido


@pytest.mark.browser
def test_images_drawn_with_and_without_tab_reuse_are_the_same(settings):
    risks = [{"name": f"Risk {n}", "likelihood": 1 + n % 5, "impact": 1 + (n * 2) % 5} for n in range(6)]
    scores = charts.score_heatmap(["Payroll", "급여 관리"], ["A", "B"], [[61.0, 48.5], [70.2, None]])
    figures = [(chart_images._for_print(figure), {"width": width, "scale": 1}) for figure, width in
               [(charts.risk_heatmap(risks), 700), (scores, 800), (charts.risk_heatmap(risks[:2]), 700)]]  # fmt: skip
    drawn = {}
    for reuse in (True, False):
        settings.PRIVATE_API_SPEEDUPS = reuse
        drawn[reuse] = chart_images._run(chart_images._render_all(figures))
    for fast, public in zip(drawn[True], drawn[False], strict=True):
        fast_image, public_image = Image.open(io.BytesIO(fast)), Image.open(io.BytesIO(public))
        assert fast_image.format == "JPEG" and fast_image.size == public_image.size
        assert fast_image.tobytes() == public_image.tobytes()  # pixel for pixel
