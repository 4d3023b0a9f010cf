"""The scores listing's pages: cursor links by default; numbered pages (`page=`) kept for clients that use them.

The response has the shape it always had, `{"count", "next", "previous", "results"}`. `next` and `previous`
carry an opaque `cursor` (the sort values of the row the page ends or starts at, and the ordering it was made
for), so a client that follows the links reads every row once, in order, and a deep page costs what the first
does (assessments/selectors/score_pages.py). `?page=N` still answers the N-th page with page links, as the
first version of the API did; it is deprecated (README, OpenAPI) because its cost grows with N.
"""

import base64
import binascii
import json
import math
from functools import partial

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from assessments.selectors import score_pages
from outsourcing.api.pagination import KnownCountPaginator, Pagination

CURSOR_PARAM = "cursor"
PAGE_PARAM = "page"
MAX_ID = 2**63 - 1  # the largest value a database integer column holds
_TEXT_LIMIT = 100  # longer than any location code: a cursor is refused rather than sent to the database
_NEXT, _PREVIOUS = "n", "p"


def _terms(keys) -> list[str]:
    return [f"-{field}" if descending else field for field, descending in keys[:-1]]


def encode_cursor(direction: str, keys, values: tuple) -> str:
    payload = json.dumps([direction, _terms(keys), list(values)], separators=(",", ":"), allow_nan=False)
    return base64.urlsafe_b64encode(payload.encode("ascii")).decode("ascii").rstrip("=")


def _bad(message: str) -> ValidationError:
    return ValidationError({CURSOR_PARAM: [message]})


def _value(kind: type, value):
    if isinstance(value, bool):
        raise _bad("Not a cursor of this listing.")
    if kind is int and isinstance(value, int) and abs(value) <= MAX_ID:
        return value
    if kind is float and isinstance(value, int | float) and math.isfinite(value) and abs(value) < 1e300:
        return float(value)
    if kind is str and isinstance(value, str) and len(value) <= _TEXT_LIMIT and "\x00" not in value:
        try:
            value.encode("utf-8")  # a lone surrogate would fail in the database driver
        except UnicodeEncodeError:
            pass
        else:
            return value
    raise _bad("Not a cursor of this listing.")


def decode_cursor(text: str, keys) -> tuple[str, tuple]:
    """(direction, sort values) from a cursor made for the same ordering; a 400 naming `cursor` otherwise."""
    try:
        direction, terms, values = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError, RecursionError) as exc:
        raise _bad("Not a cursor of this listing: follow the `next` and `previous` links as given.") from exc
    if direction not in (_NEXT, _PREVIOUS) or not isinstance(values, list) or len(values) != len(keys):
        raise _bad("Not a cursor of this listing: follow the `next` and `previous` links as given.")
    if terms != _terms(keys):
        raise _bad("This cursor belongs to another ordering: ask again with the ordering it came with.")
    kinds = [score_pages.ORDERING_FIELDS.get(field, int) for field, _descending in keys]  # the id last: int
    return direction, tuple(_value(kind, value) for kind, value in zip(kinds, values, strict=True))


class ScorePagination(BasePagination):
    """`start()` reads the request's paging parameters; `fetch()` reads one page; then the response as always."""

    def start(self, request, ordering: list[str]) -> None:
        self.request = request
        self.keys = score_pages.sort_keys(ordering)
        self.ordering = ordering
        self.numbered = Pagination()
        self.size = self.numbered.get_page_size(request)
        params = request.query_params
        self.page_number = params.get(PAGE_PARAM)
        self.cursor = None
        if params.get(CURSOR_PARAM):
            if self.page_number:
                raise _bad("Give either cursor or page, not both.")
            self.cursor = decode_cursor(params[CURSOR_PARAM], self.keys)

    def fetch(self, assessment_id: int, user, filters: dict, count: int) -> int | None:
        """Read the page (the rows' run id, None when it is empty); a numbered page out of range is a 404."""
        self.count = count
        if self.page_number:
            self.numbered.django_paginator_class = partial(KnownCountPaginator, count=count)
            rows = score_pages.ScoreRowsAt(assessment_id, user, filters, self.ordering)
            self.rows = self.numbered.paginate_queryset(rows, self.request)
            return rows.run_id
        direction, values = self.cursor or (_NEXT, None)
        self.page = score_pages.score_page(
            assessment_id, user, filters, self.ordering, size=self.size,
            **({"before": values} if direction == _PREVIOUS else {"after": values}),
        )  # fmt: skip
        self.direction, self.rows = direction, self.page.rows
        return self.page.run_id

    def _link(self, direction: str, values: tuple) -> str:
        url = remove_query_param(self.request.build_absolute_uri(), PAGE_PARAM)
        return replace_query_param(url, CURSOR_PARAM, encode_cursor(direction, self.keys, values))

    def get_paginated_response(self, data) -> Response:
        if self.page_number:
            return self.numbered.get_paginated_response(data)
        page = self.page
        has_next = page.more if self.direction == _NEXT else True
        has_previous = page.more if self.direction == _PREVIOUS else self.cursor is not None
        return Response({
            "count": self.count,
            "next": self._link(_NEXT, page.last) if has_next and page.last is not None else None,
            "previous": self._link(_PREVIOUS, page.first) if has_previous and page.first is not None else None,
            "results": data,
        })  # fmt: skip

    def get_paginated_response_schema(self, schema: dict) -> dict:
        url = "http://api.example.org/api/v1/assessments/1/scores/?cursor="

        def link(cursor: str) -> dict:
            return {"type": "string", "nullable": True, "format": "uri", "example": url + cursor}

        return {"type": "object", "required": ["count", "results"], "properties": {
            "count": {"type": "integer", "example": 9250},
            "next": link(encode_cursor(_NEXT, score_pages.sort_keys(["function_id", "rank"]), (12, 100, 1300))),
            "previous": link(encode_cursor(_PREVIOUS, score_pages.sort_keys(["function_id", "rank"]), (12, 1, 1201))),
            "results": schema}}  # fmt: skip

    def get_schema_operation_parameters(self, view) -> list[dict]:
        return []  # listed with the action's own parameters (SCORE_PAGE_PARAMETERS)


SCORE_PAGE_PARAMETERS = [
    OpenApiParameter(CURSOR_PARAM, OpenApiTypes.STR, description=(
        "Where the page starts: take it from the `next` or `previous` link of the page before (opaque; made "
        "for one `ordering`). Without it, the first page.")),
    OpenApiParameter("page_size", OpenApiTypes.INT, description="Rows per page: 100 unless given, at most 1,000."),
    OpenApiParameter(PAGE_PARAM, OpenApiTypes.INT, deprecated=True, description=(
        "Deprecated: the N-th page, with `page=` links, as in the API's first version. Each page costs more the "
        "deeper it is; follow `next` instead. Not together with `cursor`.")),
]  # fmt: skip
