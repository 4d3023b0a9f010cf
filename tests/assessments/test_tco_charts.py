"""The tornado chart: bars start at the all-median NPV, not at zero."""

import json

from assessments.tco_charts import tornado

DRIVERS = [
    {"input": "vendor_rate", "npv_at_median": 1000.0, "npv_at_p10": 1300.0, "npv_at_p90": 600.0, "swing": 700.0},
    {"input": "fx_rate", "npv_at_median": 1000.0, "npv_at_p10": 950.0, "npv_at_p90": 1100.0, "swing": 150.0},
    {"input": "governance_pct", "npv_at_median": 1000.0, "npv_at_p10": 1000.0, "npv_at_p90": 1000.0, "swing": 0.0},
]


def figure(drivers):
    value = tornado(drivers, {"vendor_rate": "Vendor rate", "fx_rate": "Exchange rate"}, "EUR")
    return json.loads(value) if isinstance(value, str) else value


def test_tornado_bars_run_from_the_median_npv_to_each_end_biggest_swing_on_top():
    low, high = figure(DRIVERS)["data"]
    assert low["y"] == ["Exchange rate", "Vendor rate"]  # plotly draws the last row on top; no-effect inputs left out
    assert low["base"] == [1000.0, 1000.0] and high["base"] == [1000.0, 1000.0]
    assert low["x"] == [-50.0, 300.0] and high["x"] == [100.0, -400.0]


def test_runs_stored_without_the_median_npv_still_draw_from_zero():
    old = [{k: v for k, v in d.items() if k != "npv_at_median"} for d in DRIVERS]
    low, high = figure(old)["data"]
    assert low["base"] == [0.0, 0.0] and low["x"] == [950.0, 1300.0] and high["x"] == [1100.0, 600.0]
