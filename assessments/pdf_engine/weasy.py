"""WeasyPrint as every part of the report uses it: a trimmed user-agent sheet, a fast parser, local-only fetches.

The first two reach inside WeasyPrint 70 (`ReportHTML`); `report_html` uses them only where
`private_api.use_weasyprint_speedups` says so, and WeasyPrint's own `HTML` otherwise (the same pages, slower).
"""

import functools
import gc
import logging
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname
from xml.etree import ElementTree

import cssselect2
import weasyprint.html
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from assessments.pdf_engine import private_api

CHART_SCHEME = "report-chart:"


class _LinksToOtherParts(logging.Filter):
    """WeasyPrint warns about every link to a section that another part holds; stitch.py adds those links (and
    warns itself about a link to a section no part holds)."""

    def filter(self, record):
        message = record.getMessage()
        return not (message.startswith("No anchor #") and message.endswith("for internal URI reference"))


logging.getLogger("weasyprint").addFilter(_LinksToOtherParts())


def report_user_agent_css(ua: str) -> str:
    """WeasyPrint's HTML5 user-agent sheet without its universal pseudo-element rules.

    `::marker` and the five `::footnote-*`/`::note-*` rules match every element, so WeasyPrint computed six
    pseudo-element styles per element (about 70,000 for a 50-function report) that this report never draws:
    it has no footnotes, and only <li> shows a marker. Measured: about a tenth of the PDF's CPU time.
    """
    trimmed, markers = re.subn(r"^::marker \{", "li::marker {", ua, flags=re.MULTILINE)
    trimmed, notes = re.subn(r"^::(?:footnote|note)-[a-z]+ \{[^}]*\}\n", "", trimmed, flags=re.MULTILINE)
    if (markers, notes) != (1, 5):  # a WeasyPrint upgrade changed the sheet: look again rather than guess
        raise RuntimeError(f"WeasyPrint's user-agent stylesheet changed ({markers} ::marker, {notes} note rules)")
    return trimmed


@functools.cache
def _report_ua_stylesheet() -> CSS | None:
    """The trimmed sheet, or None (and a warning) when this WeasyPrint's sheet is not the one it was written for.

    Asked only once the WeasyPrint version is recognised (speedups_usable), so the names below are looked up on
    WeasyPrint 70 alone and an upgrade that moved them costs the speed-up, not the import of this module.
    """
    try:
        from weasyprint.css.counters import CounterStyle

        ua = getattr(weasyprint.html, "UA", None)
        if not isinstance(ua, str):
            raise RuntimeError("WeasyPrint's user-agent stylesheet changed (weasyprint.html.UA is gone)")
        return CSS(string=report_user_agent_css(ua), counter_style=CounterStyle())
    except (RuntimeError, ImportError) as exc:
        logging.getLogger(__name__).warning("%s: the PDF engine uses WeasyPrint's own sheet (slower, same PDF)", exc)
        return None


def speedups_usable(allowed_here: bool | None = None) -> bool:
    """ReportHTML may be used: a recognised WeasyPrint, speed-ups not forced off, its user-agent sheet as expected."""
    return private_api.use_weasyprint_speedups(allowed_here) and _report_ua_stylesheet() is not None


def report_html(*, string: str, base_url: str, url_fetcher, speedups: bool) -> HTML:
    """The part's HTML: ReportHTML with `speedups` (see speedups_usable), else WeasyPrint's public HTML."""
    if speedups:
        return ReportHTML(string=string, base_url=base_url, url_fetcher=url_fetcher)
    return HTML(string=string, base_url=base_url, url_fetcher=url_fetcher)


class ReportHTML(HTML):
    """The report's HTML: the trimmed user-agent sheet, and parsed as XML when it is well-formed.

    Private API of WeasyPrint 70 (the attributes `HTML.__init__` sets, `_ua_stylesheets`): only made by
    `report_html` when `speedups_usable()`.

    The templates write XHTML-style markup (`<br/>`, `<col/>`), so expat parses a report several times
    faster than WeasyPrint's HTML5 parser (figures: docs/benchmarks.md, "Figures behind code comments");
    both give the same element tree (a test renders the demo report both ways). Anything expat refuses (an
    HTML entity such as `&nbsp;`, a control character in a name) goes to the HTML5 parser as before, so a
    malformed page is slower, never lost.
    """

    parsed_as_xml = False

    def __init__(self, *, string: str, base_url: str, url_fetcher):
        try:
            root = ElementTree.fromstring(string)  # noqa: S314  (our own template output, no external entities)
        except ElementTree.ParseError:
            super().__init__(string=string, base_url=base_url, url_fetcher=url_fetcher)
            return
        # What HTML.__init__ sets after parsing (WeasyPrint 70): the same wrapper over an ElementTree root.
        self.base_url = base_url
        self.url_fetcher = url_fetcher
        self.media_type = "print"
        self.wrapper_element = cssselect2.ElementWrapper.from_html_root(root, content_language=None)
        self.etree_element = self.wrapper_element.etree_element
        self.parsed_as_xml = True

    def _ua_stylesheets(self, forms=False):
        return [_report_ua_stylesheet()]


class LocalOnlyFetcher(URLFetcher):
    """Serves the report's charts from memory and files inside `roots` from disk; refuses everything else."""

    def __init__(self, images: dict[str, bytes], roots: tuple[str, ...]):
        super().__init__(allowed_protocols=("file",))
        self._images = images
        self._roots = [Path(folder).resolve() for folder in roots]

    def fetch(self, url, headers=None):
        if url.startswith(CHART_SCHEME):
            key = url.removeprefix(CHART_SCHEME)
            if key not in self._images:
                raise ValueError(f"No chart named {key!r} in this report")
            return URLFetcherResponse(url, self._images[key], {"Content-Type": "image/jpeg"})
        if url.startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if any(path.is_relative_to(root) for root in self._roots):
                return super().fetch(url, headers)
        raise ValueError(f"The PDF report loads only its own charts and static files, not {url}")


_gc_lock = threading.Lock()
_gc_pausers = 0
_gc_was_enabled = False


@contextmanager
def cyclic_gc_paused():
    """Pause Python's cycle collector while WeasyPrint builds a document, then collect what it left.

    WeasyPrint allocates millions of objects that all stay alive until the PDF is written (boxes, styles, line
    layouts), so the collector kept re-scanning them: about a quarter of the render's CPU time for 50 functions.
    Collecting the young generation afterwards frees the render's cyclic garbage at once (everything allocated
    meanwhile is still in it). The collector is one per process: with renders in several threads it is paused
    by the first to start and restored as it was by the last to finish.
    """
    global _gc_pausers, _gc_was_enabled
    with _gc_lock:
        if _gc_pausers == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_pausers += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pausers -= 1
            if _gc_pausers == 0 and _gc_was_enabled:
                gc.enable()
        gc.collect(0)
