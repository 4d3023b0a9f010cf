"""The engine cuts a report into parts, renders them in separate processes and joins them into one PDF.

What a reader can check in the joined PDF: every page numbered "n / total" across parts, the contents page
pointing at the page where each section starts, links between parts that lead to the right page, one
outline, the running header of each page. And the cut is invisible: the same sections in one chunk or in
three give the same pages.
"""

import io
import multiprocessing
import re

import pikepdf
import pytest
from pypdf import PdfReader

from assessments.pdf_engine.parallel import PdfRenderError, render_pdf
from assessments.pdf_engine.part import PartSpec
from tests.pdf_engine.conftest import document, front_builder, spec


def _render(sections: list[str], cuts: list[int]):
    bounds = [0, *cuts, len(sections)]
    pairs = zip(bounds, bounds[1:], strict=False)
    chunks = [spec(f"body-{i}", document(sections[a:b])) for i, (a, b) in enumerate(pairs, start=1)]
    anchors = [f"s{number}" for number in range(1, len(sections) + 1)]
    return render_pdf(front_builder(anchors), chunks)


def _texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def test_sections_cut_into_three_chunks_give_the_same_pages_as_one_chunk(sections):
    one, _ = _render(sections, [])
    three, parts = _render(sections, [3, 5])
    assert len(parts) == 4  # the front and three chunks
    assert all(part.peak_memory_kb > 10_000 for part in parts[1:])  # each chunk's process says what it used
    assert _texts(three) == _texts(one)
    assert len(_texts(one)) > 10


def test_every_page_after_the_cover_is_numbered_across_parts_with_the_running_headers(sections):
    pdf, parts = _render(sections, [2, 6])
    pages = _texts(pdf)
    assert sum(part.pages for part in parts) == len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert text.endswith(f"Test organisation {number} / {len(pages)}"), (number, text[-60:])
    for text in pages[parts[0].pages:]:  # body pages carry the current section's title in the header
        section = re.search(r"Engine test (Section \d+) Test organisation", text)
        assert section, text[-80:]


def test_the_contents_page_gives_the_page_where_each_section_starts(sections):
    pdf, _parts = _render(sections, [4])
    pages = _texts(pdf)
    contents = pages[1]
    for number in range(1, len(sections) + 1):
        page = int(re.search(rf"\bs{number} (\d+)\b", contents).group(1))
        assert pages[page - 1].startswith(f"Section {number} Text of section {number}"), number
        assert not pages[page - 2].startswith(f"Section {number} "), number  # it starts there, not earlier


def test_named_destinations_links_and_outline_lead_to_the_right_pages_across_parts(sections):
    pdf_bytes, parts = _render(sections, [3, 6])
    pdf = pikepdf.open(io.BytesIO(pdf_bytes))
    page_index = {page.objgen: index for index, page in enumerate(pdf.pages)}
    texts = _texts(pdf_bytes)
    destinations = pikepdf.NameTree(pdf.Root.Names.Dests)
    for number in range(1, len(sections) + 1):
        target = page_index[destinations[f"s{number}"][0].objgen]
        assert texts[target].startswith(f"Section {number} "), number
    # every internal link resolves: the contents page's links and the sections' links back to section 1
    links = [(index, str(annotation.Dest)) for index, page in enumerate(pdf.pages)
             for annotation in page.obj.get("/Annots", []) if annotation.get("/Subtype") == "/Link"]  # fmt: skip
    assert {dest for _index, dest in links} == {f"s{number}" for number in range(1, len(sections) + 1)}
    back_links = [index for index, dest in links if dest == "s1" and index >= parts[0].pages]
    assert len(back_links) == len(sections)  # one per section, in whichever part it is
    with pdf.open_outline() as outline:
        top = outline.root[0]
        assert top.title == "Engine test" and [item.title for item in top.children[:2]] == ["Contents", "Section 1"]
        sections_in_outline = [item for item in top.children if item.title.startswith("Section ")]
        assert len(sections_in_outline) == len(sections)
        for item in sections_in_outline:
            index = page_index[item.destination[0].objgen]
            assert texts[index].startswith(item.title + " "), item.title


def test_a_part_that_fails_raises_an_error_naming_it_and_leaves_no_process_behind(sections):
    broken = PartSpec(name="body-2", html=document(sections[:2]), stylesheets=(None,), base_url="/")
    with pytest.raises(PdfRenderError, match="body-2"):
        render_pdf(front_builder(["s1", "s2"]), [spec("body-1", document(sections[:2])), broken])
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("pdf-")]


def test_a_render_over_its_time_limit_is_stopped(sections):
    with pytest.raises(PdfRenderError, match="time limit"):
        render_pdf(front_builder(["s1"]), [spec("body-1", document(sections))], timeout=0.01)
    assert not [p for p in multiprocessing.active_children() if p.name.startswith("pdf-")]


def _render_in_a_celery_pool_process(html: str) -> int:
    pdf, _parts = render_pdf(front_builder(["s1"]), [spec("body-1", html)])
    return len(PdfReader(io.BytesIO(pdf)).pages)


def test_a_celery_pool_process_can_render_although_it_is_daemonic(sections):
    import billiard  # Celery's pool: daemonic processes with their own current-process object

    with billiard.Pool(1) as pool:
        pages = pool.apply(_render_in_a_celery_pool_process, (document(sections[:1]),))
    assert pages == _render_in_a_celery_pool_process(document(sections[:1])) == 4  # cover, contents, 2 pages
