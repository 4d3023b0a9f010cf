"""Generated text (NUL, lone surrogates, RTL marks, 100 kB strings, any Unicode) in every text slot of the API
and of the forms, and JSON nested deeper than any parser should follow: never a server error (issue 20).

The API's slots come from its own schema (every string path parameter, query parameter and body field of
every operation), each sent on top of a valid request so that the text would reach the database; the forms'
from their fields. Runs on PostgreSQL in CI (.ci/run step 2), where NUL fails inside the driver.
"""

import json
from urllib.parse import quote, urlencode

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from assessments.models import Membership
from tests.factories import AssessmentFactory, BusinessFunctionFactory, MembershipFactory, OrganisationFactory

# A 100 kB value in a failing example makes Hypothesis warn that its report is large: expected here.
pytestmark = pytest.mark.filterwarnings("ignore::hypothesis.errors.HypothesisWarning")
LONG = 100_000
TEXT = st.one_of(
    st.text(max_size=40),  # any code point Hypothesis draws, NUL and control characters included
    st.sampled_from(["\x00", "a\x00b", "\ud800", "x\udfffy", "\u200f\u202eplan\u202c", "\u061c\u2067x\u2069"]),
    st.text(alphabet=st.characters(categories=["Cs"]), min_size=1, max_size=3),  # lone surrogates only
    st.builds(lambda char: char * LONG, st.sampled_from(["a", "가", "\u200f", "\x00", "\ud800"])),  # 100 kB
)
EXAMPLES = settings(max_examples=6, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large, HealthCheck.large_base_example])  # fmt: skip


def _encoded(text: str) -> str:
    """As a client puts text in a URL: UTF-8 percent-encoded (a lone surrogate as its invalid UTF-8 bytes)."""
    return quote(text.encode("utf-8", "surrogatepass"), safe="")


def _json(body) -> str:
    return json.dumps(body)  # ASCII escapes: "\ud800" reaches the server as JSON's own escape


# --- the API's text slots, from its schema ---------------------------------------------------------------

VALID_BODIES = {
    "v1_assessments_create": {"name": "Plan", "home_country": "KR", "currency": "KRW"},
    "v1_assessments_update": {"name": "Plan", "home_country": "KR", "currency": "KRW"},
    "v1_assessments_partial_update": {},
    "v1_assessments_functions_create": {"name": "Billing", "service_type": "billing", "fte": 2,
                                        "salary_per_fte": 1000},
    "v1_assessments_functions_update": {"name": "Billing", "service_type": "billing", "fte": 2,
                                        "salary_per_fte": 1000},
    "v1_assessments_reports_create": {"format": "xlsx", "lang": "en"},
    "v1_auth_token_create": {"username": "nobody", "password": "x"},
}  # fmt: skip


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _body_schema(schema: dict, operation: dict) -> dict:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    ref = content.get("$ref", "")
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else content


def api_slots() -> list[tuple]:
    """(method, path template, operationId, where, name) for every text slot of every operation."""
    schema = _schema()
    slots = []
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"} or path.endswith("/auth/token/revoke/"):
                continue
            for parameter in operation.get("parameters", []):
                kind = parameter.get("schema", {}).get("type")
                if parameter["in"] in {"path", "query"} and kind in {"string", "integer", "number", "boolean"}:
                    slots.append((method, path, operation["operationId"], parameter["in"], parameter["name"]))
            for name, prop in _body_schema(schema, operation).get("properties", {}).items():
                if prop.get("readOnly"):
                    continue
                slots.append((method, path, operation["operationId"], "body", name))
    return slots


@pytest.fixture
def world(catalogue):
    organisation = OrganisationFactory()
    manager = MembershipFactory(organisation=organisation, role=Membership.Role.CONSULTANT).user
    draft = AssessmentFactory(organisation=organisation)
    function = BusinessFunctionFactory(assessment=draft)
    api = APIClient()
    api.force_authenticate(manager)
    return {"api": api, "manager": manager, "draft": draft, "function": function}


def _path(template: str, world: dict, where: str = "", name: str = "", text: str = "") -> str:
    """The operation's address with the world's own objects in it, and `text` in the path slot under test."""
    values = {"assessment_pk": world["draft"].pk, "code": "payroll", "iso2": "KR", "fmt": "xlsx", "currency": "USD",
              "pk": world["function"].pk,
              "id": world["function"].pk if "/functions/{id}" in template else world["draft"].pk}  # fmt: skip
    if where == "path":
        values[name] = _encoded(text)
    return template.format(**{key: str(value) for key, value in values.items()})


# Every slot gets these; Hypothesis then draws more (any text, RTL marks, lone surrogates) for random slots.
EVERY_SLOT = ["\u202eplan\u200f\x00\ud800", "\u200f" + "가" * LONG]


def _send_api(world: dict, slot: tuple, text: str) -> None:
    method, template, operation_id, where, name = slot
    url = _path(template, world, where, name, text)
    if where == "query":
        url += "?" + urlencode({name: text.encode("utf-8", "surrogatepass")})
    body = dict(VALID_BODIES.get(operation_id, {}))
    if where == "body":
        body[name] = text
    data = _json(body) if method in {"post", "put", "patch"} else ""
    response = world["api"].generic(method.upper(), url, data, content_type="application/json")
    assert response.status_code < 500, (slot, text[:40], response.content[:300])
    if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
        assert set(response.json()) == {"code", "message", "fields"}


@pytest.mark.django_db
def test_generated_text_in_every_api_slot_is_never_a_server_error(world):
    slots = api_slots()
    assert len(slots) > 60, "the schema should offer many text slots"
    for slot in slots:
        for text in EVERY_SLOT:
            _send_api(world, slot, text)

    @given(slot=st.sampled_from(slots), text=TEXT)
    @settings(parent=EXAMPLES, max_examples=len(slots))
    def send(slot, text):
        _send_api(world, slot, text)

    send()


@pytest.mark.django_db
@pytest.mark.parametrize("levels", [64, 1000, 20_000])
def test_json_nested_deep_to_every_operation_with_a_body_is_400(world, levels):
    """The whole body, and one field's value, nested far deeper than Python's parser follows."""
    schema = _schema()
    deep = "[" * levels + "1" + "]" * levels
    for path, item in schema["paths"].items():
        for method in {"post", "put", "patch"} & set(item):
            if path.endswith("/auth/token/revoke/"):
                continue
            url = _path(path, world)
            for body in (deep, '{"name": ' + deep + "}"):
                response = world["api"].generic(method.upper(), url, body, content_type="application/json")
                assert response.status_code in {400, 403, 404, 405, 409}, (method, path, response.content[:200])
                assert response.status_code != 400 or "nested" in response.json()["message"]


# --- the forms ---------------------------------------------------------------------------------------------

def _form_slots(world: dict) -> list[tuple[str, dict, str]]:
    """(url, a valid post, field) for each text field of each form a user fills in."""
    draft, function = world["draft"], world["function"]
    profile = {"name": "Plan", "home_country": str(draft.home_country_id), "currency": "KRW", "horizon_years": "5",
               "discount_rate_pct": "8"}  # fmt: skip
    added = {"new-name": "Billing", "new-service_type": str(function.service_type_id), "new-fte": "2",
             "new-salary_per_fte": "1000", "new-overhead_pct": "30", "new-facilities_cost": "0", "new-it_cost": "0"}
    edit = {k.replace("new-", f"fn{function.pk}-"): v for k, v in added.items()}
    weights = {"cost_saving": "30", "expertise": "20", "flexibility": "10", "focus_on_core": "10", "risk": "20",
               "strategic_fit": "10"}  # fmt: skip
    slots = [(f"/assessments/{draft.pk}/profile/", profile, name)
             for name in [*profile, "excluded_regions", "required_languages", "excluded_locations", "q_industry"]]
    slots += [("/assessments/new/", profile, name) for name in ("name", "currency", "home_country")]
    slots += [(f"/assessments/{draft.pk}/functions/add/", added, name) for name in added]
    slots += [(f"/assessments/{draft.pk}/functions/{function.pk}/edit/", edit, name) for name in edit]
    slots += [(f"/assessments/{draft.pk}/questions/{function.pk}/", {}, f"f{function.pk}-urgency")]
    slots += [(f"/assessments/{draft.pk}/weights/", weights, name) for name in weights]
    slots += [(f"/assessments/{draft.pk}/tco/assumptions/", {}, "governance_pct")]
    slots += [("/accounts/login/", {"username": "x", "password": "y"}, name) for name in ("username", "password")]
    slots += [(f"/assessments/{draft.pk}/duplicate/", {}, "name"), ("/assessments/organisation/", {}, "organisation")]
    return slots


PAGE_PATHS = ["/catalogue/locations/{}/", "/accounts/tokens/{}/revoke/", "/assessments/{pk}/report.{}",
              "/catalogue/locations/?home={}", "/assessments/compare/?ids={}", "/assessments/{pk}/results/?option={}",
              "/assessments/{pk}/tco/?function={}", "/assessments/{pk}/tco/assumptions/?function={}"]  # fmt: skip


@pytest.mark.django_db
def test_generated_text_in_every_form_field_and_page_address_is_never_a_server_error(world):
    client = Client()
    client.force_login(world["manager"])
    slots = _form_slots(world)

    @given(slot=st.sampled_from(slots), text=TEXT)
    @settings(parent=EXAMPLES, max_examples=3 * len(slots))
    def post(slot, text):
        url, valid, field = slot
        data = {**valid, field: text}
        body = urlencode({k: v.encode("utf-8", "surrogatepass") for k, v in data.items()})
        response = client.post(url, body, content_type="application/x-www-form-urlencoded")
        assert response.status_code < 500, (url, field, text[:40], response.status_code)
        if "login" in url:
            client.force_login(world["manager"])  # a login form post may have replaced the session

    @given(template=st.sampled_from(PAGE_PATHS), text=TEXT)
    @settings(parent=EXAMPLES, max_examples=4 * len(PAGE_PATHS))
    def visit(template, text):
        response = client.get(template.format(_encoded(text), pk=world["draft"].pk))
        assert response.status_code < 500, (template, text[:40], response.status_code)

    post()
    visit()
