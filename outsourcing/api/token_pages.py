"""The API-token settings page: a user creates and revokes their own tokens in the browser."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from knox.models import AuthToken


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    new_token = None
    if request.method == "POST":
        _instance, new_token = AuthToken.objects.create(request.user)
        messages.success(request, _("Token created. Copy it now: it is stored hashed and cannot be shown again."))
    rows = AuthToken.objects.filter(user=request.user).order_by("-created")
    return render(request, "registration/tokens.html", {"tokens": rows, "new_token": new_token})


@login_required
@require_POST
def revoke(request, token_key: str):
    deleted, _rows = AuthToken.objects.filter(user=request.user, token_key=token_key).delete()
    if not deleted:
        raise Http404("No such token")
    messages.success(request, _("Token revoked."))
    return redirect("api-tokens")
