"""The README's API examples, run as written against a live server with the demo data."""

import contextlib
import io
import re
import subprocess
from pathlib import Path

import pytest

from assessments.models import Assessment
from assessments.services.demo import demo_setup

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
pytestmark = pytest.mark.django_db(transaction=True)


def block(marker: str, language: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```{language}\n(.*?)```", README, re.S)
    assert match, f"README has no {marker} block"
    return match.group(1)


@pytest.fixture
def demo(live_server, catalogue):
    demo_setup()
    return Assessment.objects.order_by("pk").first()


def test_the_full_flow_example_goes_from_a_token_to_the_pdf(live_server, demo, tmp_path, monkeypatch):
    """Create, profile, functions with answers, submit, wait for the TCO run, recommendations, the PDF."""
    monkeypatch.chdir(tmp_path)
    code = block("api-example-flow", "python").replace("http://127.0.0.1:8000", live_server.url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README, run as documentation
    lines = out.getvalue().strip().splitlines()
    assert lines[0] == "TCO run succeeded", lines
    assert [line.split(" -> ")[0] for line in lines[1:3]] == ["Payroll", "Accounts payable"]
    created = Assessment.objects.get(name="Back office 2027")
    assert created.status == Assessment.Status.SUBMITTED and created.required_languages == ["Korean"]
    pdf = (tmp_path / f"assessment-{created.pk}.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and lines[-1] == f"report {len(pdf)} bytes"


def test_the_python_requests_example_prints_the_top_scores(live_server, demo):
    code = block("api-example-python", "python").replace("http://127.0.0.1:8000", live_server.url)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})  # noqa: S102 - our own README, run as documentation
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 5 and all(len(line.split()) == 3 for line in lines)


def test_the_curl_example_returns_scores(live_server, demo):
    script = block("api-example-curl", "bash").replace("http://127.0.0.1:8000", live_server.url)
    script = script.replace("/assessments/1/", f"/assessments/{demo.pk}/")
    result = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert '"results"' in result.stdout and '"engagement":"total"' in result.stdout.replace(" ", "")
