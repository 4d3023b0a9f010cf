"""Organisation switching; login, logout and password change use Django's own views."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assessments.selectors.scoping import organisations_for, roles_by_organisation
from assessments.views.common import SESSION_ORGANISATION, active_organisation


@login_required
@require_http_methods(["GET", "POST"])
def switch_organisation(request):
    organisations = list(organisations_for(request.user))
    if request.method == "POST":
        try:
            chosen = int(request.POST.get("organisation", ""))
        except ValueError as exc:
            raise Http404("No such organisation") from exc
        organisation = next((o for o in organisations if o.pk == chosen), None)
        if organisation is None:
            raise Http404("No such organisation")
        request.session[SESSION_ORGANISATION] = organisation.pk
        messages.success(request, _("You are now working in %(name)s.") % {"name": organisation.name})
        return redirect("assessments:dashboard")
    roles = roles_by_organisation(request.user)
    rows = [(o, roles.get(o.pk)) for o in organisations]
    return render(request, "assessments/switch_organisation.html",
                  {"rows": rows, "active": active_organisation(request)})  # fmt: skip
