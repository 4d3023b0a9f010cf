"""One part of the report (the front, or a chunk of whole sections) rendered by WeasyPrint.

The part is paginated first; then `numbering(Pagination)` is called and answers where the part's pages
fall in the whole report (`Numbering`), so that the running footer shows the report's page number and
page count, not the part's. Two ways to get there, giving the same pages:

- With the WeasyPrint speed-ups (`weasy.speedups_usable`), inside one render: WeasyPrint 70's
  `weasyprint.layout.make_margin_boxes` is wrapped once per process (`_install_numbering_hook`), and the
  wrapper renumbers the pages of the render running in *this thread* (a context variable) before its first
  margin box, so renders in other threads at the same moment keep their own numbers. Sections that the
  contents page lists carry `string-set: section-anchor attr(id)` (static/reports/report.css), so after
  pagination the strings set on each page say which sections start there, without walking boxes.
- With WeasyPrint's public API only: the part is rendered once to learn its pages (each page's anchors say
  where each section starts) and once more with its first page number set in CSS
  (`@page :first { counter-set: page N }`) and `counter(pages)` in its stylesheets replaced by the report's
  page count. The second render must paginate as the first did (margin boxes do not move content); a part
  that does not is refused rather than numbered wrongly.
"""

import re
import threading
from collections.abc import Callable
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import weasyprint.layout
from weasyprint import CSS

from assessments.pdf_engine.weasy import LocalOnlyFetcher, report_html, speedups_usable

SECTION_ANCHOR_STRING = "section-anchor"
CSS_PX_TO_PT = 0.75  # 72 PDF points per inch / 96 CSS pixels per inch


@dataclass(frozen=True)
class PartSpec:
    """What a part is made of. Plain data: it crosses to the rendering process over a multiprocessing pipe."""

    name: str
    html: str
    stylesheets: tuple[str, ...]
    base_url: str
    images: dict[str, bytes] = field(default_factory=dict)
    static_roots: tuple[str, ...] = ()
    # False forces WeasyPrint's public API; None: this process's setting (private_api.configure). render_pdf
    # sets it on every part, so a rendering process follows the setting of the process that asked for the PDF.
    allow_private_api: bool | None = None


@dataclass(frozen=True)
class Pagination:
    pages: int
    section_starts: dict[str, int]  # anchor -> index of the part's page where that section starts


@dataclass(frozen=True)
class Numbering:
    first_page: int  # the report's page number of the part's first page (1-based)
    total_pages: int


@dataclass(frozen=True)
class Link:
    anchor: str
    rect: tuple[float, float, float, float]  # PDF points from the bottom left: left, bottom, right, top


@dataclass(frozen=True)
class Bookmark:
    level: int
    label: str
    top: float  # PDF points from the bottom of the page


@dataclass
class RenderedPart:
    name: str
    pdf: bytes
    parsed_as_xml: bool
    anchors: list[dict[str, tuple[float, float]]]  # per page: anchor -> (left, top) in PDF points
    links: list[list[Link]]  # per page: links to anchors (internal links)
    bookmarks: list[list[Bookmark]]  # per page
    used_speedups: bool = False  # rendered with the WeasyPrint speed-ups (else with its public API only)
    peak_memory_kb: int = 0  # the rendering process's peak resident memory (set by child.serve)

    @property
    def pages(self) -> int:
        return len(self.anchors)


_numbering_here: ContextVar[Callable | None] = ContextVar("pdf_part_numbering", default=None)
_hook_lock = threading.Lock()
_hook_installed = False


def _install_numbering_hook() -> None:
    """Wrap WeasyPrint 70's `layout.make_margin_boxes` once for the process (see the module docstring)."""
    global _hook_installed
    with _hook_lock:
        if _hook_installed:
            return
        original = weasyprint.layout.make_margin_boxes

        def make_margin_boxes(context, page, state):
            renumber = _numbering_here.get()
            if renumber is not None:  # a render of this engine, in this thread; others pass through untouched
                renumber(context)
            return original(context, page, state)

        weasyprint.layout.make_margin_boxes = make_margin_boxes
        _hook_installed = True


@contextmanager
def _numbered_margin_boxes(numbering: Callable[[Pagination], Numbering]):
    """While active, the first margin box of this thread's render asks `numbering` and renumbers every page first."""
    _install_numbering_hook()
    asked = False

    def renumber(context) -> None:
        nonlocal asked
        if asked:
            return
        asked = True
        # page_maker holds the state before each page plus one after the last: pages + 1 entries.
        pages = len(context.page_maker) - 1
        starts: dict[str, int] = {}
        for page_number, anchors in sorted(context.string_set[SECTION_ANCHOR_STRING].items()):
            for anchor in anchors:
                starts.setdefault(anchor, page_number - 1)
        answer = numbering(Pagination(pages=pages, section_starts=starts))
        shift = answer.first_page - 1
        for *_rest, page_state, _remake_state in context.page_maker:
            counters = page_state[1]
            counters["page"] = [value + shift for value in counters.get("page", [0])]
            counters["pages"] = [answer.total_pages]

    token = _numbering_here.set(renumber)
    try:
        yield
    finally:
        _numbering_here.reset(token)


_PAGE_COUNT = re.compile(r"counter\(\s*pages\s*\)")
_OTHER_PAGE_COUNT = re.compile(r"counters?\(\s*pages\b")


def with_page_count(css: str, total_pages: int) -> str:
    """The stylesheet with `counter(pages)` written as the report's page count (the public path's numbering)."""
    text = _PAGE_COUNT.sub(f'"{total_pages}"', css)
    if _OTHER_PAGE_COUNT.search(text):
        raise ValueError("A part's stylesheets may show the page count only as counter(pages)")
    return text


def _first_page_css(first_page: int) -> str:
    return f"@page :first {{ counter-set: page {first_page}; }}"


def _render_public(html, spec: PartSpec, stylesheets: list, numbering, fetcher):
    """Render to learn the pages, ask `numbering`, and render again with the answer in CSS."""
    document = html.render(stylesheets=stylesheets)
    if not document.pages:
        return document
    starts: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            starts.setdefault(anchor, index)
    pagination = Pagination(pages=len(document.pages), section_starts=starts)
    # Not kept while `numbering` waits for the other parts (parts rendered in threads would each hold two).
    del document
    answer = numbering(pagination)
    numbered = [CSS(string=with_page_count(text, answer.total_pages), base_url=spec.base_url, url_fetcher=fetcher)
                for text in spec.stylesheets]  # fmt: skip
    numbered.append(CSS(string=_first_page_css(answer.first_page)))
    document = html.render(stylesheets=numbered)
    if len(document.pages) != pagination.pages:
        raise RuntimeError(f"Part {spec.name!r} took {len(document.pages)} pages when numbered, "
                           f"{pagination.pages} before")  # fmt: skip
    return document


def _prepared(spec: PartSpec) -> tuple[bool, LocalOnlyFetcher, object, list]:
    speedups = speedups_usable(spec.allow_private_api)
    fetcher = LocalOnlyFetcher(spec.images, spec.static_roots)
    html = report_html(string=spec.html, base_url=spec.base_url, url_fetcher=fetcher, speedups=speedups)
    stylesheets = [CSS(string=text, base_url=spec.base_url, url_fetcher=fetcher) for text in spec.stylesheets]
    return speedups, fetcher, html, stylesheets


def page_count(spec: PartSpec) -> int:
    """How many pages the part takes, laid out once and not drawn (all the front's draft is needed for)."""
    _speedups, _fetcher, html, stylesheets = _prepared(spec)
    return len(html.render(stylesheets=stylesheets).pages)


def render_part(spec: PartSpec, numbering: Callable[[Pagination], Numbering]) -> RenderedPart:
    """Lay out, number and draw one part. Call with the cycle collector paused (see weasy.cyclic_gc_paused)."""
    speedups, fetcher, html, stylesheets = _prepared(spec)
    if speedups:
        with _numbered_margin_boxes(numbering):
            document = html.render(stylesheets=stylesheets)
    else:
        document = _render_public(html, spec, stylesheets, numbering, fetcher)
    if not document.pages:
        raise ValueError(f"Part {spec.name!r} has no pages")
    pdf = document.write_pdf()
    anchors, links, bookmarks = [], [], []
    for page in document.pages:
        height = page.height * CSS_PX_TO_PT
        anchors.append({name: (point[0] * CSS_PX_TO_PT, height - point[1] * CSS_PX_TO_PT)
                        for name, point in page.anchors.items()})  # fmt: skip
        links.append([Link(target, _rect_points(rect, height)) for kind, target, rect, _box in page.links
                      if kind == "internal"])  # fmt: skip
        bookmarks.append([Bookmark(level, label, height - point[1] * CSS_PX_TO_PT)
                          for level, label, point, _state in page.bookmarks])  # fmt: skip
    return RenderedPart(name=spec.name, pdf=pdf, parsed_as_xml=getattr(html, "parsed_as_xml", False), anchors=anchors,
                        links=links, bookmarks=bookmarks, used_speedups=speedups)  # fmt: skip


def _rect_points(rect, page_height: float) -> tuple[float, float, float, float]:
    # WeasyPrint's link rectangle is two corners, (x1, y1, x2, y2) in CSS pixels from the top left.
    x1, y1, x2, y2 = (value * CSS_PX_TO_PT for value in rect)
    return (min(x1, x2), page_height - max(y1, y2), max(x1, x2), page_height - min(y1, y2))
