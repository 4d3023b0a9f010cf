"""Two PDFs rendered at once in threads of one process (the threaded development server, in-process tasks)
each number their own pages: "n / total" of their own report on every page, their own contents page."""

import dataclasses
import io
import re
import threading

import pytest
from pypdf import PdfReader

from assessments.pdf_engine import private_api
from assessments.pdf_engine.parallel import render_pdf
from assessments.pdf_engine.part import Numbering, render_part
from assessments.pdf_engine.weasy import cyclic_gc_paused
from tests.pdf_engine.conftest import document, front_builder, section, spec


def _texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def _at_once(*calls):
    """Run the calls in threads that all start together; their results in order (an exception is raised)."""
    start, results = threading.Barrier(len(calls)), [None] * len(calls)

    def run(index, call):
        start.wait()
        try:
            results[index] = call()
        except BaseException as exc:  # noqa: BLE001  (raised below, in the test's thread)
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    for result in results:
        if isinstance(result, BaseException):
            raise result
    return results


def _report(sections: list[str], cut: int, allow_private_api: bool):
    chunks = [spec("body-1", document(sections[:cut])), spec("body-2", document(sections[cut:]))]
    anchors = [f"s{number}" for number in range(1, len(sections) + 1)]
    return lambda: render_pdf(front_builder(anchors), chunks, allow_private_api=allow_private_api)[0]


# The three ways a PDF is made: rendering processes with the WeasyPrint speed-ups; chunks in threads of this
# process with the speed-ups (a Python whose multiprocessing internals are not recognised); public API only.
MODES = {"processes": (True, True), "threads": (True, False), "public": (False, False)}


@pytest.mark.parametrize("mode", MODES)
def test_two_pdfs_rendered_at_once_in_threads_number_their_own_pages(mode, monkeypatch):
    allow_private_api, processes = MODES[mode]
    if not processes:
        monkeypatch.setattr(private_api, "PYTHON_VERSIONS", frozenset())  # as on a Python it does not know
    small = [section(number, rows=30) for number in range(1, 4)]
    large = [section(number, rows=(12, 60, 110)[number % 3]) for number in range(1, 9)]
    alone = [_texts(_report(s, 2, allow_private_api)()) for s in (small, large)]
    together = [_texts(pdf) for pdf in _at_once(_report(small, 2, allow_private_api),
                                                _report(large, 4, allow_private_api))]  # fmt: skip
    assert together == alone
    for pages, sections in zip(together, (small, large), strict=True):
        assert len(pages) > 4
        for number, text in enumerate(pages[1:], start=2):
            assert text.endswith(f"Test organisation {number} / {len(pages)}"), (number, text[-60:])
        contents = pages[1]
        for number in range(1, len(sections) + 1):
            page = int(re.search(rf"\bs{number} (\d+)\b", contents).group(1))
            assert pages[page - 1].startswith(f"Section {number} Text of section {number}"), number


@pytest.mark.parametrize("allow_private_api", [True, False], ids=["speed-ups", "public"])
def test_parts_rendered_at_once_in_threads_keep_their_own_numbering(allow_private_api):
    # Each render starts its layout before the other's first page is numbered: with a numbering hook swapped
    # into WeasyPrint for the whole process (the engine before), each part got the other's numbers.
    html = document([section(number, rows=60) for number in range(1, 5)])
    answers = {"first": Numbering(first_page=3, total_pages=40), "second": Numbering(first_page=21, total_pages=70)}

    def render(name):
        def call():
            part_spec = dataclasses.replace(spec(name, html), allow_private_api=allow_private_api)
            with cyclic_gc_paused():
                part = render_part(part_spec, lambda pagination: answers[name])
            return _texts(part.pdf)

        return call

    for name, pages in zip(answers, _at_once(render("first"), render("second")), strict=True):
        first, total = answers[name].first_page, answers[name].total_pages
        for index, text in enumerate(pages):
            assert text.endswith(f"Test organisation {first + index} / {total}"), (name, index, text[-60:])
