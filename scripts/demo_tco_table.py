"""Render the demo's PDF report in English and Korean and save the TCO table of its costliest function as PNG.

    DATABASE_URL=sqlite:////tmp/demo_tco.sqlite3 SECRET_KEY=pages .venv/bin/python scripts/demo_tco_table.py

Writes docs/report-tco-table.png (English above Korean): the "Cost over 5 years (TCO)" section of the
function whose in-house cost over the horizon is largest (amounts in the tens of billions of won), cut
from the title to the end of the rate notes under the table. Needs poppler-utils (pdftoppm, pdftotext)
and chromium, like the PDF tests. Django is set up inside main(), as in scripts/demo_report_pages.py.
"""

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
DPI = 110
TITLES = {"en": "(TCO)", "ko": "(TCO)"}


def words(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(y top, y bottom, word) in points for every word on the page (pdftotext -bbox)."""
    out = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],  # noqa: S603, S607
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    found = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', out)
    return [(float(a), float(b), w) for a, b, w in found]


def section_image(pdf: Path, page: int, folder: Path, language: str) -> Image.Image:
    """The page from the TCO title down to the last line of the section (the rate notes), at DPI."""
    placed = words(pdf, page)
    top = min(y0 for y0, _, w in placed if w == TITLES[language])
    below = [(y0, y1) for y0, y1, _ in placed if y0 > top]
    # The section ends where the page's footer begins: the last word above the bottom margin's page number.
    bottom = max(y1 for y0, y1 in below if y1 < max(y for _, y in below) - 5)
    prefix = folder / f"{language}-p{page}"
    subprocess.run(["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile",  # noqa: S603, S607
                    str(pdf), str(prefix)], check=True)  # fmt: skip
    image = Image.open(f"{prefix}.png").convert("RGB")
    scale = DPI / 72
    return image.crop((0, max(0, int((top - 12) * scale)), image.width, min(image.height, int((bottom + 8) * scale))))


def stacked(images: list[Image.Image]) -> Image.Image:
    gap = 24
    width = max(i.width for i in images) + 2 * gap
    height = sum(i.height for i in images) + gap * (len(images) + 1)
    sheet = Image.new("RGB", (width, height), (236, 239, 244))
    y = gap
    for image in images:
        sheet.paste(image, (gap, y))
        y += image.height + gap
    return sheet


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from pypdf import PdfReader

    from assessments.models import Assessment, TcoRun
    from assessments.reports.data import report_data
    from assessments.reports.registry import render_report

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    call_command("demo_setup", verbosity=0)
    assessment = Assessment.objects.filter(status="submitted").order_by("pk").first()
    run = TcoRun.objects.filter(assessment=assessment, status=TcoRun.Status.SUCCEEDED).latest("pk")
    names = {str(f["function_id"]): f["name"] for f in run.inputs["functions"]}
    costliest = max(run.result["summary"], key=lambda row: row["total_inhouse_cost"])
    name = names[str(costliest["function_id"])]
    images = []
    with tempfile.TemporaryDirectory() as folder:
        for language in ("en", "ko"):
            pdf = Path(folder) / f"demo-{language}.pdf"
            pdf.write_bytes(render_report(report_data(assessment, language=language), "pdf"))
            texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
            page = next(i for i, text in enumerate(texts) if name in text and "(TCO)" in text) + 1
            images.append(section_image(pdf, page, Path(folder), language))
            print(f"{language}: page {page} ({name})")
    stacked(images).save(ROOT / "docs" / "report-tco-table.png")
    print("docs/report-tco-table.png")


if __name__ == "__main__":
    main()
