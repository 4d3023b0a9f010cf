"""Downloads from the API and the site: only for those who may see the assessment; bad input is named."""

import io

import openpyxl
import pytest
from django.urls import reverse


@pytest.mark.parametrize("path", ["report.xlsx", "scores.csv"])
def test_a_viewer_downloads_the_file_with_its_name(scored, viewer, api, path):
    api.force_authenticate(viewer)
    response = api.get(f"/api/v1/assessments/{scored.pk}/{path}?lang=en")
    assert response.status_code == 200
    extension = path.rsplit(".", 1)[1]
    assert response["Content-Disposition"] == f'attachment; filename="board-review-v1-en.{extension}"'
    assert int(response["Content-Length"]) == len(response.content) > 0


def test_the_file_is_served_whatever_the_client_accepts(scored, viewer, api):
    api.force_authenticate(viewer)
    response = api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx", HTTP_ACCEPT="application/vnd.ms-excel")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_language_defaults_to_the_users(scored, viewer, api):
    api.force_authenticate(viewer)
    response = api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx", HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-ko.xlsx"')
    assert openpyxl.load_workbook(io.BytesIO(response.content)).sheetnames[0] == "요약"


@pytest.mark.parametrize("path", ["report.xlsx", "scores.csv", "reports/"])
def test_another_organisations_assessment_is_not_found(scored, outsider, api, path):
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/assessments/{scored.pk}/{path}").status_code == 404
    assert api.post(f"/api/v1/assessments/{scored.pk}/reports/", {"format": "xlsx"}, format="json").status_code == 404


def test_anonymous_callers_get_401(scored, api):
    response = api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_an_unknown_format_is_a_400_naming_format(scored, viewer, api):
    api.force_authenticate(viewer)
    body = api.get(f"/api/v1/assessments/{scored.pk}/report.docx").json()
    assert body["code"] == "invalid" and "format" in body["fields"]
    assert "Use one of:" in body["fields"]["format"][0] and "xlsx" in body["fields"]["format"][0]


def test_an_unknown_language_is_a_400_naming_lang(scored, viewer, api):
    api.force_authenticate(viewer)
    response = api.get(f"/api/v1/assessments/{scored.pk}/report.xlsx?lang=fr")
    assert response.status_code == 400
    assert response.json()["fields"] == {"lang": ["'fr' is not a report language. Use one of: en, ko."]}
    response = api.post(f"/api/v1/assessments/{scored.pk}/reports/", {"format": "xlsx", "lang": "de"}, format="json")
    assert response.status_code == 400 and "lang" in response.json()["fields"]


def test_an_unscored_assessment_answers_409(draft, viewer, api):
    api.force_authenticate(viewer)
    for response in (api.get(f"/api/v1/assessments/{draft.pk}/report.xlsx"),
                     api.get(f"/api/v1/assessments/{draft.pk}/scores.csv"),
                     api.post(f"/api/v1/assessments/{draft.pk}/reports/", {"format": "xlsx"}, format="json")):
        assert response.status_code == 409
        assert response.json()["code"] == "not_scored" and "submit it first" in response.json()["message"]


# The site


def test_the_results_pages_link_to_the_reports_page(client, scored, viewer):
    client.force_login(viewer)
    page = client.get(reverse("assessments:results", args=[scored.pk])).content.decode()
    assert reverse("assessments:reports", args=[scored.pk]) in page
    reports = client.get(reverse("assessments:reports", args=[scored.pk]))
    assert reports.status_code == 200
    assert f"/assessments/{scored.pk}/report.xlsx?lang=en" in reports.content.decode()


def test_a_viewer_downloads_the_workbook_from_the_site(client, scored, viewer):
    client.force_login(viewer)
    response = client.get(reverse("assessments:report-download", args=[scored.pk, "xlsx"]) + "?lang=ko")
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-ko.xlsx"')


def test_site_downloads_are_scoped_and_need_a_login(client, scored, outsider):
    url = reverse("assessments:report-download", args=[scored.pk, "xlsx"])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(reverse("assessments:reports", args=[scored.pk])).status_code == 404


def test_bad_site_parameters_are_shown_by_name(client, scored, viewer):
    client.force_login(viewer)
    response = client.get(reverse("assessments:report-download", args=[scored.pk, "docx"]))
    assert response.status_code == 400
    assert "format: &#x27;docx&#x27; is not a report format" in response.content.decode()
    response = client.get(reverse("assessments:report-download", args=[scored.pk, "xlsx"]) + "?lang=fr")
    assert response.status_code == 400 and "lang: &#x27;fr&#x27; is not a report language" in response.content.decode()


def test_the_site_says_when_there_is_nothing_to_report(client, draft, viewer):
    client.force_login(viewer)
    response = client.get(reverse("assessments:report-download", args=[draft.pk, "xlsx"]))
    assert response.status_code == 409 and "submit it first" in response.content.decode()
