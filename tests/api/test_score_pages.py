"""The scores endpoint's pages: the plain scoped ORM query's rows, in its order, cut by cursor (keyset)."""

import base64
import json

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import OptionScore, ScoringRun
from assessments.selectors import score_pages
from assessments.selectors.score_pages import ScoreRowsAt, latest_run_key, score_page

FILTER_VALUES = {"engagement": "selective", "sourcing_model": "offshore", "location": "IN", "score__gte": 55.0}
ORDERINGS = [["function_id", "rank"], ["-score"], ["location", "-rank"], ["-function_id", "score"],
             ["rank", "location", "-score"], ["score", "-score"], ["-location"], []]  # fmt: skip


def orm_rows(run_id, filters, ordering):
    queryset = OptionScore.objects.filter(run_id=run_id, **filters).order_by(*ordering, "pk")
    return list(queryset.values_list("row_json", flat=True))


def walk(assessment_id, user, filters, ordering, size):
    """Every page from the first, following each page's last row; the pages as read."""
    pages, after = [], None
    while True:
        page = score_page(assessment_id, user, filters, ordering, size=size, after=after)
        pages.append(page)
        if not page.more:
            return pages
        after = page.last


def filter_sets(function_id):
    values = {**FILTER_VALUES, "function_id": function_id}
    return [{}, *({name: value} for name, value in values.items()), values]


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_following_every_page_gives_the_orm_rows_in_order_and_walking_back_the_same_pages(scored, manager, ordering):
    run_id = ScoringRun.objects.get(assessment=scored).pk
    some_function = OptionScore.objects.filter(run_id=run_id).values_list("function_id", flat=True).first()
    for filters in filter_sets(some_function):
        expected = orm_rows(run_id, filters, ordering)
        for size in (100, 13):
            pages = walk(scored.pk, manager, filters, ordering, size)
            assert [row for page in pages for row in page.rows] == expected, (filters, ordering, size)
            assert all(len(page.rows) == size for page in pages[:-1])
            assert all(page.run_id == run_id for page in pages if page.rows)
            for earlier, later in zip(pages, pages[1:], strict=False):  # back from each page: the one before it
                back = score_page(scored.pk, manager, filters, ordering, size=size, before=later.first)
                assert back.rows == earlier.rows and back.more == (earlier is not pages[0])


def test_a_page_after_the_last_row_is_empty(scored, manager):
    last = walk(scored.pk, manager, {}, ["-score"], 1000)[-1]
    page = score_page(scored.pk, manager, {}, ["-score"], size=100, after=last.last)
    assert page.rows == [] and page.run_id is None and not page.more


def test_a_deep_page_is_read_from_its_cursor_without_an_offset(scored, manager):
    pages = walk(scored.pk, manager, {}, ["function_id", "rank"], 100)
    with CaptureQueriesContext(connection) as queries:
        deep = score_page(scored.pk, manager, {}, ["function_id", "rank"], size=100, after=pages[3].last)
    assert deep.rows == pages[4].rows and len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "OFFSET" not in sql and "LIMIT 101" in sql


def test_a_page_is_one_query_that_finds_the_newest_visible_run_itself(scored, manager, outsider,
                                                                     django_assert_num_queries):  # fmt: skip
    with django_assert_num_queries(1):
        assert len(score_page(scored.pk, manager, {"location": "IN"}, ["-score"], size=5).rows) == 5
    assert score_page(scored.pk, outsider, {}, ["rank"], size=5).rows == []
    newer = ScoringRun.objects.create(assessment=scored, weights={}, inputs={}, inputs_hash="x")
    empty = score_page(scored.pk, manager, {}, ["rank"], size=5)
    assert empty.rows == [] and empty.run_id is None  # the newest run (no rows yet) is the one read
    assert latest_run_key(scored.pk, manager)[0] == newer.pk


def test_the_scoping_rule_applied_is_the_ordinary_one_with_the_requests_user(scored, manager, monkeypatch):
    # A rule that reads a field of the user other than its id (the compiled queries before bound only the id).
    ordinary = score_pages.scope_to_user

    def active_members_only(queryset, user):
        return ordinary(queryset, user) if user.is_active else queryset.none()

    monkeypatch.setattr(score_pages, "scope_to_user", active_members_only)
    assert score_page(scored.pk, manager, {}, ["rank"], size=5).rows and latest_run_key(scored.pk, manager)
    manager.is_active = False
    assert score_page(scored.pk, manager, {}, ["rank"], size=5).rows == []
    assert latest_run_key(scored.pk, manager) is None and ScoreRowsAt(scored.pk, manager, {}, ["rank"])[0:5] == []


@pytest.mark.parametrize("ordering", [["function_id", "rank"], ["-score"], ["location", "-rank"]])
def test_numbered_pages_are_the_orm_rows_at_their_offsets(scored, manager, ordering):
    run_id = ScoringRun.objects.get(assessment=scored).pk
    expected = orm_rows(run_id, {}, ordering)
    for offset, limit in [(0, 100), (7, 13), (10_000, 100)]:
        rows = ScoreRowsAt(scored.pk, manager, {}, ordering)
        assert rows[offset : offset + limit] == expected[offset : offset + limit]
        assert rows.run_id == (run_id if offset < len(expected) else None)


def test_the_latest_run_key_only_for_members_of_the_assessments_organisation(scored, manager, viewer, outsider):
    run = ScoringRun.objects.get(assessment=scored)
    assert latest_run_key(scored.pk, manager)[0] == run.pk
    assert latest_run_key(scored.pk, viewer) == latest_run_key(scored.pk, manager)
    assert latest_run_key(scored.pk, outsider) is None
    assert latest_run_key(scored.pk, AnonymousUser()) is None
    assert latest_run_key(scored.pk + 10_000, manager) is None


def test_the_latest_run_key_is_the_newest_run(scored, manager):
    older = ScoringRun.objects.get(assessment=scored)
    newer = ScoringRun.objects.create(assessment=scored, weights={}, inputs={}, inputs_hash="x")
    assert latest_run_key(scored.pk, manager)[0] == newer.pk != older.pk


def test_a_draft_has_no_run(complete, manager):
    assert latest_run_key(complete.pk, manager) is None


@pytest.mark.parametrize("name", ["engagement", "sourcing_model", "location"])
def test_a_nul_character_in_a_text_filter_is_a_400_naming_the_field(api, manager, scored, name):
    api.force_authenticate(manager)
    response = api.get(f"/api/v1/assessments/{scored.pk}/scores/", {name: "IN\x00"})
    assert response.status_code == 400 and name in response.json()["fields"]


@pytest.mark.parametrize("url", ["/api/v1/assessments/?search=a%00b", "/api/v1/locations/?search=%00"])
def test_a_nul_character_in_a_search_is_a_400_too(api, manager, scored, url):
    api.force_authenticate(manager)
    assert api.get(url).status_code == 400


def scores_url(assessment, query=""):
    return f"/api/v1/assessments/{assessment.pk}/scores/{query}"


def test_following_next_reads_every_row_once_and_previous_leads_back(api, manager, scored):
    api.force_authenticate(manager)
    url, pages = scores_url(scored, "?ordering=-score,location&page_size=60&engagement=total"), []
    while url:
        body = api.get(url).json()
        pages.append(body)
        url = body["next"]
    stored = OptionScore.objects.filter(run__assessment=scored, engagement="total").order_by("-score", "location", "pk")
    expected = [json.loads(text) for text in stored.values_list("row_json", flat=True)]
    assert [row for page in pages for row in page["results"]] == expected
    assert len(pages) > 2 and {page["count"] for page in pages} == {len(expected)}
    assert pages[0]["previous"] is None and all("cursor=" in page["previous"] for page in pages[1:])
    back = api.get(pages[-1]["previous"]).json()
    assert back["results"] == pages[-2]["results"] and back["next"] is not None


def test_a_numbered_page_answers_as_in_the_first_version_with_page_links(api, manager, scored):
    api.force_authenticate(manager)
    body = api.get(scores_url(scored, "?page=2&page_size=10&ordering=-score")).json()
    expected = OptionScore.objects.filter(run__assessment=scored).order_by("-score", "pk")[10:20]
    assert body["results"] == [json.loads(row.row_json) for row in expected]
    assert "page=3" in body["next"] and "page_size=10" in body["previous"] and "cursor" not in body["next"]


def _cursor(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize("query", [
    "?cursor=not-a-cursor", "?cursor=" + _cursor(["n", ["-score"], [50.0, 1]]),  # made for another ordering
    "?cursor=" + _cursor(["n", ["function_id", "rank"], ["1", 2, 3]]), "?cursor=" + _cursor(["x", [], [1]]),
    "?cursor=" + _cursor(["n", ["location"], ["\ud800", 3]]) + "&ordering=location",
    "?cursor=" + _cursor(["n", ["location"], ["I\x00N", 3]]) + "&ordering=location",
    "?cursor=" + _cursor(["n", ["function_id", "rank"], [2**70, 1, 1]]), "?cursor=" + _cursor({"n": 1}),
    "?cursor=" + _cursor(["n", ["-score"], [True, 1]]) + "&ordering=-score",
    "?page=2&cursor=" + _cursor(["n", ["function_id", "rank"], [1, 1, 1]]),
])  # fmt: skip
def test_a_cursor_that_is_not_one_of_this_listings_is_a_400_naming_cursor(api, manager, scored, query):
    api.force_authenticate(manager)
    response = api.get(scores_url(scored, query))
    assert response.status_code == 400 and set(response.json()["fields"]) == {"cursor"}, response.content


def test_a_repeated_request_costs_one_query_beyond_authentication(api, manager, scored, django_assert_num_queries):
    api.force_authenticate(manager)
    first = api.get(scores_url(scored, "?page_size=5&location=IN"))
    with django_assert_num_queries(1):
        again = api.get(scores_url(scored, "?page_size=5&location=IN"))
    assert again.status_code == 200 and again.json() == first.json() and first.json()["count"] > 5
    with django_assert_num_queries(1):
        assert api.get(first.json()["next"]).status_code == 200


def test_a_member_removed_after_a_cached_count_gets_404_on_every_page(api, manager, scored):
    from assessments.models import Membership

    api.force_authenticate(manager)
    first = api.get(scores_url(scored)).json()  # the count is cached for this user
    Membership.objects.filter(user=manager).delete()
    for url in [scores_url(scored), first["next"], scores_url(scored, "?page=2"), scores_url(scored, "?page=999999")]:
        response = api.get(url)
        assert response.status_code == 404 and response.json()["message"] != "Invalid page.", url


def test_a_new_run_after_a_cached_count_is_counted_again(api, manager, scored):
    from assessments.services.scoring import assessment_score
    from outsourcing.models import Location

    api.force_authenticate(manager)
    before = api.get(scores_url(scored)).json()["count"]
    scored.excluded_locations.add(Location.objects.get(iso2="IN"))
    assessment_score(assessment=scored)
    after = api.get(scores_url(scored)).json()
    assert after["count"] == OptionScore.objects.filter(run__assessment=scored).count() < before
    assert all(row["location"] != "IN" for row in after["results"])


def test_an_out_of_range_page_is_404_invalid_page_for_a_member(api, manager, scored):
    api.force_authenticate(manager)
    api.get(scores_url(scored))
    response = api.get(scores_url(scored, "?page=999999"))
    assert response.status_code == 404 and response.json()["message"] == "Invalid page."


def test_a_cursor_past_the_last_row_is_an_empty_page_for_a_member(api, manager, scored):
    api.force_authenticate(manager)
    last = OptionScore.objects.filter(run__assessment=scored).order_by("function_id", "rank", "pk").last()
    cursor = _cursor(["n", ["function_id", "rank"], [last.function_id, last.rank, last.pk]])
    body = api.get(scores_url(scored, "?cursor=" + cursor)).json()
    assert body["results"] == [] and body["next"] is None and body["count"] > 0


@pytest.mark.parametrize("pk", ["abc", "0", "-3", str(2**70)])
def test_what_is_not_an_assessment_id_is_404(api, manager, scored, pk):
    api.force_authenticate(manager)
    response = api.get(f"/api/v1/assessments/{pk}/scores/")
    assert response.status_code == 404 and set(response.json()) == {"code", "message", "fields"}
