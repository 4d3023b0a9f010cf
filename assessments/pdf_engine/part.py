"""One part of the report (the front, or a chunk of whole sections) rendered by WeasyPrint.

The part is paginated first; then `numbering(Pagination)` is called and answers where the part's pages
fall in the whole report (`Numbering`). Only after that are the margin boxes laid out, so the running
footer shows the report's page number and page count, not the part's. That is the one place this
module reaches inside WeasyPrint: `weasyprint.layout.make_margin_boxes` is wrapped for the duration of
the render (WeasyPrint 70, pinned in requirements.txt; the PDF tests check every footer).

Sections that the contents page lists carry `string-set: section-anchor attr(id)` (static/reports/report.css),
so after pagination the strings set on each page say which sections start there, without walking boxes.
"""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

import weasyprint.layout
from weasyprint import CSS

from assessments.pdf_engine.weasy import LocalOnlyFetcher, ReportHTML

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
    peak_memory_kb: int = 0  # the rendering process's peak resident memory (set by child.main)

    @property
    def pages(self) -> int:
        return len(self.anchors)


@contextmanager
def _numbered_margin_boxes(numbering: Callable[[Pagination], Numbering]):
    """While active, the first margin box of a render asks `numbering` and renumbers every page first."""
    original = weasyprint.layout.make_margin_boxes
    asked = False

    def make_margin_boxes(context, page, state):
        nonlocal asked
        if not asked:
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
        return original(context, page, state)

    weasyprint.layout.make_margin_boxes = make_margin_boxes
    try:
        yield
    finally:
        weasyprint.layout.make_margin_boxes = original


def render_part(spec: PartSpec, numbering: Callable[[Pagination], Numbering]) -> RenderedPart:
    """Lay out, number and draw one part. Call with the cycle collector paused (see weasy.cyclic_gc_paused)."""
    fetcher = LocalOnlyFetcher(spec.images, spec.static_roots)
    html = ReportHTML(string=spec.html, base_url=spec.base_url, url_fetcher=fetcher)
    stylesheets = [CSS(string=text, base_url=spec.base_url, url_fetcher=fetcher) for text in spec.stylesheets]
    with _numbered_margin_boxes(numbering):
        document = html.render(stylesheets=stylesheets)
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
    return RenderedPart(name=spec.name, pdf=pdf, parsed_as_xml=html.parsed_as_xml, anchors=anchors, links=links,
                        bookmarks=bookmarks)  # fmt: skip


def _rect_points(rect, page_height: float) -> tuple[float, float, float, float]:
    # WeasyPrint's link rectangle is two corners, (x1, y1, x2, y2) in CSS pixels from the top left.
    x1, y1, x2, y2 = (value * CSS_PX_TO_PT for value in rect)
    return (min(x1, x2), page_height - max(y1, y2), max(x1, x2), page_height - min(y1, y2))
