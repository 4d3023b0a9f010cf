"""One JSON error shape for the whole API: {"code", "message", "fields"}.

DRF's exceptions come through `api_exception_handler`; answers given before DRF runs (the request guard's
404/400/413, Django's 404 and 500 handlers) are built with `error_response`, so every failure has one shape.
Codes a client can rely on: invalid, parse_error, too_large, unsupported_media_type, method_not_allowed,
not_authenticated, authentication_failed, permission_denied, not_found, throttled, locked_out, conflict codes
of each endpoint (not_scored, not_ready, ...), queue_unavailable, database_unavailable, server_error.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"

    def __init__(self, limit: int):
        super().__init__(f"The request body is larger than {limit:,} bytes, the most this API reads.")


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": message, "fields": fields or {}}


def error_response(status_code: int, code: str, message: str, fields: dict | None = None, **headers) -> JsonResponse:
    """The API's error shape for answers given outside DRF (middleware, Django's error handlers)."""
    response = JsonResponse(error_body(code, message, fields), status=status_code)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _position(prefix: str, key) -> str:
    if isinstance(key, int):
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)


def _messages(value, prefix: str = "") -> list[str]:
    """A field's messages as plain strings; a nested object's or list's errors name their position first."""
    if isinstance(value, dict):
        return [m for key, inner in value.items() for m in _messages(inner, _position(prefix, key))]
    if isinstance(value, list):
        return [m for item in value for m in _messages(item, prefix)]
    return [f"{prefix}: {value}" if prefix else str(value)]


def _fields(detail) -> dict:
    if isinstance(detail, dict):
        return {str(key): _messages(value) for key, value in detail.items() if key != "non_field_errors"}
    return {}


def fields_message(fields: dict) -> str:
    return "Some fields are not valid: " + ", ".join(sorted(fields))


def api_exception_handler(exc, context):
    # Imported here: rest_framework.views reads the parser setting, whose parser imports this module.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or "You do not have permission to do this.")
    elif isinstance(exc, RequestDataTooBig):
        from outsourcing.api.parsers import body_limit

        exc = PayloadTooLarge(body_limit())
    elif isinstance(exc, ValueError):  # the pure modules name the field in their ValueError
        exc = exceptions.ValidationError({"non_field_errors": [str(exc)]})
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    fields = _fields(detail)
    if getattr(exc, "message", None):  # an exception that words its own summary
        message = exc.message
    elif isinstance(detail, dict) and "non_field_errors" in detail:
        message = " ".join(str(m) for m in detail["non_field_errors"])
    elif fields:
        message = fields_message(fields)
    elif isinstance(detail, list):
        message = " ".join(str(m) for m in detail)
    else:
        message = str(detail)
    code = getattr(exc, "default_code", "error")
    response.data = error_body(code, message, fields)
    return response
