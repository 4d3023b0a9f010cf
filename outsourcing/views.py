"""Read-only catalogue pages and health checks. Thin: selectors fetch, templates render."""

import json
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from plotly.utils import PlotlyJSONEncoder

from outsourcing import charts, selectors
from outsourcing.domain import method_docs
from outsourcing.domain.sourcing import NEARSHORE_MAX_HOURS, NEARSHORE_MAX_KM
from outsourcing.models import RATE_FAMILY_CHOICES

# The method documents a user of the app needs, served as pages (docs/<name>.md); the operators' documents
# (deploy, security, benchmarks) stay in the repository.
METHOD_DOCS = {
    "scoring": _("How the scores are made"),
    "tco": _("How the cost (TCO) is computed"),
    "catalogue": _("The catalogue and its sources"),
}


def home(request):
    return render(request, "home.html")


def service_types(request):
    return render(request, "outsourcing/service_types.html", {"categories": selectors.service_categories_with_types()})


def engagement_models(request):
    return render(
        request,
        "outsourcing/engagement_models.html",
        {"engagement_models": selectors.engagement_models(), "sourcing_models": selectors.sourcing_models()},
    )


def risk_factors(request):
    return render(
        request, "outsourcing/risk_factors.html", {"risks": selectors.risk_factors(), "drivers": selectors.drivers()}
    )


def _figure_json(figure: dict) -> dict:
    # Round-trip through plotly's encoder so numpy/decimal values become plain JSON.
    return json.loads(json.dumps(figure, cls=PlotlyJSONEncoder))


def locations(request):
    rows = sorted(selectors.locations(), key=lambda loc: loc.name)
    home = next((loc for loc in rows if loc.iso2 == (request.GET.get("home") or "").upper()), None)
    models_by_iso2 = selectors.sourcing_models_for_home(home, rows) if home else {}
    sourcing_names = {m.code: m.name for m in selectors.sourcing_models()}
    chart_rows = [
        {
            "name": loc.name,
            "iso2": loc.iso2,
            "gdp_per_capita_usd": loc.gdp_per_capita_usd,
            "ef_epi_score": loc.ef_epi_score,
            "region": loc.region_name,
        }
        for loc in rows
    ]
    for loc in rows:
        loc.sourcing_labels = [sourcing_names.get(code, code) for code in models_by_iso2.get(loc.iso2, [])]
    return render(
        request,
        "outsourcing/locations.html",
        {
            "locations": rows,
            "home": home,
            "figure": _figure_json(charts.location_cost_vs_english(chart_rows)),
            "not_charted": [loc for loc in rows if loc.gdp_per_capita_usd is None or loc.ef_epi_score is None],
            "nearshore_hours": f"{NEARSHORE_MAX_HOURS:g}",
            "nearshore_km": f"{NEARSHORE_MAX_KM:,.0f}",
        },
    )


def location_detail(request, iso2: str):
    location = selectors.location_by_iso2(iso2)
    if location is None:
        raise Http404("No such location")
    labels = dict(RATE_FAMILY_CHOICES)
    rates = [{**cell, "family_label": labels.get(cell["family"], cell["family"])}
             for cell in selectors.rate_cells(location.iso2)]  # fmt: skip
    return render(request, "outsourcing/location_detail.html", {"location": location, "rates": rates})


def _method_docs() -> list[dict]:
    return [{"name": name, "title": title, "url": reverse("method-doc", args=[name])}
            for name, title in METHOD_DOCS.items()]  # fmt: skip


@require_GET
def method_index(request):
    return render(request, "method/index.html", {"docs": _method_docs()})


@require_GET
def method_doc(request, name: str):
    if name not in METHOD_DOCS:
        raise Http404("No such document")
    title, html = method_docs.render(
        method_docs.read(name), lambda other: reverse("method-doc", args=[other]) if other in METHOD_DOCS else None
    )
    return render(request, "method/doc.html", {
        "docs": _method_docs(), "name": name, "title": METHOD_DOCS[name], "html": html,
        "english_only": not (get_language() or "en").startswith("en"),
    })  # fmt: skip


def _api_error(request, status: int, code: str, message: str):
    return JsonResponse({"code": code, "message": message, "fields": {}}, status=status)


def not_found(request, exception=None):
    """404 for any address: JSON under /api/ (the API's one error shape), the site's page elsewhere."""
    if request.path.startswith("/api/"):
        return _api_error(request, 404, "not_found", "Not found.")
    return render(request, "404.html", status=404)


DATABASE_UNAVAILABLE = ("The database is unavailable right now, so the request was not completed (nothing is left "
                        "half-saved). Try again in a moment.")


def _database_unavailable() -> bool:
    """Whether the error being handled is the database going away (an outage, not a bug)."""
    return isinstance(sys.exc_info()[1], OperationalError | InterfaceError)


def server_error(request):
    """500, or 503 when the database is unreachable; each write is one transaction, so nothing half-saved stays.

    The pages are standalone templates that touch neither the database nor the session.
    """
    if _database_unavailable():
        if request.path.startswith("/api/"):
            return _api_error(request, 503, "database_unavailable", DATABASE_UNAVAILABLE)
        return render(request, "503.html", status=503)
    if request.path.startswith("/api/"):
        return _api_error(request, 500, "server_error", "The server could not complete the request.")
    return render(request, "500.html", status=500)


@never_cache
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database_ok() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any driver error means "not ready"; report its class, not secrets
        return False, exc.__class__.__name__


def _broker_ok() -> tuple[bool, str]:
    if not settings.CELERY_BROKER_URL:
        return True, "not configured (tasks run in-process)"
    from outsourcing.celery import app

    try:
        with app.connection_for_write(settings.CELERY_BROKER_URL) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:  # kombu raises many transport-specific errors
        return False, exc.__class__.__name__


@never_cache
def readyz(request):
    db_ok, db_detail = _database_ok()
    broker_ok, broker_detail = _broker_ok()
    ready = db_ok and broker_ok
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "database": db_detail, "broker": broker_detail},
        status=200 if ready else 503,
    )
