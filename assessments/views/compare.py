"""Compare 2–4 assessments or versions side by side, on the page and as an Excel download.

GET with repeated `ids=` parameters, so a comparison is a URL that can be shared; each id goes
through the scoping selector, so another organisation's id is a 404 like everywhere else.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assessments import compare_charts
from assessments.forms_compare import FIELD_NAME, CompareForm
from assessments.reports import compare_xlsx
from assessments.selectors.compare import comparable_choices, compare_assessments


def _selected(request) -> set[int]:
    """The ids to show ticked again, including those of a rejected choice (so nothing picked is lost)."""
    return {int(v) for v in request.GET.getlist(FIELD_NAME) if v.isascii() and v.isdigit() and len(v) < 19}


def _form_page(request, form, status=200):
    return render(request, "assessments/compare.html", {"form": form, "selected_ids": _selected(request)},
                  status=status)  # fmt: skip


def _bound_form(request, *, always: bool = False):
    """The form bound to the query string; unbound (nothing asked yet) when the page is opened without ids."""
    choices = comparable_choices(request.user)
    if FIELD_NAME not in request.GET and not always:
        return CompareForm(choices=choices), False
    return CompareForm(request.GET, choices=choices), True


@login_required
@require_GET
def compare(request):
    form, asked = _bound_form(request)
    if not asked:
        return _form_page(request, form)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    comparison = compare_assessments(user=request.user, ids=form.cleaned_data[FIELD_NAME])
    return render(request, "assessments/compare.html", {
        "form": form, "selected_ids": _selected(request), "comparison": comparison,
        "captions": [compare_charts.assessment_caption(i, c) for i, c in enumerate(comparison.assessments)],
        "chart": compare_charts.npv_by_function(comparison), "query": request.GET.urlencode(),
    })  # fmt: skip


@login_required
@require_GET
def export_xlsx(request):
    form, _asked = _bound_form(request, always=True)
    if not form.is_valid():
        return _form_page(request, form, status=400)
    comparison = compare_assessments(user=request.user, ids=form.cleaned_data[FIELD_NAME])
    response = HttpResponse(compare_xlsx.comparison_xlsx(comparison), content_type=compare_xlsx.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{compare_xlsx.comparison_filename(comparison)}"'
    return response
