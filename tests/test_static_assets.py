"""plotly.js and htmx are served from the project, and plotly.js matches the plotly package."""

import hashlib
from pathlib import Path

import plotly

ROOT = Path(__file__).resolve().parents[1]


def test_plotly_js_is_the_copy_bundled_with_the_python_package():
    bundled = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    ours = ROOT / "static" / "vendor" / "plotly.min.js"
    assert hashlib.sha256(ours.read_bytes()).digest() == hashlib.sha256(bundled.read_bytes()).digest(), (
        "static/vendor/plotly.min.js differs from the plotly package's copy; copy it again after upgrading plotly"
    )


def test_htmx_is_vendored():
    assert (ROOT / "static" / "vendor" / "htmx.min.js").read_text().startswith("var htmx=")


def test_static_files_are_served_by_the_app(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
