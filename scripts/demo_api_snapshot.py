"""What the demo sends: every row of the scores API (page after page, following `next`) and the PDF's text.

Run it before and after a change to the scores listing or the PDF engine and compare the two files; they
must be equal (the links themselves are left out: a cursor link and a page link lead to the same rows).
Each query is read twice: following `next`, and asking for `page=1, 2, ...` (the numbered pages).

    DATABASE_URL=sqlite:////tmp/snapshot_before.sqlite3 SECRET_KEY=snapshot \\
        .venv/bin/python scripts/demo_api_snapshot.py /tmp/before.json [--pdf]

The database is set up from scratch (migrate, catalogue, demo) if it has no demo yet. `--pdf` adds the
demo's PDF report as text, page by page, in English and Korean (needs chromium, like the PDF tests).
Django is set up inside main(): the PDF's rendering processes import this script as `__mp_main__`.
"""

import argparse
import io
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# (query, page size): every ordering the API offers, the filters, and page sizes that do and do not divide the count
QUERIES = [
    ("", 100),
    ("", 7),
    ("ordering=-score", 100),
    ("ordering=score", 250),
    ("ordering=-rank", 100),
    ("ordering=rank,-score", 100),
    ("ordering=location,-rank", 100),
    ("ordering=-location,score", 333),
    ("ordering=-function_id,score", 100),
    ("ordering=function_id,-rank", 1000),
    ("engagement=total&sourcing_model=offshore&ordering=-score", 10),
    ("location=IN&ordering=score", 5),
    ("min_score=55&ordering=-score,location", 50),
    ("function={function}&ordering=-score", 20),
    ("location=ZZ", 100),
]


def _walk(client, url: str, numbered: bool) -> dict:
    """Every page from `url`: following `next`, or asking for page 1, 2, ... while `next` says there is more."""
    rows, pages, counts, number = [], 0, set(), 1
    while url:
        response = client.get(f"{url}&page={number}" if numbered else url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code} {response.content[:200]!r}")
        body = response.json()
        rows += body["results"]
        counts.add(body["count"])
        pages, number = pages + 1, number + 1
        url = (url if body["next"] else None) if numbered else body["next"]
    return {"count": sorted(counts), "pages": pages, "rows": rows}


def api_rows(client, assessment_id: int, function_id: int) -> dict:
    out = {}
    for query, size in QUERIES:
        query = query.format(function=function_id)
        url = f"/api/v1/assessments/{assessment_id}/scores/?{query}&page_size={size}".replace("?&", "?")
        out[f"{query}&page_size={size}"] = _walk(client, url, numbered=False)
        out[f"{query}&page_size={size} (page=1, 2, ...)"] = _walk(client, url, numbered=True)
    return out


def pdf_pages(assessment) -> dict:
    from pypdf import PdfReader

    from assessments.reports.data import report_data
    from assessments.reports.registry import render_report

    out = {}
    for language in ("en", "ko"):
        pdf = render_report(report_data(assessment, language=language), "pdf")
        out[language] = [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("output")
    parser.add_argument("--pdf", action="store_true", help="add the demo PDF's text (en, ko)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outsourcing.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.test import APIClient

    from assessments.models import Assessment, Membership, OptionScore
    from assessments.services.demo import DEMO_ORG_SLUG, demo_setup

    with open(os.devnull, "w") as quiet:
        call_command("migrate", verbosity=0, stdout=quiet)
        if not Assessment.objects.filter(organisation__slug=DEMO_ORG_SLUG).exists():
            call_command("load_catalogue", verbosity=0, stdout=quiet)
            demo_setup()
    assessment = Assessment.objects.get(organisation__slug=DEMO_ORG_SLUG)
    consultant = Membership.objects.get(organisation=assessment.organisation, role=Membership.Role.CONSULTANT).user
    client = APIClient()
    client.force_authenticate(consultant)
    function_id = OptionScore.objects.filter(run__assessment=assessment).order_by("function_id")[0].function_id
    snapshot = {"scores": api_rows(client, assessment.pk, function_id)}
    if args.pdf:
        snapshot["pdf"] = pdf_pages(assessment)
    Path(args.output).write_text(json.dumps(snapshot, ensure_ascii=False, indent=1), encoding="utf-8")
    total = sum(len(v["rows"]) for v in snapshot["scores"].values())
    print(f"{args.output}: {len(QUERIES)} queries, {total} rows" + (", PDF en/ko" if args.pdf else ""))


if __name__ == "__main__":
    main()
