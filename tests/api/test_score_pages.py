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
def test_every_filter_combination_and_ordering_pages_like_the_orm(scored, ordering):
    run_id = ScoringRun.objects.get(assessment=scored).pk
    some_function = OptionScore.objects.filter(run_id=run_id).values_list("function_id", flat=True).first()
    values = {**FILTER_VALUES, "function_id": some_function}
    for size in range(len(values) + 1):
        for names in itertools.combinations(sorted(values), size):
            filters = {name: values[name] for name in names}
            for offset, limit in [(0, 100), (7, 13), (10_000, 100)]:
                got = ScoreRowsJSON(run_id, filters, ordering)[offset : offset + limit]
                assert got == orm_rows(run_id, filters, ordering, offset, limit), (filters, ordering, offset)


def test_a_page_is_one_query(scored, django_assert_num_queries):
    run_id = ScoringRun.objects.get(assessment=scored).pk
    rows = ScoreRowsJSON(run_id, {"location": "IN"}, ["-score"])
    rows[0:5]  # compiles
    with django_assert_num_queries(1):
        assert len(rows[0:5]) == 5


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
