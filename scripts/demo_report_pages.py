"""Render the demo assessment's PDF report and save two spreads as PNG under docs/ (the README shows them).

    DATABASE_URL=sqlite:////tmp/demo_pages.sqlite3 SECRET_KEY=pages .venv/bin/python scripts/demo_report_pages.py

Spread 1 is the cover and the executive summary; spread 2 is the first moved function's two pages.
Needs poppler-utils (pdftoppm) and chromium, like the PDF tests. Django is set up inside main(): the
PDF's rendering processes import this script as `__mp_main__` and must find nothing to run in it.
"""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]


def page_image(pdf: Path, number: int, folder: Path) -> Image.Image:
    prefix = folder / f"p{number}"
    pages = ["-f", str(number), "-l", str(number)]
    command = ["pdftoppm", "-png", "-r", "80", *pages, "-singlefile", str(pdf), str(prefix)]
    subprocess.run(command, check=True)  # noqa: S603, S607 - fixed arguments, our own temporary files
    return Image.open(f"{prefix}.png").convert("RGB")


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    gap = 24
    sheet = Image.new("RGB", (left.width + right.width + 3 * gap, max(left.height, right.height) + 2 * gap),
                      (236, 239, 244))  # fmt: skip
    sheet.paste(left, (gap, gap))
    sheet.paste(right, (left.width + 2 * gap, gap))
    return sheet


def main() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from pypdf import PdfReader

    from assessments.models import Assessment
    from assessments.reports.data import report_data
    from assessments.reports.registry import render_report

    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    call_command("demo_setup", verbosity=0)
    assessment = Assessment.objects.filter(status="submitted").order_by("pk").first()
    report = report_data(assessment, language="en")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "demo.pdf"
        pdf.write_bytes(render_report(report, "pdf"))
        texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
        moved = next(f for f in report.functions if not f.recommendation.keep_in_house)
        # The function's own section opens with its recommendation box, the only place "Runner-up" is a label.
        first = next(i for i, text in enumerate(texts) if moved.name in text and "Runner-up" in text) + 1
        spread(page_image(pdf, 1, Path(folder)), page_image(pdf, 3, Path(folder))).save(ROOT / "docs/report-page-1.png")
        spread(page_image(pdf, first, Path(folder)), page_image(pdf, first + 1, Path(folder))).save(
            ROOT / "docs/report-page-2.png")
    print(f"docs/report-page-1.png: pages 1 and 3; docs/report-page-2.png: pages {first}-{first + 1} ({moved.name})")


if __name__ == "__main__":
    main()
