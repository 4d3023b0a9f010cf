"""The scores endpoint's reads: the newest run a user may see, and its rows a page at a time, as stored JSON.

Every query is the ordinary scoped queryset (`scope_to_user` with the request's user), so a scoping rule that
reads any field of the user applies here as everywhere. A page finds the newest visible run inside its own
statement (a subquery) and returns the rows' JSON as encoded when the run was stored
(assessments/domain/score_row_json.py), so a request copies text.

Pages are cut by keyset ("cursor"): a page after (or before) a row is the rows that sort after (or before)
its values in the page's ordering, with the row id as the last key, so every page costs what the first does;
an OFFSET made PostgreSQL read and sort every row before a deep page. `score_rows_at` keeps the numbered
pages of the endpoint's first version for the clients that still ask for `page=` (slower the deeper they go).
Same rows, same order as the plain ORM query: tests/api/test_score_pages.py.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q, QuerySet, Subquery

from assessments.models import OptionScore, ScoringRun
from assessments.selectors.scoping import scope_to_user

# Query parameter -> (lookup, type); ordering fields are checked by the caller.
SCORE_FILTERS = {
    "function": ("function_id", int),
    "min_score": ("score__gte", float),
    "engagement": ("engagement", str),
    "sourcing_model": ("sourcing_model", str),
    "location": ("location", str),
}
# The fields a client may order by (each also descending, "-score"), and the type of each in a cursor.
ORDERING_FIELDS = {"score": float, "rank": int, "function_id": int, "location": str}
DEFAULT_ORDERING = ("function_id", "rank")


def _newest_run(assessment_id: int, user) -> QuerySet:
    return scope_to_user(ScoringRun.objects.filter(assessment_id=assessment_id), user).order_by("-created_at", "-id")


def latest_run_key(assessment_id: int, user) -> tuple[int, object] | None:
    """(id, created_at) of the assessment's newest scoring run, if the user may see the assessment.

    A key for caches: created_at comes as the database driver gives it (naive on SQLite).
    """
    found = _newest_run(assessment_id, user).values_list("pk", "created_at").first()
    return tuple(found) if found else None


def sort_keys(ordering: list[str]) -> tuple[tuple[str, bool], ...]:
    """(field, descending) per ordering term, each field once (a repeat cannot change the order), then the id."""
    keys, seen = [], set()
    for term in ordering:
        field = term.removeprefix("-")
        if field not in seen:
            seen.add(field)
            keys.append((field, term.startswith("-")))
    return (*keys, ("pk", False))


def _rows(assessment_id: int, user, filters: dict) -> QuerySet:
    """The newest visible run's rows for the filters; the run found (and scoped) inside the same statement."""
    return OptionScore.objects.filter(run_id=Subquery(_newest_run(assessment_id, user).values("pk")[:1]), **filters)


def _beyond(keys: tuple[tuple[str, bool], ...], values: tuple) -> Q:
    """Rows that sort after `values` in the order `keys`: (a > x) or (a = x and b > y) or ... (< where descending).

    The first key's own bound (a >= x) is added too: the same rows, and it lets an index on (run, a, ...) start
    at the cursor instead of reading every row before it.
    """
    clauses = []
    for index, (field, descending) in enumerate(keys):
        equal = {name: value for (name, _desc), value in zip(keys[:index], values[:index], strict=True)}
        clauses.append(Q(**equal, **{f"{field}__{'lt' if descending else 'gt'}": values[index]}))
    first, descending = keys[0]
    return Q(**{f"{first}__{'lte' if descending else 'gte'}": values[0]}) & reduce(or_, clauses)


@dataclass(frozen=True)
class ScorePage:
    """A page of score rows (JSON text) and what the links need: the sort values of its first and last rows."""

    rows: list[str]
    run_id: int | None  # the run the rows came from; None for an empty page (nothing matched, or nothing visible)
    first: tuple | None
    last: tuple | None
    more: bool  # another row lies beyond the page in the direction it was read


def score_page(assessment_id: int, user, filters: dict, ordering: list[str], *, size: int,
               after: tuple | None = None, before: tuple | None = None) -> ScorePage:  # fmt: skip
    """The `size` rows after the sort values `after` (or before `before`, or the first rows), in the page's order.

    One query, which finds the newest run the user may see itself: `run_id` then says which run answered.
    Run ids are never reused (identity columns; AUTOINCREMENT on SQLite), so the id names the run.
    """
    keys = sort_keys(ordering)
    fields = [field for field, _descending in keys]
    backwards = before is not None
    read = tuple((field, descending != backwards) for field, descending in keys)  # a page before: read in reverse
    queryset = _rows(assessment_id, user, filters)
    cursor = before if backwards else after
    if cursor is not None:
        queryset = queryset.filter(_beyond(read, cursor))
    order = [f"-{field}" if descending else field for field, descending in read]
    found = list(queryset.order_by(*order).values_list("row_json", "run_id", *fields)[: size + 1])
    more, found = len(found) > size, found[:size]
    if backwards:
        found.reverse()
    if not found:
        return ScorePage(rows=[], run_id=None, first=None, last=None, more=more)
    return ScorePage(rows=[row[0] for row in found], run_id=found[0][1], first=tuple(found[0][2:]),
                     last=tuple(found[-1][2:]), more=more)  # fmt: skip


class ScoreRowsAt:
    """The rows by position, for the numbered pages (`page=`) that DRF's paginator slices out of it.

    Each slice is one query with LIMIT/OFFSET over the same scoped queryset as `score_page`; `run_id` afterwards
    says which run the slice came from (None for an empty slice).
    """

    def __init__(self, assessment_id: int, user, filters: dict, ordering: list[str]):
        keys = sort_keys(ordering)
        order = [f"-{field}" if descending else field for field, descending in keys]
        self._queryset = _rows(assessment_id, user, filters).order_by(*order).values_list("row_json", "run_id")
        self.run_id: int | None = None

    def __getitem__(self, page: slice) -> list[str]:
        if not isinstance(page, slice) or page.step is not None or page.start is None or page.stop is None:
            raise TypeError("Score rows are read a page at a time")
        found = list(self._queryset[page.start : max(page.start, page.stop)])
        self.run_id = found[0][1] if found else None
        return [text for text, _run in found]
