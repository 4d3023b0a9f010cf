"""A small report for the engine: a front with a contents table, and sections that cut into chunks anywhere.

No Django: the engine takes plain HTML and CSS. The sections use the report's own stylesheet, so the page
footers, running headers and `section-anchor` strings are the real ones.
"""

from html import escape
from pathlib import Path

import pytest

from assessments.pdf_engine.part import PartSpec

STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "reports" / "report.css"
RUNNING = '@page { @top-left { content: "Engine test"; } @bottom-left { content: "Test organisation"; } }'
HEAD = '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>Engine test</title></head><body>'


def section(number: int, rows: int) -> str:
    """A function-like section with `rows` table rows: more rows, more pages."""
    body = "".join(f"<tr><th scope=\"row\">Risk {number}.{row}</th><td class=\"num\">{row}.0</td></tr>"
                   for row in range(rows))  # fmt: skip
    return (f'<section class="function" id="s{number}"><h2 class="section-title">Section {number}</h2>'
            f'<p>Text of section {number}, with a link to <a href="#s1">section 1</a>.</p>'
            f'<h3>Details</h3><table class="data"><thead><tr><th scope="col">Risk</th><th scope="col" class="num">'
            f"Score</th></tr></thead><tbody>{body}</tbody></table></section>")  # fmt: skip


def document(sections: list[str]) -> str:
    return HEAD + "".join(sections) + "</body></html>"


def spec(name: str, html: str) -> PartSpec:
    return PartSpec(name=name, html=html, stylesheets=(STYLESHEET.read_text(encoding="utf-8"), RUNNING),
                    base_url=str(STYLESHEET.parent) + "/")  # fmt: skip


def front_builder(anchors: list[str]):
    def front(page_numbers):
        rows = "".join(f'<tr class="toc-minor"><td><a href="#{a}">{escape(a)}</a></td><td class="toc-page">'
                       f'<a href="#{a}">{"0" if page_numbers is None else page_numbers[a]}</a></td></tr>'
                       for a in anchors)  # fmt: skip
        html = (HEAD + '<section class="cover"><h1 class="doc-title">Engine test</h1></section>'
                '<nav class="toc"><h2 class="toc-title">Contents</h2><table class="toc-table"><colgroup><col/>'
                f'<col class="c-page"/></colgroup><tbody>{rows}</tbody></table></nav></body></html>')  # fmt: skip
        return spec("front", html)

    return front


@pytest.fixture
def sections():
    """Eight sections of one to three pages each."""
    return [section(number, rows=(12, 60, 110)[number % 3]) for number in range(1, 9)]
