"""The scoring module without a database: properties on random inputs, helpers, API contract."""

import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pymcdm.methods import SPOTIS

from assessments.domain.scoring import (
    CRITERIA,
    DEFAULT_WEIGHTS,
    MIN_MARGIN,
    RISK_SCORE_MAX,
    build_location_traits,
    build_options,
    explain,
    risk_score,
    score_options,
    sensitivity,
)
from assessments.domain.scoring_params import ANSWERS
from outsourcing.domain.location_risk_inputs import catalogue_locations

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "outsourcing" / "data"
RISKS = yaml.safe_load((DATA / "risk_factors.yaml").read_text(encoding="utf-8"))
ENGAGEMENTS = yaml.safe_load((DATA / "engagement_models.yaml").read_text(encoding="utf-8"))
CATEGORIES = ("KPO", "BPO_BACK", "BPO_FRONT", "ITO")
PROPERTY = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def load_locations() -> dict[str, dict]:
    return {row["iso2"]: row for row in catalogue_locations(DATA)}


LOCATIONS = load_locations()

# --- strategies ---------------------------------------------------------------------

answer = st.one_of(st.just(math.nan), st.integers(1, 5).map(float))
level = st.integers(1, 5).map(float)


ONE_TO_THREE = st.integers(1, 3)


@st.composite
def function_rows(draw, count=ONE_TO_THREE):
    rows = []
    for function_id in range(1, draw(count) + 1):
        row = {
            "function_id": function_id,
            "service_category": draw(st.sampled_from(CATEGORIES)),
            "fte": draw(st.floats(0.5, 500)),
            "annual_cost": draw(st.floats(0, 1e8)),
            "typical_knowledge_intensity": draw(level),
            "typical_data_sensitivity": draw(level),
            "typical_standardisation": draw(level),
        }
        row.update({name: draw(answer) for name in ANSWERS})
        rows.append(row)
    return rows


@st.composite
def location_traits(draw):
    """A home country and one to four foreign places with random but valid traits."""
    records = [
        {
            "location": "HM",
            "sourcing_model": "onshore",
            "distance": 0.0,
            "time_zone_gap": 0.0,
            "language_mismatch": 0.0,
            "low_english": 0.0,
            "cost_ratio": 1.0,
            "tax_rate_pct": draw(st.one_of(st.just(math.nan), st.floats(0, 40))),
            "gsli_rank": draw(st.one_of(st.just(math.nan), st.integers(1, 80).map(float))),
        }
    ]
    for i in range(draw(st.integers(1, 4))):
        model = draw(st.sampled_from(["nearshore", "offshore"]))
        records.append(
            {
                "location": f"L{i}",
                "sourcing_model": model,
                "distance": 0.5 if model == "nearshore" else 1.0,
                "time_zone_gap": draw(st.floats(0, 1)),
                "language_mismatch": draw(st.sampled_from([0.0, 1.0])),
                "low_english": draw(st.one_of(st.just(math.nan), st.floats(0, 1))),
                "cost_ratio": draw(st.one_of(st.just(math.nan), st.floats(0.01, 3))),
                "tax_rate_pct": draw(st.one_of(st.just(math.nan), st.floats(0, 40))),
                "gsli_rank": draw(st.one_of(st.just(math.nan), st.integers(1, 80).map(float))),
            }
        )
    return pd.DataFrame.from_records(records).set_index("location", drop=False).rename_axis("iso2")


options_frames = location_traits().map(lambda traits: build_options(ENGAGEMENTS, traits, "HM"))
weights_dicts = st.fixed_dictionaries({name: st.floats(0, 5) for name in CRITERIA}).filter(
    lambda w: sum(w.values()) > 0.01
)
profiles = st.one_of(
    st.none(),
    st.fixed_dictionaries(
        {"risk_appetite": level, "vendor_maturity": level, "governance_capacity": level}
    ),
)


def frame(rows: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(rows).set_index("function_id")


def deltas(result) -> pd.Series:
    """score(option) - score(in-house) per (function, option)."""
    return result.scores.set_index(["function_id", "option_id"])["delta_vs_baseline"].sort_index()


# --- properties -----------------------------------------------------------------------


@PROPERTY
@given(function_rows(), options_frames, weights_dicts, profiles)
def test_every_score_lies_between_0_and_100(rows, options, weights, profile):
    scores = score_options(frame(rows), options, RISKS, weights, profile).scores["score"]
    assert scores.between(0.0, 100.0).all()


@PROPERTY
@given(function_rows(), options_frames, weights_dicts, profiles)
def test_contribution_points_add_up_to_the_score(rows, options, weights, profile):
    result = score_options(frame(rows), options, RISKS, weights, profile)
    summed = result.contributions.groupby(["function_id", "option_id"], observed=True)["points"].sum()
    score = result.scores.set_index(["function_id", "option_id"])["score"]
    assert np.allclose(summed.sort_index(), score.sort_index(), rtol=0, atol=1e-9)


@PROPERTY
@given(function_rows(), options_frames, weights_dicts, profiles)
def test_risk_breakdown_points_add_up_to_the_risk_points(rows, options, weights, profile):
    result = score_options(frame(rows), options, RISKS, weights, profile)
    per_factor = result.risk_breakdown.groupby(["function_id", "option_id"], observed=True)["points"].sum()
    contributions = result.contributions
    risk = contributions[contributions["criterion"] == "risk"].set_index(["function_id", "option_id"])["points"]
    assert np.allclose(per_factor.sort_index(), risk.sort_index(), rtol=0, atol=1e-9)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(function_rows(), options_frames, weights_dicts, profiles)
def test_same_input_twice_gives_identical_frames(rows, options, weights, profile):
    first = score_options(frame(rows), options, RISKS, weights, profile)
    second = score_options(frame(rows), options.copy(), RISKS, dict(weights), profile)
    for name in ("scores", "contributions", "risk_breakdown", "recommendations"):
        one, two = getattr(first, name), getattr(second, name)
        assert one.columns.equals(two.columns) and (one.dtypes == two.dtypes).all()
        assert one.equals(two), name


MONOTONE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@MONOTONE
@given(function_rows(count=st.just(1)), options_frames, weights_dicts, profiles, st.integers(1, 4))
def test_raising_data_sensitivity_never_favours_outsourcing(rows, options, weights, profile, sensitivity_level):
    lower = [{**rows[0], "data_sensitivity": float(sensitivity_level)}]
    higher = [{**rows[0], "data_sensitivity": float(sensitivity_level + 1)}]
    before = deltas(score_options(frame(lower), options, RISKS, weights, profile))
    after = deltas(score_options(frame(higher), options, RISKS, weights, profile))
    assert (after <= before + 1e-9).all()


@MONOTONE
@given(function_rows(count=st.just(1)), options_frames, weights_dicts, profiles, st.integers(1, 4))
def test_raising_standardisation_never_disfavours_outsourcing(rows, options, weights, profile, standard_level):
    lower = [{**rows[0], "standardisation": float(standard_level)}]
    higher = [{**rows[0], "standardisation": float(standard_level + 1)}]
    before = deltas(score_options(frame(lower), options, RISKS, weights, profile))
    after = deltas(score_options(frame(higher), options, RISKS, weights, profile))
    assert (after >= before - 1e-9).all()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(function_rows(), options_frames)
def test_core_sensitive_function_is_never_sent_total_offshore(rows, options):
    core = [{**row, "strategic_importance": 5.0, "data_sensitivity": 5.0} for row in rows]
    result = score_options(frame(core), options, RISKS)
    chosen = result.recommendations["recommended_option_id"].map(options["engagement"].to_dict())
    where = result.recommendations["recommended_option_id"].map(options["sourcing_model"].to_dict())
    assert not ((chosen == "total") & (where == "offshore")).any()
    # stronger: with the default weights every total-offshore option loses to keeping the work in-house
    scores = result.scores
    total_offshore = scores[(scores["engagement"] == "total") & (scores["sourcing_model"] == "offshore")]
    assert (total_offshore["delta_vs_baseline"] < 0).all()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(function_rows(), options_frames, weights_dicts)
def test_recommendation_follows_the_margin_rule(rows, options, weights):
    result = score_options(frame(rows), options, RISKS, weights)
    recs = result.recommendations
    baseline = options.index[options["is_baseline"]][0]
    assert (recs["keep_in_house"] == (recs["margin"] < MIN_MARGIN)).all()
    assert (recs["keep_in_house"] == (recs["recommended_option_id"] == baseline)).all()
    assert recs["confidence"].between(0, 1).all()
    assert (recs["recommended_option_id"] != recs["runner_up_option_id"]).all()
    assert all(len(codes) == 3 for codes in recs["top_risks"])
    assert all(len(items) == 3 and {"risk_code", "suggestion_code", "text_en", "text_ko"} <= items[0].keys()
               for items in recs["mitigations"])  # fmt: skip


# --- the method, stated as a known one --------------------------------------------------


def test_score_equals_spotis_preference_with_fixed_bounds():
    """With every criterion on a fixed 0..1 scale and the ideal at 1, score = 100 x (1 - SPOTIS preference)."""
    rows = [{"function_id": 1, "service_category": "ITO", "fte": 30.0, "annual_cost": 3e6,
             **dict.fromkeys(ANSWERS, 3.0), "skill_gap": 4.0}]  # fmt: skip
    options = korean_options()
    result = score_options(frame(rows), options, RISKS)
    values = result.contributions.pivot(index="option_id", columns="criterion", values="normalised_value")
    values = values.loc[:, list(CRITERIA)]
    weights = np.array([DEFAULT_WEIGHTS[c] for c in CRITERIA])
    spotis = SPOTIS(np.array([[0.0, 1.0]] * len(CRITERIA)))
    preference = spotis(values.to_numpy(), weights, np.ones(len(CRITERIA)))
    expected = pd.Series(100 * (1 - preference), index=values.index.astype(str))
    actual = result.scores.set_index(result.scores["option_id"].astype(str))["score"]
    assert np.allclose(actual.loc[expected.index], expected, atol=1e-9)


def test_risk_formula_is_simplerisk_classic():
    assert risk_score(5, 5) == RISK_SCORE_MAX == 35
    assert risk_score(2, 3) == 2 * 3 + 2 * 3


def test_in_house_carries_no_outsourcing_risk():
    rows = [{"function_id": 7, "service_category": "BPO_BACK", "fte": 5.0, "annual_cost": 1e6,
             **dict.fromkeys(ANSWERS, 5.0)}]  # fmt: skip
    options = korean_options()
    breakdown = score_options(frame(rows), options, RISKS).risk_breakdown
    in_house = breakdown[breakdown["option_id"] == "in-house|onshore|KR"]
    assert (in_house["likelihood"] == 1.0).all()
    assert (in_house["burden"] == 0.0).all()


def test_home_country_only_data_residency_worsens_the_fit_of_every_foreign_option():
    base = {"function_id": 1, "service_category": "BPO_BACK", "fte": 10.0, "annual_cost": 1e6,
            **dict.fromkeys(ANSWERS, 3.0), "data_sensitivity": 4.0}  # fmt: skip
    options = korean_options()

    def misfit(row):  # the raw strategic-fit value: unclipped, so every change shows
        c = score_options(frame([row]), options, RISKS).contributions
        return c[c["criterion"] == "strategic_fit"].set_index("option_id")["raw_value"]

    free, strict = misfit(base), misfit({**base, "data_residency_strict": 5.0})
    abroad = options.index[options["distance"] > 0]
    assert (strict[abroad] > free[abroad]).all()
    at_home = options.index[options["distance"] == 0]
    assert (strict[at_home] == free[at_home]).all()


# --- input checks ----------------------------------------------------------------------


def one_function() -> pd.DataFrame:
    return frame([{"function_id": 1, "service_category": "KPO", "fte": 3.0, "annual_cost": 1e5}])


@pytest.mark.parametrize(
    ("weights", "named"),
    [
        ({"cost_saving": 1, "speed": 1}, "speed"),
        ({"cost_saving": -1, "risk": 1}, "cost_saving"),
        ({"cost_saving": float("nan"), "risk": 1}, "cost_saving"),
        ({"cost_saving": 0, "risk": 0}, "cost_saving"),
    ],
)
def test_invalid_weights_raise_value_error_naming_the_criterion(weights, named):
    with pytest.raises(ValueError, match=named):
        score_options(one_function(), korean_options(), RISKS, weights)


def test_weights_are_normalised_to_one():
    result = score_options(one_function(), korean_options(), RISKS, {"cost_saving": 2, "risk": 2})
    assert result.weights["cost_saving"] == result.weights["risk"] == 0.5
    assert result.weights["expertise"] == 0.0


def test_low_risk_appetite_weighs_risk_more():
    cautious = score_options(one_function(), korean_options(), RISKS, profile={"risk_appetite": 1})
    open_ = score_options(one_function(), korean_options(), RISKS, profile={"risk_appetite": 5})
    assert cautious.weights["risk"] > DEFAULT_WEIGHTS["risk"] > open_.weights["risk"]


def test_mature_vendor_management_lowers_hidden_cost_likelihood():
    def likelihood(level):
        profile = {"vendor_maturity": level, "governance_capacity": level}
        rb = score_options(one_function(), korean_options(), RISKS, profile=profile).risk_breakdown
        row = rb[(rb["option_id"] == "total|offshore|IN") & (rb["risk_code"] == "hidden-costs")]
        return row["likelihood"].iloc[0]

    assert likelihood(5) < likelihood(3) < likelihood(1)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"service_category": "XYZ"}, "service_category"),
        ({"fte": 0.0}, "fte"),
        ({"skill_gap": 6.0}, "skill_gap"),
    ],
)
def test_invalid_function_rows_raise_value_error(change, message):
    functions = one_function().assign(**change)
    with pytest.raises(ValueError, match=message):
        score_options(functions, korean_options(), RISKS)


def test_options_need_exactly_one_baseline():
    options = korean_options()
    options.loc[options.index[1], "is_baseline"] = True
    with pytest.raises(ValueError, match="baseline"):
        score_options(one_function(), options, RISKS)


def test_unknown_profile_key_raises_value_error():
    with pytest.raises(ValueError, match="mood"):
        score_options(one_function(), korean_options(), RISKS, profile={"mood": 3})


def test_scoring_module_imports_no_django():
    code = (
        "import sys; import assessments.domain.scoring; "
        "bad = [m for m in sys.modules if m == 'django' or m.startswith('django.')]; "
        "sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


# --- location traits and the option grid -------------------------------------------------


def traits_for(home: str) -> pd.DataFrame:
    return build_location_traits(LOCATIONS[home], list(LOCATIONS.values()))


def korean_options() -> pd.DataFrame:
    return build_options(ENGAGEMENTS, traits_for("KR"), "KR")


@pytest.mark.parametrize(
    ("home", "place", "model"),
    [
        ("US", "CA", "nearshore"),
        ("US", "FR", "offshore"),
        ("US", "JP", "offshore"),
        ("KR", "JP", "nearshore"),
        ("KR", "CA", "offshore"),
        ("KR", "FR", "offshore"),
        ("FR", "FR", "onshore"),
    ],
)
def test_location_gets_the_sourcing_model_its_home_country_implies(home, place, model):
    assert traits_for(home).loc[place, "sourcing_model"] == model


def test_location_traits_scale_language_cost_and_time_zone():
    traits = traits_for("KR")
    assert traits.loc["KR", ["distance", "time_zone_gap", "language_mismatch", "low_english"]].tolist() == [0, 0, 0, 0]
    assert traits.loc["KR", "cost_ratio"] == 1.0
    assert traits.loc["IN", "low_english"] == pytest.approx((600 - 490) / 200)
    assert traits.loc["US", "low_english"] == 0.0  # native English: EF EPI does not rank it
    assert math.isnan(traits.loc["CN", "low_english"])  # no EF EPI score published
    assert traits.loc["IN", "cost_ratio"] == pytest.approx(2481 / 33121)
    assert math.isnan(traits.loc["TW", "cost_ratio"])
    assert traits.loc["US", "time_zone_gap"] == pytest.approx(10 / 12)  # UTC+9 vs UTC-5 is 14 h, i.e. 10 h
    assert traits.loc["JP", "language_mismatch"] == 1.0  # no main business language shared with Korea
    assert 0 < traits.loc["TW", "distance"] < traits.loc["JP", "distance"] < traits.loc["IN", "distance"] < 1


def test_option_grid_has_baseline_every_engagement_everywhere_and_homeshore_at_home():
    traits = traits_for("KR")
    options = korean_options()
    outsourcing = [e for e in ENGAGEMENTS if not e["is_baseline"]]
    assert len(options) == 1 + len(outsourcing) * (len(traits) + 1)
    assert options["is_baseline"].sum() == 1
    assert options.index[options["is_baseline"]].tolist() == ["in-house|onshore|KR"]
    assert {"total|onshore|KR", "total|homeshore|KR", "captive|offshore|IN", "co-sourcing|nearshore|JP"} <= set(
        options.index
    )
    assert options.loc["total|homeshore|KR", "distance"] == 0.0
    assert options.loc["selective|offshore|US", "share_outsourced"] == 0.6


# --- explanations and sensitivity ------------------------------------------------------


def scored_application_maintenance():
    rows = [{"function_id": 3, "service_category": "ITO", "fte": 40.0, "annual_cost": 4e6,
             **dict.fromkeys(ANSWERS, 3.0), "strategic_importance": 2.0, "standardisation": 4.0,
             "skill_gap": 4.0}]  # fmt: skip
    return frame(rows), score_options(frame(rows), korean_options(), RISKS)


def test_explain_names_the_largest_effects_in_english_and_korean():
    _, result = scored_application_maintenance()
    option = "total|offshore|IN"
    contributions = result.contributions[result.contributions["option_id"] == option]
    breakdown = result.risk_breakdown[result.risk_breakdown["option_id"] == option]
    english = explain(contributions, breakdown, top_n=3, lang="en")
    korean = explain(contributions, breakdown, top_n=3, lang="ko")
    assert len(english) == len(korean) == 3
    assert all("offshore total outsourcing (IN)" in line and "points" in line for line in english)
    assert all("오프쇼어 전면 아웃소싱(IN)" in line and "점" in line for line in korean)
    assert any("\u2212" in line for line in english) and not any("-" in line.split("→")[1] for line in english)


def test_explain_the_baseline_says_it_is_the_baseline():
    _, result = scored_application_maintenance()
    option = "in-house|onshore|KR"
    lines = explain(
        result.contributions[result.contributions["option_id"] == option],
        result.risk_breakdown[result.risk_breakdown["option_id"] == option],
    )
    assert lines == ["in-house (KR) is the baseline: every other option is compared with it."]


def test_sensitivity_flip_lies_within_the_step_whenever_a_step_changes_the_recommendation():
    functions, _ = scored_application_maintenance()
    table = sensitivity(functions, korean_options(), RISKS, None, None, step=0.2)
    assert len(table) == len(CRITERIA)
    assert set(table.columns) >= {"function_id", "criterion", "top_option_id", "flip_weight", "flip_option_id"}
    changes = table["minus_changes"] | table["plus_changes"]
    assert (table.loc[changes, "flip_factor"].sub(1).abs() <= 0.2 + 1e-6).all()
    never = table["flip_weight"].isna()
    assert not (changes & never).any()
    assert table.loc[~never, "flip_option_id"].ne(table.loc[~never, "top_option_id"]).all()
