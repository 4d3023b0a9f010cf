"""Hard limits exclude options, with a reason, whatever the weights. Written-out cases on the real catalogue."""

import numpy as np
import pytest

from assessments.domain.scoring import CRITERIA, score_options, sensitivity
from assessments.domain.scoring_words import exclusion_sentence
from tests.domain.scoring_cases import (
    APP_MAINTENANCE,
    CLAIMS,
    CONTACT_CENTRE,
    COUNTRIES,
    LOCATIONS,
    PAYROLL,
    RISKS,
    frame,
    function_row,
    options_for,
)

OPTIONS = options_for("KR")
EXTREME_WEIGHTS = [None] + [
    {c: (100.0 if c == criterion else level) for c in CRITERIA} for criterion in CRITERIA for level in (0.0, 1.0)
]


def korean_speaking(iso2: str) -> bool:
    return "Korean" in LOCATIONS[iso2]["business_languages"]


def scores_of(result, function_id: int):
    scores = result.scores
    return scores[scores["function_id"] == function_id]


@pytest.mark.parametrize("weights", EXTREME_WEIGHTS)
def test_a_korean_language_contact_centre_never_ranks_a_place_without_korean_above_onshore(weights):
    """Customers call in Korean. Whatever the weights, no location where Korean is not a main business
    language ranks above the best onshore option, and none is recommended; the reason names the language."""
    result = score_options(frame(function_row(1, "customer-service", 80, CONTACT_CENTRE)), OPTIONS, RISKS, weights)
    scores = scores_of(result, 1)
    foreign = scores[~scores["location"].astype(str).map(korean_speaking)]
    best_onshore = scores[scores["sourcing_model"].astype(str).isin(["onshore", "homeshore"])]["rank"].min()
    assert foreign["excluded"].all()
    assert (foreign["rank"] > best_onshore).all()
    rec = result.recommendations.iloc[0]
    assert str(rec["recommended_option_id"]).endswith("|KR")
    assert rec["runner_up_option_id"] is None or str(rec["runner_up_option_id"]).endswith("|KR")
    reasons = result.exclusions[result.exclusions["option_id"] == "total|offshore|KE"]
    assert reasons[["reason", "detail"]].values.tolist() == [["language", "Korean"]]


def test_the_language_reason_reads_as_a_sentence_in_both_languages():
    assert exclusion_sentence("language", "Korean", "total|offshore|KE", "KR", "en", COUNTRIES) == (
        "Korean is not a main business language in Kenya."
    )
    assert exclusion_sentence("language", "Korean", "total|offshore|KE", "KR", "ko", COUNTRIES) == (
        "케냐에서는 한국어가 주요 업무 언어가 아닙니다."
    )


def test_a_customer_facing_function_defaults_to_the_home_language_and_its_own_list_replaces_it():
    with_default = score_options(frame(function_row(1, "customer-service", 80, CONTACT_CENTRE)), OPTIONS, RISKS)
    assert scores_of(with_default, 1).set_index("option_id").loc["co-sourcing|offshore|PH", "excluded"]
    own_list = frame(function_row(1, "customer-service", 80, CONTACT_CENTRE, required_languages=["English"]))
    result = score_options(own_list, OPTIONS, RISKS)
    scores = scores_of(result, 1).set_index("option_id")
    assert not scores.loc["co-sourcing|offshore|PH", "excluded"]  # English is a main business language there
    assert scores.loc["co-sourcing|nearshore|JP", "excluded"]


def test_the_company_list_is_the_default_for_back_office_work():
    rows = frame(function_row(1, "application-development-maintenance", 30, APP_MAINTENANCE))
    free = scores_of(score_options(rows, OPTIONS, RISKS), 1)
    english = scores_of(score_options(rows, OPTIONS, RISKS, limits={"required_languages": ["English"]}), 1)
    assert not free["excluded"].any()
    excluded = set(english.loc[english["excluded"], "location"].astype(str))
    assert {"JP", "CN", "VN", "DE"} <= excluded
    assert not excluded & {"KR", "IN", "PH", "US"}


@pytest.mark.parametrize("weights", EXTREME_WEIGHTS)
def test_data_that_must_stay_home_leaves_only_in_house_onshore_and_a_captive_at_home(weights):
    """Claims data may not leave Korea (answer 5, "home country only"): only options in Korea (in-house,
    onshore providers, home-based staff, a captive subsidiary at home) can be recommended or ranked
    above any option abroad, at any weights."""
    result = score_options(frame(function_row(1, "payment-processing", 40, CLAIMS)), OPTIONS, RISKS, weights)
    scores = scores_of(result, 1)
    abroad = scores[scores["location"].astype(str) != "KR"]
    assert abroad["excluded"].all()
    assert (abroad["rank"] > scores[scores["location"].astype(str) == "KR"]["rank"].max()).all()
    rec = result.recommendations.iloc[0]
    assert str(rec["recommended_option_id"]).split("|")[2] == "KR"
    assert rec["runner_up_option_id"] is None or str(rec["runner_up_option_id"]).split("|")[2] == "KR"
    assert set(rec["top_locations"]) <= {"KR"}
    assert all((m["alternative_option_id"] or "|KR").endswith("|KR") for m in rec["mitigations"])


def test_residency_in_the_eu_or_with_an_adequacy_decision_follows_the_published_lists():
    rows = [
        function_row(1, "accounting", 10, PAYROLL, data_residency="eu_eea"),
        function_row(2, "accounting", 10, PAYROLL, data_residency="adequacy"),
    ]
    result = score_options(frame(*rows), options_for("DE"), RISKS)
    allowed = {fid: set(scores_of(result, fid).query("not excluded")["location"].astype(str)) for fid in (1, 2)}
    assert allowed[1] == {"DE", "IE", "FR", "NL", "ES", "PT", "PL", "RO", "CZ", "HU", "BG", "EE"}
    assert allowed[2] == allowed[1] | {"AR", "CA", "IL", "JP", "KR", "NZ", "GB", "US"}


@pytest.mark.parametrize("weights", EXTREME_WEIGHTS)
def test_an_excluded_country_never_appears_among_the_candidates(weights):
    rows = frame(function_row(1, "application-development-maintenance", 30, APP_MAINTENANCE, excluded_countries=["IN"],
                              excluded_regions=["South-eastern Asia"]))  # fmt: skip
    result = score_options(rows, OPTIONS, RISKS, weights)
    scores = scores_of(result, 1)
    out = scores["location"].astype(str).isin(["IN", "PH", "VN", "MY", "ID", "TH", "SG"])
    assert scores.loc[out, "excluded"].all() and not scores.loc[~out, "excluded"].any()
    assert (scores.loc[out, "rank"] > scores.loc[~out, "rank"].max()).all()
    rec = result.recommendations.iloc[0]
    named = [rec["recommended_option_id"], rec["runner_up_option_id"], rec["best_flagged_option_id"],
             *rec["top_locations"], *(m["alternative_option_id"] for m in rec["mitigations"])]  # fmt: skip
    assert not any(str(x).split("|")[-1] in {"IN", "PH", "VN", "MY", "ID", "TH", "SG"} for x in named if x)


def test_must_stay_in_house_and_a_share_limit_exclude_every_form_that_moves_too_much():
    rows = frame(
        function_row(1, "payroll", 9, PAYROLL, must_stay_in_house=True),
        function_row(2, "payroll", 9, PAYROLL, max_share_outsourced=0.5),
    )
    result = score_options(rows, OPTIONS, RISKS, {"cost_saving": 100, "focus_on_core": 100})
    one = scores_of(result, 1)
    assert one.loc[~one["is_baseline"], "excluded"].all()
    assert result.recommendations.iloc[0]["keep_in_house"]
    two = scores_of(result, 2)
    allowed = set(two.loc[~two["excluded"], "engagement"].astype(str))
    assert allowed == {"in-house", "co-sourcing"}  # co-sourcing moves half; selective 60 %, total and captive all
    detail = result.exclusions.query("function_id == 2 and option_id == 'total|onshore|KR'")["detail"].tolist()
    assert detail == ["100|50"]


@pytest.mark.parametrize("criterion", CRITERIA)
def test_no_weight_brings_an_excluded_option_back_in_the_sensitivity_search(criterion):
    rows = frame(function_row(1, "customer-service", 80, CONTACT_CENTRE), function_row(2, "payment-processing", 40,
                                                                                         CLAIMS))  # fmt: skip
    table = sensitivity(rows, OPTIONS, RISKS)
    flips = table.loc[table["criterion"] == criterion, "flip_option_id"].dropna().astype(str)
    assert all(option.endswith("|KR") for option in flips)


def test_bad_limits_are_refused_naming_the_field():
    with pytest.raises(ValueError, match="data_residency"):
        score_options(frame(function_row(1, "payroll", 9, PAYROLL, data_residency="moon")), OPTIONS, RISKS)
    with pytest.raises(ValueError, match="max_share_outsourced"):
        score_options(frame(function_row(1, "payroll", 9, PAYROLL, max_share_outsourced=1.5)), OPTIONS, RISKS)
    with pytest.raises(ValueError, match="limits"):
        score_options(frame(function_row(1, "payroll", 9, PAYROLL)), OPTIONS, RISKS, limits={"colour": "red"})


def test_an_option_frame_without_place_data_excludes_nothing_by_language_or_residency():
    """Runs stored before the limits existed keep opening: their option frames lack the place columns."""
    bare = OPTIONS.drop(columns=["business_languages", "region", "eu_eea", "eu_adequacy"])
    result = score_options(frame(function_row(1, "payment-processing", 40, CLAIMS)), bare, RISKS)
    assert not result.scores["excluded"].any()
    assert np.isfinite(result.scores["score"]).all()
