"""The rate book and the exchange rates in the catalogue: loaded idempotently; `load_catalogue --rates FILE.csv` imports
a user's rates all-or-nothing, naming each bad row and column."""

import io

import pytest
from django.core.management import CommandError, call_command

from outsourcing.domain.rate_book import FAMILIES
from outsourcing.models import ExchangeRate, ServiceType, VendorRate

HEADER = "location,family,low,high,typical,unit,hours_per_month,currency,year,source,address,note\n"
GOOD = "IN,bpo_voice,6,10,,per_hour,,USD,2025,Our 2025 tender,https://intranet.example/tender,three bids\n"


def run(*args) -> str:
    out = io.StringIO()
    call_command("load_catalogue", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return sorted(VendorRate.objects.values_list("location__iso2", "family", "low", "high", "source"))


@pytest.mark.django_db
def test_the_rate_book_and_exchange_rates_load_once_and_every_service_type_has_a_family():
    run()
    first = snapshot()
    assert len(first) == 20 and VendorRate.objects.filter(location__iso2="IN", family="it_appdev").exists()
    output = run()
    assert snapshot() == first
    assert "VendorRate: 0 created, 0 updated, 20 unchanged" in output
    assert "ExchangeRate: 0 created, 0 updated" in output
    assert ExchangeRate.objects.get(currency="KRW").year == "2023"
    assert set(ServiceType.objects.values_list("rate_family", flat=True)) <= set(FAMILIES)
    assert set(ServiceType.objects.values_list("rate_family", flat=True)) == set(FAMILIES)


@pytest.mark.django_db
def test_a_good_rates_file_adds_and_updates_rows(tmp_path):
    run()
    path = tmp_path / "rates.csv"
    path.write_text(HEADER + GOOD + "VN,bpo_voice,7,13,,per_hour,,USD,2025,Our 2025 tender,https://intranet.example/t,\n")
    output = run("--rates", str(path))
    assert "VendorRate: 1 created, 1 updated" in output
    assert VendorRate.objects.get(location__iso2="IN", family="bpo_voice").source == "Our 2025 tender"
    assert float(VendorRate.objects.get(location__iso2="VN", family="bpo_voice").low) == 7
    run()  # the next deployment's load keeps what the user imported
    assert VendorRate.objects.get(location__iso2="IN", family="bpo_voice").source == "Our 2025 tender"


@pytest.mark.django_db
@pytest.mark.parametrize("line, where", [
    ("VN,it_appdev,20,40,,per_hour,,USD,2025,,https://x.example,\n", "row 2 (line 3), column 'source'"),
    ("VN,it_appdev,0,40,,per_hour,,USD,2025,Tender,https://x.example,\n", "row 2 (line 3), column 'low'"),
    ("VN,it_appdev,-2,40,,per_hour,,USD,2025,Tender,https://x.example,\n", "row 2 (line 3), column 'low'"),
    ("VN,it_appdev,20,40,,per_hour,,ABC,2025,Tender,https://x.example,\n", "row 2 (line 3), column 'currency'"),
    ("ZZ,it_appdev,20,40,,per_hour,,USD,2025,Tender,https://x.example,\n", "row 2 (line 3), column 'location'"),
])
def test_a_rates_file_with_a_bad_row_imports_nothing_and_names_the_row(tmp_path, line, where):
    run()
    before = snapshot()
    path = tmp_path / "rates.csv"
    path.write_text(HEADER + GOOD + line)
    with pytest.raises(CommandError) as error:
        run("--rates", str(path))
    message = str(error.value)
    assert "nothing was imported" in message and where in message, message
    assert snapshot() == before  # the good first row was not imported either


@pytest.mark.django_db
def test_a_missing_rates_file_is_refused(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        run("--rates", str(tmp_path / "nope.csv"))
