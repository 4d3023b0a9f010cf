"""The API reads JSON only, through this parser: size-limited, depth-limited and checked for text the database
cannot store before any serializer sees it.

Every body of every API operation comes through here (REST_FRAMEWORK["DEFAULT_PARSER_CLASSES"]), so new
endpoints get the same checks without doing anything. Errors use the API's one shape:
413 `too_large`, 400 `parse_error` (not JSON, or nested too deep), 400 `invalid` naming the field that
holds a NUL character or a lone surrogate.
"""

import json

from django.conf import settings
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser
from rest_framework.settings import api_settings
from rest_framework.utils.json import strict_constant

from outsourcing.api.errors import PayloadTooLarge
from outsourcing.domain.text import DEPTH_PROBLEM, MAX_JSON_DEPTH, find_bad_text, nested_deeper_than

TOO_DEEP = f"JSON parse error - the body {DEPTH_PROBLEM}."


def body_limit() -> int:
    """The largest body the API reads, in bytes (Django's DATA_UPLOAD_MAX_MEMORY_SIZE, one setting for both)."""
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440


def raise_for_bad_text(data) -> None:
    """400 naming each field that holds text the database cannot store (or nesting deeper than allowed)."""
    problems = find_bad_text(data, max_depth=MAX_JSON_DEPTH)
    if problems:
        raise ValidationError({(field or "non_field_errors"): messages for field, messages in problems.items()})


class GuardedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = body_limit()
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise PayloadTooLarge(limit)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            reason = f"{exc.reason} at byte {exc.start}"
            raise ParseError(f"JSON parse error - the body is not UTF-8 text ({reason}).") from None
        try:
            data = json.loads(text, parse_constant=strict_constant if api_settings.STRICT_JSON else None)
        except RecursionError:  # deeper than Python's own parser goes
            raise ParseError(TOO_DEEP) from None
        except ValueError as exc:
            raise ParseError(f"JSON parse error - {exc}") from None
        if nested_deeper_than(data):
            raise ParseError(TOO_DEEP)
        raise_for_bad_text(data)
        return data
