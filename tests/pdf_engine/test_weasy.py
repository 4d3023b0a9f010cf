"""WeasyPrint as the report uses it: the trimmed user-agent sheet, the paused cycle collector, the XML fast path."""

import gc
import io

import pytest
from pypdf import PdfReader
from weasyprint.html import UA

from assessments.pdf_engine.part import Numbering, render_part
from assessments.pdf_engine.weasy import ReportHTML, cyclic_gc_paused, report_user_agent_css
from tests.pdf_engine.conftest import document, section, spec


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


def _pages(html: str) -> tuple[bool, list[str]]:
    with cyclic_gc_paused():
        part = render_part(spec("body", html), lambda pagination: Numbering(1, pagination.pages))
    return part.parsed_as_xml, [page.extract_text() for page in PdfReader(io.BytesIO(part.pdf)).pages]


def test_well_formed_markup_is_parsed_as_xml_and_renders_as_the_html5_parser_renders_it():
    html = document([section(1, 40), section(2, 5)])
    fast, fast_pages = _pages(html)
    # the same document with an HTML entity expat does not know: the HTML5 parser takes it
    slow, slow_pages = _pages(html.replace("Text of section 1,", "Text&nbsp;of section 1,"))
    assert fast and not slow
    assert [p.replace("\xa0", " ") for p in slow_pages] == fast_pages


def test_a_control_character_that_xml_refuses_still_renders():
    parsed_as_xml, pages = _pages(document([section(1, 3)]).replace("Section 1", "Section\x0b 1"))
    assert not parsed_as_xml and "Text of section 1" in pages[0]


def test_the_parser_choice_is_per_document():
    assert ReportHTML.parsed_as_xml is False  # the class default; set on an instance parsed by expat
