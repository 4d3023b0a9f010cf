"""The private-API speed-ups are used only on the versions they were written for, and never when the setting
forces the public paths; the public paths give the same PDF."""

import io
import logging

import pytest
import weasyprint.html
from django.conf import settings
from pypdf import PdfReader

from assessments.pdf_engine import parallel, private_api, weasy
from assessments.pdf_engine.parallel import render_pdf
from assessments.pdf_engine.part import with_page_count
from tests.pdf_engine.conftest import document, front_builder, spec


def _render(sections, allow_private_api=None):
    chunks = [spec("body-1", document(sections[:3])), spec("body-2", document(sections[3:]))]
    anchors = [f"s{number}" for number in range(1, len(sections) + 1)]
    return render_pdf(front_builder(anchors), chunks, allow_private_api=allow_private_api)


def _texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _outline(pdf: bytes) -> list[tuple[str, int]]:
    reader = PdfReader(io.BytesIO(pdf))
    flat, stack = [], list(reader.outline)
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        else:
            flat.append((item.title, reader.get_destination_page_number(item)))
    return flat


@pytest.fixture
def no_rendering_processes(monkeypatch):
    """Fails the test if a rendering process is started."""

    def refuse(self, spec):
        raise AssertionError("a rendering process was started")

    monkeypatch.setattr(parallel._ProcessChunk, "__init__", refuse)


def test_the_installed_versions_are_the_ones_the_speed_ups_were_written_for():
    assert private_api.weasyprint_recognised() and private_api.python_recognised()
    assert weasy.speedups_usable(True)


def test_the_engine_follows_the_setting():
    assert private_api.allowed() is settings.PRIVATE_API_SPEEDUPS


def test_the_public_paths_give_the_same_pdf_as_the_speed_ups(sections, no_rendering_processes, monkeypatch):
    public, public_parts = _render(sections, allow_private_api=False)  # chunks in threads, no rendering process
    monkeypatch.undo()
    fast, fast_parts = _render(sections, allow_private_api=True)
    assert not any(part.used_speedups or part.parsed_as_xml for part in public_parts)
    assert all(part.used_speedups and part.parsed_as_xml for part in fast_parts)
    assert _texts(public) == _texts(fast) and len(_texts(fast)) > 10
    assert _outline(public) == _outline(fast)


def test_the_setting_forces_the_public_paths(sections, no_rendering_processes):
    private_api.configure(allowed=False)
    try:
        _pdf, parts = _render(sections[:4])
    finally:
        private_api.configure(allowed=settings.PRIVATE_API_SPEEDUPS)
    assert not any(part.used_speedups for part in parts)


def test_a_weasyprint_it_does_not_know_gets_the_public_api_with_a_warning(sections, monkeypatch, caplog):
    monkeypatch.setattr(private_api, "WEASYPRINT_VERSIONS", frozenset({"69.0"}))
    monkeypatch.setattr(private_api, "PYTHON_VERSIONS", frozenset())  # every part here, where the patch applies
    private_api._warn_once.cache_clear()
    with caplog.at_level(logging.WARNING, logger="assessments.pdf_engine.private_api"):
        pdf, parts = _render(sections[:4], allow_private_api=True)
    assert not any(part.used_speedups or part.parsed_as_xml for part in parts)
    assert "weasyprint 70.0 is not a version the PDF engine's WeasyPrint speed-up" in caplog.text
    monkeypatch.undo()
    assert _texts(pdf) == _texts(_render(sections[:4], allow_private_api=True)[0])


def test_a_python_it_does_not_know_renders_in_threads(sections, monkeypatch, no_rendering_processes):
    monkeypatch.setattr(private_api, "PYTHON_VERSIONS", frozenset({(3, 10)}))
    _pdf, parts = _render(sections[:4], allow_private_api=True)
    assert all(part.used_speedups for part in parts)  # WeasyPrint's speed-ups still apply, in threads


@pytest.mark.parametrize("change", ["narrowed", "gone"])
def test_a_changed_user_agent_sheet_turns_the_speed_ups_off_instead_of_failing(monkeypatch, caplog, change):
    if change == "narrowed":  # e.g. upstream narrowed ::marker itself
        monkeypatch.setattr(weasyprint.html, "UA", weasyprint.html.UA.replace("\n::marker {", "\nli::marker {"))
    else:
        monkeypatch.delattr(weasyprint.html, "UA")
    weasy._report_ua_stylesheet.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="assessments.pdf_engine.weasy"):
            assert not weasy.speedups_usable(True)
        assert "user-agent stylesheet changed" in caplog.text
    finally:
        monkeypatch.undo()
        weasy._report_ua_stylesheet.cache_clear()
    assert weasy.speedups_usable(True)


def test_the_public_numbering_writes_the_page_count_only_where_it_can():
    css = '@page { @bottom-right { content: counter(page) " / " counter( pages ); } }'
    assert with_page_count(css, 112) == '@page { @bottom-right { content: counter(page) " / " "112"; } }'
    with pytest.raises(ValueError, match="counter\\(pages\\)"):
        with_page_count('@page { @bottom-right { content: counter(pages, upper-roman); } }', 112)
