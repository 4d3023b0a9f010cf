"""Report generation time and size for a 50-function assessment: PDF (cold and cached charts), XLSX, CSV.

Builds a submitted assessment of N functions (the demo's twelve, repeated with numbered names) through
the same services as the questionnaire, then times `report_data` and each exporter. "cold" draws
every chart in chromium; "cached" finds them in the chart cache (any later report showing them).
The PDF is timed with 1 rendering process, with REPORT_PDF_PROCESSES (the machine's cores), and on the
public path (PRIVATE_API_SPEEDUPS off: WeasyPrint's public API, each part rendered twice, the chunks in
threads of this process; assessments/pdf_engine/private_api.py), alternately, and its stages are timed
through the exporter's progress callback. Example (any database; SQLite in a temporary file is enough):

    DATABASE_URL=sqlite:////tmp/oso_bench.sqlite3 SECRET_KEY=bench TCO_DRAWS=2000 \\
        .venv/bin/python benchmarks/bench_reports.py --functions 50 --repeat 5

Everything runs under `main()`: the PDF's rendering processes import this script as `__mp_main__`
(multiprocessing's forkserver), and must find nothing to do in it.
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
CPU = []  # this process's CPU seconds per timed call (chromium's and the PDF processes' are not counted)


def build_assessment(functions: int):
    import yaml

    from assessments.models import Assessment, Membership, Organisation
    from assessments.services import assessments as services
    from assessments.services.demo import DEMO_FILE
    from outsourcing.models import Location, ServiceType
    from tests.factories import UserFactory

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


def line(name: str, times: list[float], size: int | None = None, extra: str = "", cpu: list[float] = CPU) -> None:
    size_text = f"{size / 1e6:7.2f} MB" if size is not None else " " * 10
    print(f"{name:<38} median {statistics.median(times):6.2f} s  min {min(times):6.2f} s  "
          f"(cpu {statistics.median(cpu):5.2f} s)  {size_text} {extra}")  # fmt: skip


def pdf_with_stages(report, render_report) -> tuple[bytes, dict[str, float]]:
    """One PDF, and when each stage ended (seconds from the start), heard through the progress callback,
    with the largest peak memory of its rendering processes (MB)."""
    from assessments.pdf_engine import parallel

    stages, start, peaks = {}, time.perf_counter(), []
    names = {0.3: "charts", 0.755: "paginated", 0.965: "drawn", 1.0: "joined"}

    def progress(share: float) -> None:
        stages[names.get(round(share, 3), f"{share:.2f}")] = time.perf_counter() - start

    real_render_pdf = parallel.render_pdf

    def render_pdf(*args, **kwargs):
        pdf, parts = real_render_pdf(*args, **kwargs)
        peaks.extend(part.peak_memory_kb for part in parts[1:])  # on the public path: this process's peak
        return pdf, parts

    from assessments.reports.exporters import pdf as pdf_exporter

    pdf_exporter.render_pdf = render_pdf
    try:
        pdf = render_report(report, "pdf", progress=progress)
    finally:
        pdf_exporter.render_pdf = real_render_pdf
    stages["peak MB per process"] = max(peaks) / 1024
    return pdf, stages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--functions", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--language", default="en", choices=["en", "ko"])
    parser.add_argument("--save", help="write the PDF here")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import caches
    from django.core.management import call_command
    from django.utils import translation
    from pypdf import PdfReader

    from assessments.pdf_engine.parallel import warm_up
    from assessments.reports import chart_images, pdf_charts
    from assessments.reports.data import report_data
    from assessments.reports.registry import exporters, render_report

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        call_command("load_catalogue", verbosity=0, stdout=quiet)
    assessment = build_assessment(args.functions)
    warm_up()  # as a Celery worker does when it starts (assessments/tasks.py)
    chart_cache = caches["report_charts"]
    times, report = timed(lambda: report_data(assessment, language=args.language), args.repeat)
    line(f"report_data ({args.functions} functions)", times)

    with translation.override(args.language):
        specs = pdf_charts.report_charts(report)
        cold, _images = timed(lambda: chart_images.figure_images(specs), args.repeat, before=chart_cache.clear)
        line(f"charts only, cold ({len(specs)} charts)", cold)
        warm, _images = timed(lambda: chart_images.figure_images(specs), args.repeat)
        line("charts only, cached", warm)

    cold_pdf, _pdf = timed(lambda: render_report(report, "pdf"), args.repeat, before=chart_cache.clear)
    line(f"pdf, charts cold, {settings.REPORT_PDF_PROCESSES} processes", cold_pdf)

    # 1 process, the configured number, and the public path, alternately, so that all see the same machine
    processes, speedups = settings.REPORT_PDF_PROCESSES, settings.PRIVATE_API_SPEEDUPS
    variants = {(1, True): "1 process", (processes, True): f"{processes} processes",
                (processes, False): f"public path, {processes} chunks in threads"}  # fmt: skip
    results = {variant: ([], [], []) for variant in variants}
    pdfs = {}
    for _ in range(args.repeat):
        for variant in variants:
            settings.REPORT_PDF_PROCESSES, settings.PRIVATE_API_SPEEDUPS = variant
            start, cpu = time.perf_counter(), time.process_time()
            pdfs[variant], stages = pdf_with_stages(report, render_report)
            results[variant][0].append(time.perf_counter() - start)
            results[variant][1].append(time.process_time() - cpu)
            results[variant][2].append(stages)
    settings.REPORT_PDF_PROCESSES, settings.PRIVATE_API_SPEEDUPS = processes, speedups
    texts = {variant: [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
             for variant, pdf in pdfs.items()}  # fmt: skip
    same = all(text == texts[(processes, True)] for text in texts.values())
    for variant, (walls, cpus, stages) in results.items():
        pdf = pdfs[variant]
        line(f"pdf, charts cached, {variants[variant]}", walls, len(pdf), f"{len(texts[variant])} pages", cpu=cpus)
        median_stages = {name: statistics.median(s[name] for s in stages) for name in stages[0]}
        print(" " * 40 + "stages (median s): " + ", ".join(f"{n} {t:.2f}" for n, t in median_stages.items()))
    print(" " * 40 + f"the same text on every page in all three: {'yes' if same else 'NO'}")
    pdf = pdfs[(processes, True)]
    if args.save:
        Path(args.save).write_bytes(pdf)
    for exporter in exporters():
        if exporter.code == "pdf":
            continue
        times, data = timed(lambda code=exporter.code: render_report(report, code), args.repeat)
        line(exporter.code, times, len(data))


if __name__ == "__main__":
    main()
