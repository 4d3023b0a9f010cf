"""The PDF report cut into parts for the engine (assessments/pdf_engine): the front, and body chunks of whole sections.

Body sections, in order: the executive summary, the portfolio plan, one per function, assumptions, the method. Each
is rendered from its template once; a chunk is a run of consecutive sections, and chunks are balanced by the length of
their HTML (a fair proxy for layout work: tables and text are most of both). Every part is a whole XHTML
document with the same stylesheets, so a section looks the same whichever chunk it lands in.
"""

import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from tinycss2.serializer import serialize_string_value

from assessments.pdf_engine.part import PartSpec
from assessments.pdf_engine.weasy import CHART_SCHEME

STYLESHEET = Path(settings.BASE_DIR) / "static" / "reports" / "report.css"
PLACEHOLDER_PAGE = "0"  # the contents page's draft: number slots have a fixed width, so any digit will do
_CHART_REFERENCE = re.compile(re.escape(CHART_SCHEME) + r"([\w-]+)")


@dataclass(frozen=True)
class PdfLayout:
    front: "partial[PartSpec]"  # front(page_numbers) -> PartSpec
    chunks: list[PartSpec]


@dataclass(frozen=True)
class TocEntry:
    anchor: str
    title: str
    page: str


def _running_strings_css(report) -> str:
    # The header's document title and the footer's organisation, the same on every page of every part (a
    # string-set on the cover would reach only the part that holds the cover).
    title, organisation = serialize_string_value(report.assessment_name), serialize_string_value(report.organisation)
    return f'@page {{ @top-left {{ content: "{title}"; }} @bottom-left {{ content: "{organisation}"; }} }}\n'


def _document(head: str, sections: list[str]) -> str:
    return head + "".join(sections) + "</body></html>\n"


def _toc(view, page_numbers: dict[str, int] | None) -> dict:
    def entry(anchor: str, title: str) -> TocEntry:
        return TocEntry(anchor, title, PLACEHOLDER_PAGE if page_numbers is None else str(page_numbers[anchor]))

    return {"summary": entry("summary", _("Executive summary")), "portfolio": entry("portfolio", _("Portfolio plan")),
            "functions": [entry(s.anchor, s.report.name) for s in view.sections],
            "assumptions": entry("assumptions", _("Assumptions and sources")),
            "method": entry("method", _("The method in brief"))}  # fmt: skip


def _front(context: dict, head: str, stylesheets: tuple[str, ...], page_numbers: dict[str, int] | None) -> PartSpec:
    toc = _toc(context["view"], page_numbers)
    html = _document(head, [render_to_string("reports/pdf/_cover.html", context),
                            render_to_string("reports/pdf/_toc.html", {**context, "toc": toc})])  # fmt: skip
    return PartSpec(name="front", html=html, stylesheets=stylesheets, base_url=str(STYLESHEET.parent) + "/",
                    static_roots=tuple(str(folder) for folder in settings.STATICFILES_DIRS))  # fmt: skip


def _sections(context: dict) -> list[str]:
    view = context["view"]
    out = [render_to_string("reports/pdf/_summary.html", context),
           render_to_string("reports/pdf/_portfolio.html", context)]  # fmt: skip
    out += [render_to_string("reports/pdf/_function.html", {**context, "section": s}) for s in view.sections]
    out += [render_to_string("reports/pdf/_assumptions.html", context),
            render_to_string("reports/pdf/_method.html", context)]  # fmt: skip
    return out


def balanced_runs(weights: list[int], count: int) -> list[range]:
    """Split indexes 0..n-1 into at most `count` consecutive non-empty runs of about equal total weight."""
    count = max(1, min(count, len(weights)))
    total, runs, start, done = sum(weights), [], 0, 0
    for index, weight in enumerate(weights):
        done += weight
        remaining_runs = count - len(runs) - 1
        remaining_items = len(weights) - index - 1
        # close the run at the first boundary past its share, keeping at least one item per remaining run
        if 0 < remaining_runs <= remaining_items and (done >= total * (len(runs) + 1) / count
                                                      or remaining_items == remaining_runs):
            runs.append(range(start, index + 1))
            start = index + 1
    runs.append(range(start, len(weights)))
    return runs


def build(report, view, charts: dict[str, bytes], *, processes: int) -> PdfLayout:
    context = {"view": view, "report": report, "chart_scheme": CHART_SCHEME}
    head = render_to_string("reports/pdf/_head.html", context)
    stylesheets = (STYLESHEET.read_text(encoding="utf-8"), _running_strings_css(report))
    sections = _sections(context)
    roots = tuple(str(folder) for folder in settings.STATICFILES_DIRS)
    chunks = []
    for number, run in enumerate(balanced_runs([len(s) for s in sections], processes), start=1):
        html = _document(head, sections[run.start:run.stop])
        images = {key: charts[key] for key in _CHART_REFERENCE.findall(html) if key in charts}
        chunks.append(PartSpec(name=f"body-{number}", html=html, stylesheets=stylesheets,
                               base_url=str(STYLESHEET.parent) + "/", images=images, static_roots=roots))  # fmt: skip
    return PdfLayout(front=partial(_front, context, head, stylesheets), chunks=chunks)
