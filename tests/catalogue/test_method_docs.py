"""The method documents rendered for the app's pages (outsourcing/domain/method_docs.py), without a database."""

from outsourcing.domain import method_docs

SERVED = {"tco": "/method/tco/", "scoring": "/method/scoring/"}


def _render(markdown: str) -> str:
    return method_docs.render(markdown, SERVED.get)[1]


def test_links_and_mentions_of_served_documents_become_links_to_their_pages():
    html = _render("See [the TCO](tco.md#monte-carlo), `docs/scoring.md` and [deploy](deploy.md).\n")
    assert '<a href="/method/tco/#monte-carlo">the TCO</a>' in html
    assert '<a href="/method/scoring/"><code>docs/scoring.md</code></a>' in html
    assert "deploy" in html and "deploy.md" not in html  # a document not served: its words, no dead link


def test_links_to_repository_files_are_dropped_external_links_kept():
    html = _render("Code in [tco.py](../assessments/domain/tco.py); data from [the World Bank](https://data.worldbank.org).")
    assert "tco.py" in html and "../assessments" not in html
    assert '<a href="https://data.worldbank.org">the World Bank</a>' in html


def test_raw_html_is_shown_as_text_and_script_links_are_refused():
    html = _render('<script>alert(1)</script>\n\n[x](javascript:alert(1))\n')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "href=\"javascript:" not in html  # left as plain text


def test_headings_get_github_style_ids_and_the_title_is_the_first_heading():
    title, html = method_docs.render("# Total cost (TCO)\n\n## The model\n\n## The model\n", SERVED.get)
    assert title == "Total cost (TCO)"
    assert '<h2 id="the-model">' in html and '<h2 id="the-model-1">' in html


def test_tables_are_rendered():
    assert "<table>" in _render("| a | b |\n|---|---|\n| 1 | 2 |\n")


def test_every_served_document_exists_and_renders():
    for name in ("tco", "scoring", "catalogue"):
        title, html = method_docs.render(method_docs.read(name), SERVED.get)
        assert title and "<h2" in html
