"""The HTTP answer carrying a report file, shared by the pages and the API."""

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def file_response(content: bytes, filename: str, content_type: str) -> HttpResponse:
    """An attachment named `filename` (non-ASCII names are sent RFC 6266-encoded)."""
    response = HttpResponse(bytes(content), content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Length"] = str(len(content))
    return response
