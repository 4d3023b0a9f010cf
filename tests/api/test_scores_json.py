"""The scores endpoint sends the stored values unchanged: each row's JSON, encoded once when its run was stored."""

import json

from rest_framework.renderers import JSONRenderer

from assessments.api.raw_json import RawJSON, RawJSONRenderer
from assessments.models import OptionScore
from assessments.services.scoring import assessment_score
from outsourcing.models import Location

ORIGINAL_FIELDS = ["function_id", "option_id", "engagement", "sourcing_model", "location", "is_baseline", "score",
                   "rank", "delta_vs_baseline", "contributions", "risks"]  # fmt: skip
# added after them with the hard limits (assessments/domain/score_row_json.py LIMIT_FIELDS)
FIELDS = [*ORIGINAL_FIELDS, "excluded", "exclusion_reasons", "above_risk_appetite", "risk_override"]


def stored_rows(assessment, **filters):
    rows = OptionScore.objects.filter(run__assessment=assessment, **filters).order_by("function_id", "rank")
    return json.loads(JSONRenderer().render(list(rows.values(*FIELDS))))  # what the endpoint sent before


def test_every_score_row_is_the_stored_row_with_the_same_keys_order_and_number_types(api, manager, scored):
    api.force_authenticate(manager)
    response = api.get(f"/api/v1/assessments/{scored.pk}/scores/?page_size=1000")
    body = response.json()
    expected = stored_rows(scored)
    assert body["count"] == len(expected) and body["results"] == expected
    assert all(list(row) == FIELDS for row in body["results"])
    # A whole float (the baseline's delta is 0.0) stays a float, as Python's encoder writes it.
    assert all(isinstance(row[f], float) for row in body["results"] for f in ("score", "delta_vs_baseline"))
    # The page is the rows' stored text, byte for byte, in the endpoint's order.
    texts = OptionScore.objects.filter(run__assessment=scored).order_by("function_id", "rank", "pk")
    assert response.content.endswith(("[" + ",".join(texts.values_list("row_json", flat=True)) + "]}").encode())


def test_the_stored_row_json_is_the_rows_own_columns(scored):
    for score in OptionScore.objects.filter(run__assessment=scored):
        row = json.loads(score.row_json)
        assert list(row) == FIELDS
        assert row == {name: getattr(score, name) for name in FIELDS}


def test_the_cached_count_follows_the_filters_and_a_new_run(api, manager, scored):
    api.force_authenticate(manager)
    url = f"/api/v1/assessments/{scored.pk}/scores/"
    total = api.get(url).json()["count"]
    offshore = api.get(url + "?sourcing_model=offshore").json()["count"]
    assert total == len(stored_rows(scored)) and offshore == len(stored_rows(scored, sourcing_model="offshore"))
    assert 0 < offshore < total and api.get(url).json()["count"] == total
    scored.excluded_locations.add(Location.objects.get(iso2="IN"))
    assessment_score(assessment=scored)  # replaces the run (on SQLite it may even get the same id)
    rescored = api.get(url).json()
    assert rescored["count"] == len(stored_rows(scored)) < total
    assert all(row["location"] != "IN" for row in rescored["results"])


def test_renderer_splices_raw_json_and_escapes_line_separators_like_drf():
    data = {"count": 1, "next": None, "results": [{"id": 1, "name": "a\u2028b", "doc": RawJSON('{"x": [1, 2.5]}')}]}
    rendered = RawJSONRenderer().render(data)
    assert rendered == b'{"count":1,"next":null,"results":[{"id":1,"name":"a\\u2028b","doc":{"x": [1, 2.5]}}]}'
    assert json.loads(rendered)["results"][0]["doc"] == {"x": [1, 2.5]}
    error = {"code": "invalid", "fields": {"min_score": ["Must be a number."]}}
    assert json.loads(RawJSONRenderer().render(error)) == error
    pretty = RawJSONRenderer().render(data, "application/json; indent=2")
    assert b'\n  "results"' in pretty and json.loads(pretty) == json.loads(rendered)


def test_ids_too_large_for_the_database_are_404_or_400_never_500(api, manager, scored):
    api.force_authenticate(manager)
    huge = 2**120
    response = api.get(f"/api/v1/assessments/{huge}/scores/")
    assert response.status_code == 404 and set(response.json()) == {"code", "message", "fields"}
    response = api.get(f"/api/v1/assessments/{scored.pk}/scores/?function={huge}")
    assert response.status_code == 400 and "function" in response.json()["fields"]


def test_the_migration_encodes_rows_stored_before_it_like_the_scoring_service(scored, monkeypatch):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("assessments.migrations.0006_optionscore_row_json")
    written = dict(OptionScore.objects.values_list("pk", "row_json"))
    OptionScore.objects.update(row_json="")
    monkeypatch.setattr(migration, "BATCH", 7)  # several batches, the last one short
    migration.encode_stored_rows(apps, SimpleNamespace(connection=connection))
    backfilled = dict(OptionScore.objects.values_list("pk", "row_json"))
    assert backfilled.keys() == written.keys() and len(written) > 7
    # the original keys as the service writes them; the limit keys a row had before the limits (none excluded)
    def original(text):
        return {k: json.loads(text)[k] for k in ORIGINAL_FIELDS}

    assert all(original(backfilled[pk]) == original(written[pk]) for pk in written)
    assert all(list(json.loads(text)) == FIELDS for text in backfilled.values())
    assert not any(json.loads(text)["excluded"] for text in backfilled.values())


def test_the_score_rows_of_an_excluded_option_carry_its_reasons(api, manager, scored):
    function = scored.functions.first()
    function.required_languages = ["Korean"]
    function.save(update_fields=["required_languages"])
    assessment_score(assessment=scored)
    excluded = OptionScore.objects.filter(run__assessment=scored, excluded=True)
    assert set(excluded.values_list("function_id", flat=True)) == {function.pk}
    kenya = excluded.get(option_id="total|offshore|KE")
    assert [r["text_en"] for r in kenya.exclusion_reasons] == ["Korean is not a main business language in Kenya."]
    api.force_authenticate(manager)
    rows = api.get(f"/api/v1/assessments/{scored.pk}/scores/?function={function.pk}&location=KE").json()["results"]
    assert {row["excluded"] for row in rows} == {True} and rows[0]["exclusion_reasons"][0]["code"] == "language"
    for score in excluded[:20]:
        row = json.loads(score.row_json)
        assert row["excluded"] is True and row["exclusion_reasons"] == score.exclusion_reasons
        assert all({"code", "detail", "text_en", "text_ko"} <= set(r) for r in row["exclusion_reasons"])
