"""Report generation time and size for a 50-function assessment: PDF (cold and cached charts), XLSX, CSV.

Builds a submitted assessment of N functions (the demo's twelve, repeated with numbered names) through
the same services as the questionnaire, then times `report_data` and each exporter. "cold" draws
every chart in chromium; "warm" finds them in the cache (a second download of the same report).
Example (any database; SQLite in a temporary file is enough):

    DATABASE_URL=sqlite:////tmp/oso_bench.sqlite3 SECRET_KEY=bench TCO_DRAWS=2000 \\
        .venv/bin/python benchmarks/bench_reports.py --functions 50 --repeat 3
"""

import argparse
import io
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")

import django  # noqa: E402

django.setup()

import yaml  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import translation  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from assessments.models import Assessment, Membership, Organisation  # noqa: E402
from assessments.reports import chart_images, pdf_charts  # noqa: E402
from assessments.reports.data import report_data  # noqa: E402
from assessments.reports.registry import exporters, render_report  # noqa: E402
from assessments.services import assessments as services  # noqa: E402
from assessments.services_demo import DEMO_FILE  # noqa: E402
from outsourcing.models import Location, ServiceType  # noqa: E402
from tests.factories import UserFactory  # noqa: E402


def build_assessment(functions: int) -> Assessment:
    slug = f"bench-reports-{functions}"
    existing = Assessment.objects.filter(organisation__slug=slug, status="submitted").first()
    if existing:
        return existing
    spec = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    organisation = Organisation.objects.create(slug=slug, name=f"Benchmark Manufacturing ({functions} functions)")
    user = UserFactory()
    Membership.objects.create(user=user, organisation=organisation, role=Membership.Role.MANAGER)
    assessment = services.assessment_create(organisation_id=organisation.pk, user=user, fields={
        "name": f"Benchmark review, {functions} functions", "home_country": Location.objects.get(iso2="KR"),
        "currency": "KRW", "horizon_years": 5, "discount_rate_pct": Decimal("8.00")})  # fmt: skip
    services.assessment_update_profile(assessment=assessment, user=user, fields={
        "required_languages": spec["required_languages"], "excluded_regions": []}, excluded_locations=[],
        answers=spec["profile"])  # fmt: skip
    types = {st.code: st for st in ServiceType.objects.all()}
    for index in range(functions):
        row = spec["functions"][index % len(spec["functions"])]
        function = services.function_save(assessment=assessment, user=user, function=None, fields={
            "name": f"{row['name']} {index + 1}", "service_type": types[row["service_type"]],
            "fte": Decimal(str(row["fte"])), "salary_per_fte": Decimal(str(row["salary"])),
            "overhead_pct": Decimal(str(row["overhead"])), "facilities_cost": Decimal(str(row["facilities"])),
            "it_cost": Decimal(str(row["it"]))})  # fmt: skip
        services.function_answers_save(assessment=assessment, user=user, function=function, answers=row["answers"])
    return services.assessment_submit(assessment=assessment, user=user)


CPU = []  # this process's CPU seconds per timed call (chromium's are not counted), in the order timed


def timed(callable_, repeat: int, before=None) -> tuple[list[float], object]:
    times, result = [], None
    CPU.clear()
    for _ in range(repeat):
        if before:
            before()
        start, cpu = time.perf_counter(), time.process_time()
        result = callable_()
        times.append(time.perf_counter() - start)
        CPU.append(time.process_time() - cpu)
    return times, result


def line(name: str, times: list[float], size: int | None = None, extra: str = "") -> None:
    size_text = f"{size / 1e6:7.2f} MB" if size is not None else " " * 10
    print(f"{name:<34} median {statistics.median(times):6.2f} s  min {min(times):6.2f} s  "
          f"(cpu {statistics.median(CPU):5.2f} s)  {size_text} {extra}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--functions", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--language", default="en", choices=["en", "ko"])
    parser.add_argument("--save", help="write the PDF here")
    args = parser.parse_args()
    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_catalogue", verbosity=0, stdout=quiet)
    assessment = build_assessment(args.functions)
    times, report = timed(lambda: report_data(assessment, language=args.language), args.repeat)
    line(f"report_data ({args.functions} functions)", times)

    with translation.override(args.language):
        specs = pdf_charts.report_charts(report)
        cold, _images = timed(lambda: chart_images.figure_images(specs), args.repeat, before=cache.clear)
        line(f"charts only, cold ({len(specs)} charts)", cold)
        warm, _images = timed(lambda: chart_images.figure_images(specs), args.repeat)
        line("charts only, cached", warm)

    cold_pdf, _pdf = timed(lambda: render_report(report, "pdf"), args.repeat, before=cache.clear)
    line("pdf, charts cold", cold_pdf)
    times, pdf = timed(lambda: render_report(report, "pdf"), args.repeat)
    line("pdf, charts cached", times, len(pdf), f"{len(PdfReader(io.BytesIO(pdf)).pages)} pages")
    if args.save:
        Path(args.save).write_bytes(pdf)
    for exporter in exporters():
        if exporter.code == "pdf":
            continue
        times, data = timed(lambda code=exporter.code: render_report(report, code), args.repeat)
        line(exporter.code, times, len(data))


if __name__ == "__main__":
    main()
