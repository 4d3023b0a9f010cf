from django.core.paginator import Paginator
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from outsourcing.api.fields import ASCII_NUMBER

MAX_PAGE = 2**31 - 1  # far past any real page; a larger number is refused rather than counted


def _whole_number(request, name: str, *, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if not ASCII_NUMBER.fullmatch(raw.strip()) or not raw.strip().lstrip("+").isdigit():
        raise ValidationError({name: [f"A whole number from {low} to {high:,} is expected."]})
    value = int(raw)
    if not low <= value <= high:
        raise ValidationError({name: [f"A whole number from {low} to {high:,} is expected."]})
    return value


class Pagination(PageNumberPagination):
    """DRF's page numbers, read strictly: a page or page size that is not a whole number in range is a 400
    naming it (DRF would fall back to the default size, or answer 404), as the schema's bounds say."""

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def get_page_size(self, request):
        size = _whole_number(request, self.page_size_query_param, low=1, high=self.max_page_size)
        return self.page_size if size is None else size

    def get_page_number(self, request, paginator):
        number = _whole_number(request, self.page_query_param, low=1, high=MAX_PAGE)
        return 1 if number is None else number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_PAGE)
            elif parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


class KnownCountPaginator(Paginator):
    """A Django paginator told its total instead of running COUNT(*): for callers that know it (from a cache)."""

    def __init__(self, object_list, per_page, *, count: int, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @property
    def count(self) -> int:
        return self._known_count
