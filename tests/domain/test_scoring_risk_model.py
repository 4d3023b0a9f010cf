"""The risk model tells places and forms apart: written-out cases and monotonicity properties."""

import math

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.domain.scoring import build_options, score_options
from assessments.domain.scoring_params import ANSWERS
from tests.domain.scoring_cases import (
    APP_MAINTENANCE,
    ENGAGEMENTS,
    PAYROLL,
    RISKS,
    frame,
    function_row,
    options_for,
)

OPTIONS = options_for("KR")


def likelihood(result, option_id: str, risk: str, function_id: int = 1) -> float:
    rb = result.risk_breakdown
    row = rb[(rb["function_id"] == function_id) & (rb["option_id"] == option_id) & (rb["risk_code"] == risk)]
    return float(row["likelihood"].iloc[0])


@pytest.fixture(scope="module")
def maintenance():
    return score_options(frame(function_row(1, "application-development-maintenance", 30, APP_MAINTENANCE)), OPTIONS,
                         RISKS)  # fmt: skip


def test_vendor_lock_in_orders_total_above_selective_above_co_sourcing_and_a_captive_below_total(maintenance):
    """Lock-in grows with what the vendor holds; a captive subsidiary has no outside vendor at all."""
    lock_in = {form: likelihood(maintenance, f"{form}|onshore|KR", "vendor-lock-in")
               for form in ("total", "selective", "co-sourcing", "captive")}  # fmt: skip
    assert lock_in["total"] > lock_in["selective"] > lock_in["co-sourcing"]
    assert lock_in["captive"] < lock_in["total"]
    assert lock_in["captive"] < lock_in["co-sourcing"]


def test_a_captive_carries_its_own_entity_and_exit_risk_which_grows_far_away_and_under_weaker_law(maintenance):
    entity = {o: likelihood(maintenance, o, "captive-entity") for o in
              ("captive|onshore|KR", "captive|nearshore|JP", "captive|offshore|IN", "total|offshore|IN")}  # fmt: skip
    assert entity["total|offshore|IN"] == 1.0  # no subsidiary, no subsidiary risk
    assert 1.0 < entity["captive|onshore|KR"] < entity["captive|nearshore|JP"] < entity["captive|offshore|IN"]


def test_business_understanding_and_data_breach_rise_with_distance_and_weaker_law(maintenance):
    """Same function, same form: Korea < Japan (near, strong law) < India (far, weaker law)."""
    for risk in ("business-understanding", "data-breach", "legal-regulatory"):
        values = [likelihood(maintenance, f"total|{m}|{c}", risk) for m, c in
                  (("onshore", "KR"), ("nearshore", "JP"), ("offshore", "IN"))]  # fmt: skip
        assert values[0] < values[1] < values[2], risk


def test_home_based_staff_are_not_as_exposed_as_an_offshore_provider(maintenance):
    onshore = likelihood(maintenance, "total|onshore|KR", "data-breach")
    homeshore = likelihood(maintenance, "total|homeshore|KR", "data-breach")
    offshore = likelihood(maintenance, "total|offshore|IN", "data-breach")
    assert onshore < homeshore < offshore


def _varied(base: str, **changes) -> pd.DataFrame:
    """The option grid of one home and one foreign place whose traits are `changes`."""
    home = OPTIONS.loc["in-house|onshore|KR"]
    foreign = OPTIONS.loc[base]
    rows = []
    for iso2, source in (("KR", home), ("XX", foreign)):
        row = source.to_dict()
        row.update({"location": iso2, "sourcing_model": "onshore" if iso2 == "KR" else "offshore"})
        if iso2 == "XX":
            row.update(changes)
        rows.append(row)
    traits = pd.DataFrame(rows).set_index("location", drop=False).rename_axis("iso2")
    return build_options(ENGAGEMENTS, traits, "KR")


@pytest.mark.parametrize("trait", ["distance", "legal_weakness", "cultural_distance"])
@pytest.mark.parametrize("risk", ["business-understanding", "data-breach"])
def test_for_the_same_function_and_form_a_risk_never_falls_as_a_place_gets_farther_or_its_law_weaker(trait, risk):
    values = []
    for level in (0.0, 0.3, 0.6, 0.9):
        result = score_options(frame(function_row(1, "payroll", 9, PAYROLL)), _varied("total|offshore|IN",
                               **{trait: level}), RISKS)  # fmt: skip
        values.append(likelihood(result, "total|offshore|XX", risk))
    assert values == sorted(values)
    if (trait, risk) in {("distance", "business-understanding"), ("distance", "data-breach"),
                         ("legal_weakness", "data-breach")}:  # fmt: skip
        assert values[-1] > values[0]


# --- monotonicity properties ------------------------------------------------------------------------

MONOTONE = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
answer = st.integers(1, 5).map(float)


@st.composite
def one_function(draw):
    service = draw(st.sampled_from(["payroll", "customer-service", "application-development-maintenance",
                                    "research-development", "accounting"]))  # fmt: skip
    return function_row(1, service, draw(st.floats(1, 200)), {name: draw(answer) for name in ANSWERS})


def deltas(rows, options) -> pd.Series:
    result = score_options(frame(*rows), options, RISKS)
    return result.scores.set_index(["function_id", "option_id"])["delta_vs_baseline"].sort_index()


@MONOTONE
@given(one_function(), st.sampled_from(["distance", "legal_weakness", "cultural_distance", "geo_distance"]),
       st.floats(0, 0.7), st.floats(0.05, 0.3))  # fmt: skip
def test_a_farther_or_less_protected_place_never_scores_better_against_in_house(row, trait, level, step):
    near = deltas([row], _varied("selective|offshore|IN", **{trait: level}))
    far = deltas([row], _varied("selective|offshore|IN", **{trait: level + step}))
    assert (far <= near + 1e-9).all()


@MONOTONE
@given(one_function(), st.sampled_from(["strategic_importance", "customer_exposure", "data_sensitivity",
                                         "regulatory_constraints", "context_dependence"]),
       st.integers(1, 4))  # fmt: skip
def test_raising_core_sensitive_or_customer_facing_answers_never_favours_outsourcing(row, name, level):
    lower = deltas([{**row, name: float(level)}], OPTIONS)
    higher = deltas([{**row, name: float(level + 1)}], OPTIONS)
    assert (higher <= lower + 1e-9).all()


@MONOTONE
@given(one_function(), st.integers(1, 4))
def test_raising_standardisation_never_disfavours_outsourcing(row, level):
    lower = deltas([{**row, "standardisation": float(level)}], OPTIONS)
    higher = deltas([{**row, "standardisation": float(level + 1)}], OPTIONS)
    assert (higher >= lower - 1e-9).all()


def test_graded_distance_parts_are_on_zero_to_one_and_zero_at_home():
    traits = OPTIONS.drop_duplicates("location").set_index("location")
    for column in ("distance", "cultural_distance", "geo_distance", "legal_weakness", "time_zone_gap"):
        assert traits[column].between(0, 1).all(), column
    assert traits.loc["KR", ["distance", "cultural_distance", "geo_distance"]].tolist() == [0, 0, 0]
    assert traits.loc["KR", "legal_weakness"] == 0 and traits.loc["JP", "legal_weakness"] == 0  # Japan 0.79 > 0.74
    assert math.isclose(traits.loc["IN", "legal_weakness"], (0.74 - 0.50) / 0.50)  # weaker than at home
    assert set(traits.loc["TW", "estimated"].split(";")) == {"legal"}  # WJP does not cover Taiwan
    assert traits.loc["IN", "estimated"] == ""
