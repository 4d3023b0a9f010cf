"""WeasyPrint as the report uses it: the trimmed user-agent sheet, the paused cycle collector, the XML fast path."""

import dataclasses
import gc
import io

import pytest
from pypdf import PdfReader
from weasyprint.html import UA

from assessments.pdf_engine.part import Numbering, render_part
from assessments.pdf_engine.weasy import ReportHTML, cyclic_gc_paused, report_user_agent_css, speedups_usable
from tests.pdf_engine.conftest import document, section, spec

needs_speedups = pytest.mark.skipif(not speedups_usable(True), reason="not a WeasyPrint the speed-ups know")


def test_the_user_agent_sheet_loses_only_its_universal_pseudo_element_rules():
    trimmed = report_user_agent_css(UA)
    removed = set(UA.splitlines()) - set(trimmed.splitlines())
    notes = {"::footnote-call", "::footnote-marker", "::note-call", "::note-marker", "::note-callback"}
    assert {line.split(" {")[0] for line in removed} == {"::marker"} | notes
    assert "li::marker {" in trimmed and "table { display: table }" in trimmed


def test_a_changed_user_agent_sheet_is_refused_rather_than_trimmed_blindly():
    with pytest.raises(RuntimeError, match="user-agent stylesheet changed"):
        report_user_agent_css(UA.replace("\n::marker {", "\nli::marker {"))  # e.g. upstream narrowed it itself


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_cycle_collector_is_restored_after_a_render_even_a_failed_one(enabled_before):
    (gc.enable if enabled_before else gc.disable)()
    try:
        with pytest.raises(ZeroDivisionError), cyclic_gc_paused():
            assert not gc.isenabled()
            1 / 0  # noqa: B018
        assert gc.isenabled() is enabled_before
    finally:
        gc.enable()


def _pages(html: str, allow_private_api: bool | None = None) -> tuple[bool, list[str]]:
    part_spec = dataclasses.replace(spec("body", html), allow_private_api=allow_private_api)
    with cyclic_gc_paused():
        part = render_part(part_spec, lambda pagination: Numbering(1, pagination.pages))
    return part.parsed_as_xml, [page.extract_text() for page in PdfReader(io.BytesIO(part.pdf)).pages]


@needs_speedups
def test_well_formed_markup_is_parsed_as_xml_and_renders_as_the_html5_parser_renders_it():
    html = document([section(1, 40), section(2, 5)])
    fast, fast_pages = _pages(html, allow_private_api=True)
    # the same document with an HTML entity expat does not know: the HTML5 parser takes it
    slow, slow_pages = _pages(html.replace("Text of section 1,", "Text&nbsp;of section 1,"), allow_private_api=True)
    assert fast and not slow
    assert [p.replace("\xa0", " ") for p in slow_pages] == fast_pages
    public, public_pages = _pages(html, allow_private_api=False)  # WeasyPrint's own HTML and user-agent sheet
    assert not public and public_pages == fast_pages


@pytest.mark.parametrize("allow_private_api", [None, False])
def test_a_control_character_that_xml_refuses_still_renders(allow_private_api):
    parsed_as_xml, pages = _pages(document([section(1, 3)]).replace("Section 1", "Section\x0b 1"), allow_private_api)
    assert not parsed_as_xml and "Text of section 1" in pages[0]


def test_the_parser_choice_is_per_document():
    assert ReportHTML.parsed_as_xml is False  # the class default; set on an instance parsed by expat


def test_overlapping_renders_keep_the_collector_paused_until_the_last_one_ends():
    gc.enable()
    first, second = cyclic_gc_paused(), cyclic_gc_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the other render is still building its document
    second.__exit__(None, None, None)
    assert gc.isenabled()
