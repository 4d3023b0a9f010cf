"""What a locked-out login sees (django-axes calls `lockout_response` through AXES_LOCKOUT_CALLABLE).

The login page is shown again with the reason and the wait; under /api/ the answer is the API's one
error shape. Both use status 429 with Retry-After, so clients know when to try again.
"""

import math

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext

LOCKED_OUT_STATUS = 429


def client_ip(request) -> str | None:
    """The address the lockout counts: REMOTE_ADDR, or behind TRUSTED_PROXY_COUNT trusted proxies (each appending
    to X-Forwarded-For) the address the outermost of them saw. Entries further left are the client's own
    claims and are never trusted, so sending the header cannot escape a lockout."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if proxies and len(forwarded) >= proxies:
        return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR")


def cool_off_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    minutes = max(1, math.ceil(cool_off_seconds() / 60))
    return ngettext(
        "Too many failed logins for this username from your address. Logging in is blocked for %(minutes)d minute.",
        "Too many failed logins for this username from your address. Logging in is blocked for %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    headers = {"Retry-After": str(cool_off_seconds())}
    if request.path.startswith("/api/"):
        body = {"code": "locked_out", "message": lockout_message(), "fields": {}}
        return JsonResponse(body, status=LOCKED_OUT_STATUS, headers=headers)
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "next": request.POST.get("next", ""), "lockout_message": lockout_message()}
    response = render(request, "registration/login.html", context, status=LOCKED_OUT_STATUS)
    for name, value in headers.items():
        response[name] = value
    return response
