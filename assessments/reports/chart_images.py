"""Plotly figures as images for printed reports: kaleido with the system chromium, one browser per batch.

`figure_images({key: ChartSpec(builder, args, opts)})` returns `{key: jpeg_bytes}`. Each image is cached
(the "report_charts" cache: shared by every process, kept across restarts) under the hash of its builder's
code, its arguments, the language and the print size, so a report rendered again, in any worker, or another
report showing the same chart, neither builds the Plotly figure nor starts a browser.

Why JPEG, not SVG or PNG: WeasyPrint draws an SVG node by node in Python (about 30 ms per Plotly chart,
3 s for the hundred charts of a 50-function report), and it decodes and re-compresses every PNG
(about 170 ms for a 2000-pixel chart with alpha); a JPEG goes into the PDF as it is. At 1.6 times the
print size (about 230 dpi) and chromium's default quality the compression is not visible on a chart.

Why a Kaleido subclass: kaleido reloads its page (and re-parses the 4.8 MB plotly.js) after every
image to start each one from a clean page. Its renderer calls `Plotly.toImage` on the figure object,
which draws into a detached element and purges it, so nothing carries over from one figure to the
next; skipping the reload makes an image about ten times cheaper (measured in docs/benchmarks.md).
`_return_kaleido_tab` is private API of kaleido 1.5.0, which requirements.txt pins: the subclass is used only
with that version and `settings.PRIVATE_API_SPEEDUPS` on (`_browser_class`); otherwise kaleido's own class
reloads the tab after each image (the same images, slower).

No network: the page loads the project's own plotly.js (static/vendor/plotly.min.js, the file the
pages serve) and MathJax is switched off (kaleido would otherwise fetch it from a CDN). The browser
is chromium found by choreographer (BROWSER_PATH, else chromium on PATH, e.g. /usr/bin/chromium);
nothing is ever downloaded.
"""

import asyncio
import concurrent.futures
import functools
import hashlib
import inspect
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import kaleido
from django.conf import settings
from django.core.cache import caches
from django.utils.translation import get_language
from plotly.utils import PlotlyJSONEncoder

from assessments.pdf_engine import private_api

CACHE_PREFIX = "report-chart:"
RENDER_VERSION = 1  # bump when the way figures are printed changes (font, format, browser options)
RENDER_TIMEOUT_SECONDS = 60
PRINT_FONT = "NanumGothic, 'Nanum Gothic', sans-serif"  # the report's Korean-capable font (fonts-nanum)
KALEIDO_VERSIONS = frozenset({"1.5.0"})  # the versions whose private _return_kaleido_tab _BatchKaleido overrides


class ChartRenderError(RuntimeError):
    """A chart could not be turned into an image (browser missing or a figure failed)."""


def plotly_js_path() -> Path:
    for folder in settings.STATICFILES_DIRS:
        candidate = Path(folder) / "vendor" / "plotly.min.js"
        if candidate.is_file():
            return candidate
    raise ChartRenderError("static/vendor/plotly.min.js is missing: the report charts need the project's plotly.js")


class _BatchKaleido(kaleido.Kaleido):
    """Kaleido that hands a tab back without reloading it (see the module docstring for why that is safe)."""

    async def _return_kaleido_tab(self, tab) -> None:
        await self.tabs_ready.put(tab)


def _browser_class() -> type[kaleido.Kaleido]:
    """_BatchKaleido on the kaleido it was written for with the speed-ups allowed; kaleido's own class otherwise."""
    if (settings.PRIVATE_API_SPEEDUPS
            and private_api.package_recognised("kaleido", KALEIDO_VERSIONS, "the chart images' tab reuse")
            and inspect.iscoroutinefunction(getattr(kaleido.Kaleido, "_return_kaleido_tab", None))):  # fmt: skip
        return _BatchKaleido
    return kaleido.Kaleido


def _for_print(figure: dict) -> dict:
    """The page's figure with the report's font, so Korean labels are drawn with the font the text uses."""
    layout = dict(figure.get("layout") or {})
    layout["font"] = {**(layout.get("font") or {}), "family": PRINT_FONT}
    return {**figure, "layout": layout}


@dataclass(frozen=True)
class ChartSpec:
    """A chart to draw: the page's figure builder, its arguments, and the print size (width, scale)."""

    builder: Callable[..., dict]
    args: tuple
    opts: dict = field(default_factory=dict)


@functools.cache
def _file_digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _cache_key(spec: ChartSpec) -> str:
    # Keyed on what the figure is built from, not on the figure: building a Plotly figure costs tens of
    # milliseconds (validation), which a cached chart should not pay.
    # The builder's module file and plotly.js are hashed too: editing a chart's code, or upgrading
    # plotly.js, gives new images.
    module_file = inspect.getfile(sys.modules[spec.builder.__module__])
    builder = [spec.builder.__module__, spec.builder.__qualname__, _file_digest(module_file),
               _file_digest(str(plotly_js_path()))]  # fmt: skip
    payload = json.dumps([RENDER_VERSION, builder, get_language(), spec.args, spec.opts], sort_keys=True,
                         cls=PlotlyJSONEncoder, separators=(",", ":"))  # fmt: skip
    return CACHE_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()


async def _render_all(specs: list[tuple[dict, dict]]) -> list[bytes]:
    # Two tabs: the work is mostly waiting on chromium, and a second tab overlaps that waiting.
    browser_class = _browser_class()
    async with browser_class(n=2, timeout=RENDER_TIMEOUT_SECONDS, mathjax=False,
                             plotlyjs=str(plotly_js_path())) as browser:  # fmt: skip
        return await asyncio.gather(*(browser.calc_fig(fig, opts={**opts, "format": "jpeg"}) for fig, opts in specs))


def _run(coroutine):
    """asyncio.run, also from a thread that already runs an event loop (then in a worker thread)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def figure_images(charts: dict[str, ChartSpec]) -> dict[str, bytes]:
    """{key: ChartSpec} -> {key: JPEG bytes}. Call with the report's language active (titles are translated)."""
    keys = {key: _cache_key(spec) for key, spec in charts.items()}
    cache = caches["report_charts"]
    found = cache.get_many(list(set(keys.values())))
    missing = {}
    for key, cache_key in keys.items():
        if cache_key not in found and cache_key not in missing:
            spec = charts[key]
            missing[cache_key] = (_for_print(spec.builder(*spec.args)), dict(spec.opts))
    if missing:
        try:
            images = _run(_render_all(list(missing.values())))
        except Exception as exc:  # chromium missing or crashed, a figure plotly.js refused
            raise ChartRenderError(f"Could not draw the report charts: {exc}") from exc
        rendered = dict(zip(missing, images, strict=True))
        cache.set_many(rendered)  # kept for the cache's TIMEOUT (settings.CACHES["report_charts"])
        found.update(rendered)
    return {key: found[cache_key] for key, cache_key in keys.items()}
