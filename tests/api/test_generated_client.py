"""The README's full flow through a client generated from /api/schema/ by openapi-python-client at test time:
every request is built from the schema's models and every answer parsed by them, so a schema that drifts
from the behaviour (a field renamed, a status or shape undocumented) fails here."""

import importlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from assessments.models import Assessment
from assessments.services.demo import DEMO_PASSWORD, demo_setup

pytestmark = pytest.mark.django_db(transaction=True)
PACKAGE = "oso_generated_client"


@pytest.fixture
def generated(live_server, catalogue, tmp_path, monkeypatch):
    """The client package generated from the live schema into a temporary folder, imported."""
    schema = tmp_path / "schema.json"
    schema.write_bytes(requests.get(f"{live_server.url}/api/schema/?format=json", timeout=60).content)
    bin_dir = Path(sys.executable).parent
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"}  # its ruff post-hook
    generator = shutil.which("openapi-python-client", path=env["PATH"])
    assert generator, "openapi-python-client is missing: pip install -r requirements-dev.txt"
    command = [generator, "generate", "--path", str(schema), "--meta", "none", "--output-path", str(tmp_path / PACKAGE)]
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0 and "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
        del sys.modules[name]
    return importlib.import_module(PACKAGE)


def module(name: str):
    return importlib.import_module(f"{PACKAGE}.api.v1.{name}")


def models():
    return importlib.import_module(f"{PACKAGE}.models")


def test_the_full_flow_through_a_client_generated_from_the_schema(live_server, generated):
    demo_setup()
    m = models()
    anonymous = generated.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    login = m.CredentialsRequest(username="demo-manager", password=DEMO_PASSWORD)
    token = module("v1_auth_token_create").sync_detailed(client=anonymous, body=login)
    assert token.status_code == 201 and isinstance(token.parsed, m.Token)
    client = generated.AuthenticatedClient(base_url=live_server.url, token=token.parsed.token, prefix="Token",
                                           raise_on_unexpected_status=True, timeout=180)  # fmt: skip

    body = m.AssessmentRequest.from_dict({
        "name": "Generated client review", "home_country": "KR", "currency": "KRW", "horizon_years": 5,
        "discount_rate_pct": 8, "required_languages": ["Korean"],
        "profile": {"industry": 2, "company_size": 3, "risk_appetite": 2, "vendor_maturity": 3,
                    "governance_capacity": 3, "data_residency": 4},
    })  # fmt: skip
    created = module("v1_assessments_create").sync_detailed(client=client, body=body)
    assert created.status_code == 201 and isinstance(created.parsed, m.Assessment), created.content
    pk = created.parsed.id
    assert created.parsed.to_dict()["profile"]["data_residency"] == 4

    answers = {"strategic_importance": 2, "data_sensitivity": 3, "standardisation": 4, "knowledge_intensity": 2,
               "context_dependence": 2, "customer_exposure": 1, "regulatory_constraints": 3,
               "volume_variability": 3, "skill_gap": 2, "urgency": 3}  # fmt: skip
    for name, service_type in [("Payroll", "payroll"), ("Billing", "billing")]:
        function = m.FunctionRequest.from_dict({"name": name, "service_type": service_type, "fte": 6,
                                                "salary_per_fte": 48_000_000, "answers": answers})  # fmt: skip
        added = module("v1_assessments_functions_create").sync_detailed(pk, client=client, body=function)
        assert added.status_code == 201 and isinstance(added.parsed, m.Function), added.content

    submitted = module("v1_assessments_submit_create").sync_detailed(pk, client=client)
    assert submitted.status_code == 200 and submitted.parsed.to_dict()["status"] == "submitted"

    runs = module("v1_assessments_tco_runs_list").sync_detailed(pk, client=client)
    assert runs.status_code == 200 and runs.parsed
    run = runs.parsed[0]
    deadline = time.monotonic() + 120
    while run.to_dict()["status"] in ("queued", "running") and time.monotonic() < deadline:
        time.sleep(0.5)
        run = module("v1_tco_runs_retrieve").sync_detailed(run.id, client=client).parsed
    assert run.to_dict()["status"] == "succeeded"

    recommendations = module("v1_assessments_recommendations_list").sync_detailed(pk, client=client)
    assert recommendations.status_code == 200 and len(recommendations.parsed) == 2

    # The request is built by the generated module; the answer is read with its httpx client, because
    # openapi-python-client 0.29 decodes a binary answer documented with several media types as text.
    report = module("v1_assessments_report_retrieve")
    kwargs = report._get_kwargs(pk, report.V1AssessmentsReportRetrieveFmt("pdf"),
                                lang=report.V1AssessmentsReportRetrieveLang("en"))  # fmt: skip
    answer = client.get_httpx_client().request(**kwargs)
    deadline = time.monotonic() + 180
    while answer.status_code == 202:
        run_id = m.ReportRun.from_dict(answer.json()).id
        assert time.monotonic() < deadline, "the report run did not finish within 180 s"
        time.sleep(0.5)
        status = module("v1_report_runs_retrieve").sync_detailed(run_id, client=client).parsed
        assert status.to_dict()["status"] != "failed", status.to_dict()
        if status.to_dict()["status"] == "succeeded":
            download = module("v1_report_runs_download_retrieve")
            answer = client.get_httpx_client().request(**download._get_kwargs(status.id))
    assert answer.status_code == 200 and answer.content.startswith(b"%PDF")
    assert answer.headers["Content-Type"] == "application/pdf"
    assert Assessment.objects.get(pk=pk).status == Assessment.Status.SUBMITTED


def test_an_error_is_parsed_as_the_documented_error_shape(live_server, generated):
    demo_setup()
    m = models()
    anonymous = generated.Client(base_url=live_server.url)
    refused = module("v1_auth_token_create").sync_detailed(
        client=anonymous, body=m.CredentialsRequest(username="demo-manager", password="wrong"))  # fmt: skip
    assert refused.status_code == 401 and isinstance(refused.parsed, m.Error)
    assert refused.parsed.code == "authentication_failed"
