"""The scores endpoint's queries, compiled once (compiled_query.py): the latest scoped run, and a page.

The scoping is the selectors' own (`scope_to_user`), compiled with marker values; the page finds the
newest run the user may see in the same statement and returns the rows' JSON as stored with the run
(assessments/score_json.py), so a request binds a few ids and copies text. Same rows, same order and
same 404s as the plain ORM queries: tests/api/test_score_pages.py.
"""

from functools import lru_cache

from django.contrib.auth import get_user_model
from django.db.models import Subquery

from assessments.models import OptionScore, ScoringRun
from assessments.selectors.compiled_query import CompiledQuery
from assessments.selectors.scoping import scope_to_user

# Query parameter -> (lookup, type); ordering fields are checked by the caller.
SCORE_FILTERS = {
    "function": ("function_id", int),
    "min_score": ("score__gte", float),
    "engagement": ("engagement", str),
    "sourcing_model": ("sourcing_model", str),
    "location": ("location", str),
}


def _member(user_id: int):
    # Only its id reaches the SQL: scope_to_user filters on the user's memberships.
    return get_user_model()(pk=user_id)


def _latest_run(assessment_id: int, user_id: int):
    return scope_to_user(ScoringRun.objects.filter(assessment_id=assessment_id), _member(user_id))


_LATEST_RUN = CompiledQuery(
    lambda assessment_id, user_id: _latest_run(assessment_id, user_id).values_list("pk", "created_at")[:1],
    assessment_id=int,
    user_id=int,
)


def latest_run_key(assessment_id: int, user) -> tuple[int, object] | None:
    """(id, created_at) of the assessment's newest scoring run, if the user may see the assessment.

    A key for caches: created_at comes as the database driver gives it (naive on SQLite).
    """
    if not getattr(user, "is_authenticated", False):
        return None
    found = _LATEST_RUN.rows(assessment_id=assessment_id, user_id=user.pk)
    return tuple(found[0]) if found else None


@lru_cache(maxsize=256)  # one compiled query per combination of filters and ordering asked for
def _page_query(lookups: tuple[str, ...], ordering: tuple[str, ...]) -> CompiledQuery:
    """A page of the newest run's rows, the run found (and scoped) inside the same statement."""
    kinds = {lookup: kind for lookup, kind in SCORE_FILTERS.values() if lookup in lookups}
    return CompiledQuery(
        lambda assessment_id, user_id, **filters: OptionScore.objects.filter(
            run_id=Subquery(_latest_run(assessment_id, user_id).values("pk")[:1]), **filters
        )
        .order_by(*ordering, "pk")  # the id breaks ties, so pages stay stable between requests
        .values_list("row_json", "run_id"),
        paged=True,
        assessment_id=int,
        user_id=int,
        **kinds,
    )


class ScoreRowsJSON:
    """The newest run's score rows (as JSON text) that the user may see, for some filters, in order.

    The paginator slices out one page: one query, which also finds the run, so `run_id` afterwards
    says which run the page came from (None for an empty page: nothing matched, or nothing visible).
    Run ids are never reused (identity columns; AUTOINCREMENT on SQLite), so the id names the run.
    """

    def __init__(self, assessment_id: int, user, filters: dict, ordering: list[str]):
        self.assessment_id, self.user_id = assessment_id, user.pk
        self.filters, self.ordering = filters, tuple(ordering)
        self.run_id: int | None = None

    def __getitem__(self, page: slice) -> list[str]:
        if not isinstance(page, slice) or page.step is not None or page.start is None or page.stop is None:
            raise TypeError("Score rows are read a page at a time")
        query = _page_query(tuple(sorted(self.filters)), self.ordering)
        rows = query.rows(limit=max(page.stop - page.start, 0), offset=page.start, assessment_id=self.assessment_id,
                          user_id=self.user_id, **self.filters)  # fmt: skip
        self.run_id = rows[0][1] if rows else None
        return [text for text, _run in rows]
