"""The rate book: parsing with row-level errors, the model that fills the gaps, and its calibration to sourced rates."""

from pathlib import Path

import pytest

from assessments.domain import scoring_params
from assessments.domain.currencies import ISO_4217
from outsourcing.domain import rate_book as rb
from outsourcing.domain.location_table import gdp_per_capita, shipped_location_table

DATA = Path(__file__).resolve().parents[2] / "outsourcing" / "data"
HEADER = "location,family,low,high,typical,unit,hours_per_month,currency,year,source,address,note\n"


def shipped_rows():
    return rb.parse_rate_book((DATA / "rate_book.csv").read_text(encoding="utf-8"), currencies=ISO_4217)


def gdp():
    return gdp_per_capita(shipped_location_table())


def test_every_shipped_rate_names_its_source_address_and_year():
    rows = shipped_rows()
    assert len(rows) >= 20
    for row in rows:
        assert row.source and row.address.startswith("http") and (row.year == "n.d." or row.year.isdigit())
        assert 0 < row.low <= row.typical <= row.high


def test_monthly_rates_become_hourly_with_the_stated_hours_per_month():
    japan = next(r for r in shipped_rows() if r.location == "JP")
    cell = rb.cell_from_row(japan)
    assert japan.unit == rb.PER_MONTH and japan.hours == 160
    assert cell.low == pytest.approx(800_000 / 160) and cell.high == pytest.approx(1_000_000 / 160)


@pytest.mark.parametrize("line, problem", [
    ("IN,it_appdev,18,50,,per_hour,,USD,n.d.,,https://x.example,", "column 'source': is required: every rate needs "
                                                                    "its source"),
    ("IN,it_appdev,18,50,,per_hour,,USD,n.d.,Someone,,", "column 'address': is required"),
    ("IN,it_appdev,0,50,,per_hour,,USD,n.d.,S,https://x.example,", "column 'low': 0 must be above 0"),
    ("IN,it_appdev,-3,50,,per_hour,,USD,n.d.,S,https://x.example,", "column 'low': -3 must be above 0"),
    ("IN,it_appdev,60,50,,per_hour,,USD,n.d.,S,https://x.example,", "column 'high': 50 is below the low value 60"),
    ("IN,it_appdev,18,50,,per_hour,,XYZ,n.d.,S,https://x.example,", "column 'currency': 'XYZ' is not an ISO 4217"),
    ("IN,plumbing,18,50,,per_hour,,USD,n.d.,S,https://x.example,", "column 'family': 'plumbing' is not one of"),
    ("IN,it_appdev,18,50,,per_month,,USD,n.d.,S,https://x.example,", "column 'hours_per_month': is required"),
    ("IND,it_appdev,18,50,,per_hour,,USD,n.d.,S,https://x.example,", "column 'location': 'IND' is not a two-letter"),
    ("IN,it_appdev,18,50,,per_hour,,USD,1889,S,https://x.example,", "column 'year': '1889' is not a year"),
    ("IN,it_appdev,18,50,70,per_hour,,USD,n.d.,S,https://x.example,", "column 'typical': 70 is outside low..high"),
])
def test_a_bad_row_is_named_by_row_and_column(line, problem):
    good = "PH,bpo_voice,6,14,,per_hour,,USD,2021,BusinessWorld,https://www.bworldonline.com/x,\n"
    with pytest.raises(rb.RateBookError) as caught:
        rb.parse_rate_book(HEADER + good + line + "\n", currencies=ISO_4217)
    assert any(p.startswith("row 2 (line 3)") and problem in p for p in caught.value.problems), caught.value.problems


def test_a_location_and_family_may_appear_once():
    line = "PH,bpo_voice,6,14,,per_hour,,USD,2021,BusinessWorld,https://www.bworldonline.com/x,\n"
    with pytest.raises(rb.RateBookError, match="already appears in row 1"):
        rb.parse_rate_book(HEADER + line + line, currencies=ISO_4217)


def test_the_model_uses_the_scoring_s_wage_elasticity():
    assert rb.WAGE_ELASTICITY == scoring_params.WAGE_ELASTICITY


def test_the_it_model_constants_are_the_least_squares_fit_of_the_shipped_usd_rates():
    """Re-fit L and N to the rate book's application-development rows: the constants are that fit, rounded."""
    g = gdp()
    points = [(g[r.location] / g["US"], r.typical) for r in shipped_rows()
              if r.family == "it_appdev" and r.currency == "USD"]
    labour, non_labour = rb.fit_labour_and_non_labour(points)
    model = rb.FAMILY_MODELS["it_appdev"]
    assert (round(labour, 1), round(non_labour, 1)) == (model.labour_us, model.non_labour)


def test_the_voice_model_reproduces_the_philippine_cost_split():
    """Manila Bulletin 2021: agent pay is 30 % of the billed rate; the middle of 6-14 USD/h is 10."""
    g = gdp()
    model = rb.FAMILY_MODELS["bpo_voice"]
    ratio = g["PH"] / g["US"]
    assert model.labour_us * ratio ** rb.WAGE_ELASTICITY == pytest.approx(3.0, abs=0.01)
    assert rb.model_rate("bpo_voice", g["PH"], g["US"]) == pytest.approx(10.0, abs=0.01)


@pytest.mark.parametrize("family, iso2, low, high", [
    ("bpo_voice", "PH", 6, 14),  # BusinessWorld 2021
    ("it_appdev", "IN", 18, 60), ("it_appdev", "VN", 18, 60), ("it_appdev", "UA", 18, 60),
    ("it_appdev", "PL", 18, 60), ("it_appdev", "RO", 18, 60),  # offshore and Eastern European IT
    ("it_appdev", "US", 86, 250),  # US onshore IT (Accelerance 2015; ClimbTheLadder n.d.)
    ("it_infra", "PH", 15, 25),  # ATSOutsource, IT support
    ("bpo_back_office", "PH", 8, 15),  # ATSOutsource, administrative support
    ("kpo_legal", "IN", 21, 60),  # legal process outsourcing, India
    ("bpo_voice", "US", 22, 35),  # The Balance
])
def test_the_model_lands_inside_the_sourced_points_it_can_be_checked_against(family, iso2, low, high):
    g = gdp()
    assert low <= rb.model_rate(family, g[iso2], g["US"]) <= high


def test_the_full_table_prefers_the_rate_book_and_fills_the_rest_with_labelled_model_cells():
    cells = rb.full_table(shipped_rows(), gdp())
    by_key = {(c.location, c.family): c for c in cells}
    india = by_key[("IN", "it_appdev")]
    assert india.basis == rb.RATE_BOOK and (india.low, india.typical, india.high) == (18, 34, 50)
    korea = by_key[("KR", "it_appdev")]
    assert korea.basis == rb.MODEL and korea.source.startswith("model estimate") and korea.currency == "USD"
    assert korea.low == pytest.approx(korea.typical / rb.MODEL_BAND)
    assert korea.high == pytest.approx(korea.typical * rb.MODEL_BAND)
    assert ("TW", "it_appdev") not in by_key  # no GDP per capita: no estimate, a quote is needed
    assert len({c.family for c in cells}) == len(rb.FAMILIES)


def test_india_it_is_no_longer_priced_2_5_times_below_the_market():
    """Issue 14: US -> India IT came out at 13.8 USD/h where published offshore rates are 18-50."""
    cells = {(c.location, c.family): c for c in rb.full_table(shipped_rows(), gdp())}
    assert 18 <= cells[("IN", "it_appdev")].typical <= 50
    assert 18 <= cells[("VN", "it_appdev")].typical <= 60


def test_the_model_band_is_wider_than_the_model_s_misses_on_the_sourced_rows():
    """MODEL_BAND (x/÷2, the 90 % interval of a model estimate) against the evidence: the model's log misses on
    the rows it was not set to reproduce exactly have an rms of 0.23, a 90 % interval of about x/÷1.5; every
    sourced middle lies within x/÷2 of the model, and the band is that much wider on purpose (most model cells
    are locations with no sourced row at all)."""
    import numpy as np

    g, fx = gdp(), {"USD": 1.0, "EUR": 1 / 1.0817, "JPY": 140.5001}  # outsourcing/data/exchange_rates.csv, 2023
    exact = {("PH", "bpo_voice"), ("PH", "bpo_back_office"), ("IN", "kpo_legal")}  # calibrated to these
    misses = np.array([np.log(rb.model_rate(r.family, g[r.location], g["US"]) / (r.typical / r.hours / fx[r.currency]))
                       for r in shipped_rows() if (r.location, r.family) not in exact])
    rms = float(np.sqrt(np.mean(misses**2)))
    assert 0.15 < rms < 0.30
    assert np.abs(misses).max() < np.log(rb.MODEL_BAND)
    assert np.exp(1.6449 * rms) < rb.MODEL_BAND
