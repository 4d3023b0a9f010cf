"""What the authorization sweep walks: every URL pattern of the project, and how to fill each one's ids
with objects of the organisation under attack.

Routes come from the resolver itself (HTML, the DRF router with its nested, action and format-suffix
routes, the admin), so a new route is swept the day it is added. Its ids are filled from `KWARGS`, by
name; a name the sweep does not know fails the sweep, so a new kind of id forces a decision here.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from assessments.models import Assessment, BusinessFunction, TcoRun


@dataclass
class Target:
    """The organisation whose objects fill the ids (under attack in the sweep, one's own in the CSRF test)."""

    organisation: object
    assessment: Assessment
    function: BusinessFunction
    owner: object
    token_key: str
    assessment_content_type_id: int
    objects_by_model: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, as reverse() takes it; empty for an unnamed route
    kwargs: tuple[str, ...]
    pattern: str  # the full pattern text, for messages
    callback: object

    @property
    def is_api(self) -> bool:
        return self.pattern.startswith("api/")

    @property
    def is_admin(self) -> bool:
        return self.pattern.startswith("admin/")

    def __str__(self) -> str:
        return f"{self.name or '(unnamed)'} ({self.pattern})"


def _kwarg_names(pattern) -> tuple[str, ...]:
    if hasattr(pattern, "converters") and pattern.converters:  # path() patterns
        return tuple(pattern.converters)
    return tuple(pattern.regex.groupindex)


def all_routes() -> list[Route]:
    routes: list[Route] = []

    def walk(patterns, prefix: str, namespace: str | None, kwargs: tuple[str, ...]):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner, kwargs + _kwarg_names(entry.pattern))
            elif isinstance(entry, URLPattern):
                text = prefix + str(entry.pattern)
                # an unnamed route (the admin's redirects) is filled in from its path text instead of reverse()
                name = (f"{namespace}:{entry.name}" if namespace else entry.name) if entry.name else ""
                routes.append(Route(name, kwargs + _kwarg_names(entry.pattern), text, entry.callback))

    walk(get_resolver().url_patterns, "", None, ())
    return routes


def _viewset_model(route: Route):
    """The model a DRF view's `pk` names (its queryset's or serializer's model)."""
    view = getattr(route.callback, "cls", None)
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return queryset.model
    meta = getattr(getattr(view, "serializer_class", None), "Meta", None)
    return getattr(meta, "model", None)


def _model_object(model, target):
    try:
        return target.objects_by_model[model]
    except KeyError:
        raise LookupError(f"no {model.__name__ if model else 'model'} of the target organisation to put in") from None


def _pk(route: Route, target):
    if route.is_api:
        return _model_object(_viewset_model(route), target).pk
    if route.name.startswith("assessments:"):
        return target.assessment.pk
    raise LookupError("`pk` outside assessments/ and the API: say which model it names")


def _run_pk(route: Route, target):
    short = route.name.split(":")[-1]
    if short.startswith("tco-"):
        return target.objects_by_model[TcoRun].pk
    if short.startswith("report-"):
        return target.objects_by_model[apps.get_model("assessments", "ReportRun")].pk
    if short.startswith("portfolio-"):
        return target.objects_by_model[apps.get_model("assessments", "PortfolioRun")].pk
    raise LookupError("`run_pk` on a route that is neither tco-*, report-* nor portfolio-*: say which run it names")


# kwarg name -> how to fill it with an object of the target organisation (or a public value).
KWARGS = {
    "pk": _pk,
    "assessment_pk": lambda route, target: target.assessment.pk,
    "function_pk": lambda route, target: target.function.pk,
    "run_pk": _run_pk,
    "quote_pk": lambda route, target: _model_object(apps.get_model("assessments", "VendorQuote"), target).pk,
    # an exchange rate is named by its currency inside the assessment the route names
    "currency": lambda route, target: "KRW",
    "token_key": lambda route, target: target.token_key,
    "fmt": lambda route, target: "pdf",
    "format": lambda route, target: "json",
    # catalogue rows are public reference data, the same for everyone
    "code": lambda route, target: "payroll" if "service-type" in route.name else "total",
    "iso2": lambda route, target: "KR",
    # the method documents (docs/*.md) are public, the same for everyone
    "name": lambda route, target: "tco",
    # admin (staff only; nobody in the sweep is staff)
    "object_id": lambda route, target: target.assessment.pk,
    "id": lambda route, target: target.owner.pk,
    "content_type_id": lambda route, target: target.assessment_content_type_id,
    "app_label": lambda route, target: "assessments",
    "url": lambda route, target: "assessments/assessment/",
}
# kwargs that name an object of the target organisation (the others are public or staff-only values)
OBJECT_KWARGS = {"pk", "assessment_pk", "function_pk", "run_pk", "token_key", "quote_pk"}


class UnknownKwarg(Exception):
    pass


def url_for(route: Route, target) -> str:
    unknown = [name for name in route.kwargs if name not in KWARGS]
    if unknown:
        raise UnknownKwarg(f"{route} takes {unknown}: add them to KWARGS in tests/security/sweep.py")
    kwargs = {name: KWARGS[name](route, target) for name in route.kwargs}
    if route.name:
        return reverse(route.name, kwargs=kwargs)
    text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(kwargs[m.group(1)]), route.pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(kwargs[m.group(1)]), text)
    url = "/" + text.replace("^", "").replace("$", "").replace("\\Z", "")
    if resolve(url).func is not route.callback:
        raise UnknownKwarg(f"{route}: could not build an address for this unnamed route; give it a name")
    return url


def names_an_object(route: Route) -> bool:
    return bool(OBJECT_KWARGS & set(route.kwargs)) and not route.is_admin
