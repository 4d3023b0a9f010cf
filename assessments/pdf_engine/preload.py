"""Imported once by the PDF forkserver (parallel._context): WeasyPrint loaded and its fonts warmed up, so that
every rendering process forked from it starts with Pango, fontconfig and the report's fonts ready.

Never imported by the web or worker process itself: the warm-up render below runs at import.
"""

from pathlib import Path

from assessments.pdf_engine import child  # noqa: F401  (the rendering process's entry point, with WeasyPrint)
from assessments.pdf_engine.part import Numbering, PartSpec, render_part
from assessments.pdf_engine.weasy import cyclic_gc_paused

_STYLESHEET = Path(__file__).resolve().parents[2] / "static" / "reports" / "report.css"
_SAMPLE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/></head><body>
<section class="summary" id="summary"><h2 class="section-title">Warm-up 준비</h2>
<p>Regular <strong>bold</strong> 한국어 → − 1,234</p>
<table class="data"><thead><tr><th scope="col">Risk</th><th scope="col" class="num">Score</th></tr></thead>
<tbody><tr><th scope="row">Vendor lock-in</th><td class="num">28.0</td></tr></tbody></table></section>
</body></html>"""


def _warm_up() -> None:
    if not _STYLESHEET.is_file():  # an installation without the project's static files: nothing to warm
        return
    spec = PartSpec(name="warm-up", html=_SAMPLE, stylesheets=(_STYLESHEET.read_text(encoding="utf-8"),),
                    base_url=str(_STYLESHEET.parent) + "/")  # fmt: skip
    with cyclic_gc_paused():
        render_part(spec, lambda pagination: Numbering(1, pagination.pages))


_warm_up()
