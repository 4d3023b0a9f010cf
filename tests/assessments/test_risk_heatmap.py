"""The risk heat map marks each risk with its number in the register, and keeps close risks apart."""

import math

from hypothesis import given
from hypothesis import strategies as st

from assessments.charts import _spread_close, risk_heatmap

RISKS = [
    {"name": "Vendor dependency and lock-in", "likelihood": 5.0, "impact": 4.0},
    {"name": "Implementation effort", "likelihood": 3.9, "impact": 3.0},
    {"name": "Loss of quality control", "likelihood": 3.8, "impact": 3.0},
    {"name": "Hidden vendor costs", "likelihood": 3.8, "impact": 3.0},  # the same place as the one before
]


def test_markers_carry_the_register_numbers_and_the_names_show_on_hover():
    figure = risk_heatmap(RISKS)
    markers = figure["data"][1]
    assert markers["text"] == ["1", "2", "3", "4"]
    assert [row[0] for row in markers["customdata"]] == [r["name"] for r in RISKS]
    assert "customdata[0]" in markers["hovertemplate"]


def test_a_lone_risk_stays_exactly_where_its_likelihood_and_impact_put_it():
    markers = risk_heatmap(RISKS)["data"][1]
    assert (markers["x"][0], markers["y"][0]) == (4.0, 5.0)


@given(st.lists(st.tuples(st.floats(1, 5), st.floats(1, 5)), min_size=1, max_size=11))
def test_risks_on_top_of_each_other_end_a_marker_apart_and_lone_ones_do_not_move(points):
    placed = _spread_close(points)
    for i, point in enumerate(points):
        others = [other for j, other in enumerate(points) if j != i]
        if all(math.hypot(point[0] - o[0], point[1] - o[1]) >= 0.3 for o in others):
            assert placed[i] == point
        for j in range(i):
            if points[i] == points[j]:
                assert math.hypot(placed[i][0] - placed[j][0], placed[i][1] - placed[j][1]) > 0.2
