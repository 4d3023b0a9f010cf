"""The scores endpoint's compiled queries give what the plain ORM queries give, and scope like them."""

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser

from assessments.models import OptionScore, ScoringRun
from assessments.selectors.compiled_query import CompiledQuery
from assessments.selectors.score_pages import ScoreRowsJSON, latest_run_key

FILTER_VALUES = {"engagement": "selective", "sourcing_model": "offshore", "location": "IN", "score__gte": 55.0}
ORDERINGS = [["function_id", "rank"], ["-score"], ["location", "-rank"], ["-function_id", "score"]]


def orm_rows(run_id, filters, ordering, offset, limit):
    queryset = OptionScore.objects.filter(run_id=run_id, **filters).order_by(*ordering, "pk")
    return list(queryset.values_list("row_json", flat=True)[offset : offset + limit])


@pytest.mark.parametrize("ordering", ORDERINGS)
def test_every_filter_combination_and_ordering_pages_like_the_orm(scored, manager, ordering):
    run_id = ScoringRun.objects.get(assessment=scored).pk
    some_function = OptionScore.objects.filter(run_id=run_id).values_list("function_id", flat=True).first()
    values = {**FILTER_VALUES, "function_id": some_function}
    for size in range(len(values) + 1):
        for names in itertools.combinations(sorted(values), size):
            filters = {name: values[name] for name in names}
            for offset, limit in [(0, 100), (7, 13), (10_000, 100)]:
                rows = ScoreRowsJSON(scored.pk, manager, filters, ordering)
                got = rows[offset : offset + limit]
                assert got == orm_rows(run_id, filters, ordering, offset, limit), (filters, ordering, offset)
                assert rows.run_id == (None if not got else latest_run_key(scored.pk, manager)[0])


def test_a_page_is_one_query_that_finds_the_newest_visible_run_itself(scored, manager, outsider,
                                                                     django_assert_num_queries):
    rows = ScoreRowsJSON(scored.pk, manager, {"location": "IN"}, ["-score"])
    rows[0:5]  # compiles
    with django_assert_num_queries(1):
        assert len(rows[0:5]) == 5
    assert ScoreRowsJSON(scored.pk, outsider, {}, ["rank"])[0:5] == []
    newer = ScoringRun.objects.create(assessment=scored, weights={}, inputs={}, inputs_hash="x")
    empty = ScoreRowsJSON(scored.pk, manager, {}, ["rank"])
    assert empty[0:5] == [] and empty.run_id is None  # the newest run (no rows yet) is the one read
    assert latest_run_key(scored.pk, manager)[0] == newer.pk


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


def test_a_parameter_the_orm_rewrites_is_refused_rather_than_bound_wrongly(db):
    query = CompiledQuery(lambda name: OptionScore.objects.filter(option_id__icontains=name), name=str)
    with pytest.raises(ValueError, match="did not bind"):
        query.rows(name="x")


def test_values_of_the_wrong_type_or_name_are_refused(db):
    query = CompiledQuery(lambda run_id: OptionScore.objects.filter(run_id=run_id).values_list("pk"), run_id=int)
    with pytest.raises(TypeError, match="run_id must be int"):
        query.rows(run_id="1")
    with pytest.raises(TypeError, match="Expected values"):
        query.rows(run=1)
    with pytest.raises(TypeError, match="paged"):
        query.rows(run_id=1, limit=5)
    with pytest.raises(TypeError, match="int, float or str"):
        CompiledQuery(lambda when: OptionScore.objects.none(), when=list)


def test_a_value_equal_to_a_marker_is_still_bound_as_given(scored):
    # Values are bound by position, never matched against the markers at run time.
    query = CompiledQuery(lambda loc: OptionScore.objects.filter(location=loc).values_list("location"), loc=str)
    assert query.rows(loc="compiled-query-marker:loc") == []
    assert {loc for (loc,) in query.rows(loc="IN")} == {"IN"}


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


def test_a_repeated_request_costs_one_query_beyond_authentication(api, manager, scored, django_assert_num_queries):
    api.force_authenticate(manager)
    first = api.get(scores_url(scored, "?page_size=5&location=IN"))
    with django_assert_num_queries(1):
        again = api.get(scores_url(scored, "?page_size=5&location=IN"))
    assert again.status_code == 200 and again.json() == first.json() and first.json()["count"] > 5


def test_a_member_removed_after_a_cached_count_gets_404_on_every_page(api, manager, scored):
    from assessments.models import Membership

    api.force_authenticate(manager)
    assert api.get(scores_url(scored)).status_code == 200  # the count is cached for this user
    Membership.objects.filter(user=manager).delete()
    for query in ["", "?page=2", "?page=999999"]:
        response = api.get(scores_url(scored, query))
        assert response.status_code == 404 and response.json()["message"] != "Invalid page.", query


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


@pytest.mark.parametrize("pk", ["abc", "0", "-3", str(2**70)])
def test_what_is_not_an_assessment_id_is_404(api, manager, scored, pk):
    api.force_authenticate(manager)
    response = api.get(f"/api/v1/assessments/{pk}/scores/")
    assert response.status_code == 404 and set(response.json()) == {"code", "message", "fields"}
