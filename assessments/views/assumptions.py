"""The TCO assumptions page: a consultant's overrides (for the assessment or one function), and the vendor quotes and
exchange rates a manager or consultant enters. Each form posts to its own URL; a bad value is shown under its field
and nothing is saved."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from assessments.domain.tco import DEFAULT_ASSUMPTIONS
from assessments.forms_costs import AssumptionsForm, ExchangeRateForm, QuoteForm
from assessments.models import Membership, VendorQuote
from assessments.selectors.assessments import assessment_for, function_for
from assessments.selectors.rates import exchange_rates
from assessments.selectors.scoping import EDIT_ROLES, get_scoped_or_404, role_for
from assessments.services.assumptions import assumptions_update
from assessments.services.errors import InvalidInput
from assessments.services.exchange_rates import fx_rate_reset, fx_rate_set, fx_rates_ensure
from assessments.services.quotes import quote_create, quote_delete
from outsourcing.domain.exchange_rates import cross_rate


def _roles(request, assessment) -> tuple[bool, bool]:
    role = role_for(request.user, assessment.organisation_id)
    if role not in EDIT_ROLES:
        raise PermissionDenied
    return role == Membership.Role.CONSULTANT, True


def _fx_rows(assessment) -> tuple[list[dict], list[str]]:
    fx_rates_ensure(assessment=assessment)
    rows, missing = exchange_rates(assessment, [])
    per_usd = {r["currency"]: r["units_per_usd"] for r in rows}
    for row in rows:
        row["to_home"] = (cross_rate(per_usd, row["currency"], assessment.currency)
                          if assessment.currency in per_usd else None)  # fmt: skip
    return rows, missing


def _page(request, assessment, *, function=None, form=None, quote_form=None, fx_form=None, status=200):
    is_consultant, _may_price = _roles(request, assessment)
    current = (function.tco_overrides if function else assessment.tco_assumptions) or {}
    fx, missing = _fx_rows(assessment)
    context = {
        "assessment": assessment, "function": function, "functions": assessment.functions.all(),
        "form": form or AssumptionsForm(initial=current, defaults=DEFAULT_ASSUMPTIONS, editable=is_consultant),
        "is_consultant": is_consultant,
        "quotes": VendorQuote.objects.filter(assessment=assessment).select_related("function", "location"),
        "quote_form": quote_form or QuoteForm(assessment=assessment, initial={"currency": assessment.currency,
                                                                              "unit": VendorQuote.Unit.HOURLY}),
        "fx": fx, "missing_currencies": missing,
        "fx_form": fx_form or ExchangeRateForm(initial={"currency": missing[0] if missing else "USD"}),
    }  # fmt: skip
    return render(request, "assessments/assumptions.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request, pk):
    assessment = assessment_for(request.user, pk)
    function = function_for(request.user, assessment, request.GET["function"]) if request.GET.get("function") else None
    if request.method == "GET":
        return _page(request, assessment, function=function)
    if role_for(request.user, assessment.organisation_id) != Membership.Role.CONSULTANT:
        raise PermissionDenied
    form = AssumptionsForm(request.POST, defaults=DEFAULT_ASSUMPTIONS)
    if form.is_valid():
        try:
            run = assumptions_update(assessment=assessment, user=request.user, values=form.values(),
                                     function=function)  # fmt: skip
        except ValueError as exc:
            name = next((n for n in DEFAULT_ASSUMPTIONS if f"'{n}'" in str(exc)), None)
            form.add_error(name, str(exc))
        else:
            messages.success(request, _("Assumptions saved; the TCO comparison is running again with them.")
                             if run is not None else
                             _("Assumptions saved. They are used when the assessment is submitted."))  # fmt: skip
            return redirect("assessments:tco", pk=pk)
    return _page(request, assessment, function=function, form=form)


def _back(assessment, anchor: str):
    return redirect(reverse("assessments:tco-assumptions", args=[assessment.pk]) + anchor)


@login_required
@require_POST
def quote_add(request, pk):
    assessment = assessment_for(request.user, pk)
    _roles(request, assessment)
    form = QuoteForm(request.POST, assessment=assessment)
    if form.is_valid():
        try:
            quote_create(assessment=assessment, user=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Quote saved. It replaces the rate book for that function and location; "
                                        "a submitted assessment is scored and costed again with it."))
            return _back(assessment, "#quotes")
    return _page(request, assessment, quote_form=form)


@login_required
@require_POST
def quote_remove(request, pk, quote_pk):
    assessment = assessment_for(request.user, pk)
    _roles(request, assessment)
    quote = get_scoped_or_404(VendorQuote.objects.filter(assessment=assessment), request.user, pk=quote_pk)
    quote_delete(quote=quote, user=request.user)
    messages.success(request, _("Quote deleted; the rate book prices that function and location again."))
    return _back(assessment, "#quotes")


@login_required
@require_POST
def fx_set(request, pk):
    assessment = assessment_for(request.user, pk)
    _roles(request, assessment)
    form = ExchangeRateForm(request.POST)
    if form.is_valid():
        try:
            fx_rate_set(assessment=assessment, user=request.user, **form.cleaned_data)
        except InvalidInput as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, _("Exchange rate saved; a submitted assessment is scored and costed again "
                                        "with it."))
            return _back(assessment, "#exchange-rates")
    return _page(request, assessment, fx_form=form)


@login_required
@require_POST
def fx_reset(request, pk, currency):
    assessment = assessment_for(request.user, pk)
    _roles(request, assessment)
    fx_rate_reset(assessment=assessment, user=request.user, currency=currency.upper()[:3])
    messages.success(request, _("Exchange rate set back to its default."))
    return _back(assessment, "#exchange-rates")
