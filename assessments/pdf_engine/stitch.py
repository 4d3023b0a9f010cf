"""Join rendered parts into one PDF (pikepdf): pages in order, one set of named destinations, links across
parts, one outline. The front part's document is the base, so its metadata (title, author, language) stays.

Each part's PDF already links to the sections it holds itself, by name; those names resolve against the
joined document's destinations, which list every anchor of every part. A link whose section is in another
part was dropped by WeasyPrint (it could not resolve it) and is added here at the same rectangle.
"""

import io
import logging
import warnings

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree, OutlineItem, String

from assessments.pdf_engine.part import RenderedPart

logger = logging.getLogger(__name__)


def assemble(parts: list[RenderedPart]) -> bytes:
    """parts[0] is the front; the others follow in order. Returns the joined PDF's bytes."""
    pdf = pikepdf.Pdf.open(io.BytesIO(parts[0].pdf))
    sources = [pikepdf.Pdf.open(io.BytesIO(part.pdf)) for part in parts[1:]]
    with warnings.catch_warnings():
        # pikepdf warns that extend() leaves named destinations behind: _destinations() rebuilds them all.
        warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
        for source in sources:
            pdf.pages.extend(source.pages)
    first_page = _first_pages(parts)
    _destinations(pdf, parts, first_page)
    _cross_part_links(pdf, parts, first_page)
    _outline(pdf, parts, first_page)
    out = io.BytesIO()
    pdf.save(out, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    for source in sources:
        source.close()
    pdf.close()
    return out.getvalue()


def _first_pages(parts: list[RenderedPart]) -> list[int]:
    """Index in the joined document of each part's first page."""
    out, index = [], 0
    for part in parts:
        out.append(index)
        index += part.pages
    return out


def _anchor_part(parts: list[RenderedPart]) -> dict[str, int]:
    owner: dict[str, int] = {}
    for number, part in enumerate(parts):
        for page_anchors in part.anchors:
            for anchor in page_anchors:
                owner.setdefault(anchor, number)  # a duplicate id: the first occurrence wins, as in WeasyPrint
    return owner


def _destinations(pdf, parts: list[RenderedPart], first_page: list[int]) -> None:
    if "/Names" in pdf.Root:
        del pdf.Root.Names  # the front's own tree: replaced by one for the whole report
    tree = NameTree.new(pdf)
    seen = set()
    for number, part in enumerate(parts):
        for index, page_anchors in enumerate(part.anchors):
            page = pdf.pages[first_page[number] + index].obj
            for anchor, (left, top) in page_anchors.items():
                if anchor not in seen:
                    seen.add(anchor)
                    tree[anchor] = Array([page, Name.XYZ, left, top, 0])
    pdf.Root.Names = Dictionary(Dests=tree.obj)


def _cross_part_links(pdf, parts: list[RenderedPart], first_page: list[int]) -> None:
    owner = _anchor_part(parts)
    for number, part in enumerate(parts):
        for index, links in enumerate(part.links):
            for link in links:
                if link.anchor not in owner:
                    logger.warning("The PDF report links to #%s, which no section has", link.anchor)
            added = [link for link in links if owner.get(link.anchor, number) != number]
            if not added:
                continue
            page = pdf.pages[first_page[number] + index]
            annotations = page.obj.get("/Annots", Array())
            for link in added:
                annotations.append(pdf.make_indirect(Dictionary(
                    Type=Name.Annot, Subtype=Name.Link, Rect=Array(list(link.rect)), Border=Array([0, 0, 0]),
                    Dest=String(link.anchor))))  # fmt: skip
            page.obj.Annots = annotations


def _outline(pdf, parts: list[RenderedPart], first_page: list[int]) -> None:
    with pdf.open_outline() as outline:
        outline.root.clear()
        stack: list[tuple[int, list]] = [(0, outline.root)]
        for number, part in enumerate(parts):
            for index, bookmarks in enumerate(part.bookmarks):
                for bookmark in bookmarks:
                    item = OutlineItem(bookmark.label, first_page[number] + index, "XYZ", left=0, top=bookmark.top)
                    while stack[-1][0] >= bookmark.level:
                        stack.pop()
                    stack[-1][1].append(item)
                    stack.append((bookmark.level, item.children))
