"""Four business functions of a Korean company, scored against all 45 catalogue locations.

The catalogue files are the real ones (risk factors, engagement models, service types,
locations). Each test states the outcome a sourcing consultant would accept and why.
"""

from pathlib import Path

import pandas as pd
import pytest
import yaml

from assessments.domain.scoring import MIN_MARGIN, build_location_traits, build_options, explain, score_options
from outsourcing.domain.location_risk_inputs import catalogue_locations

DATA = Path(__file__).resolve().parents[2] / "outsourcing" / "data"
HOME = "KR"


def _yaml(name: str):
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))


def _locations() -> list[dict]:
    return catalogue_locations(DATA)


PAYROLL, CUSTOMER_SERVICE, CORE_RND, APP_MAINTENANCE = 1, 2, 3, 4
ANSWERS = {
    # payroll for 2,000 staff: about 9 payroll FTE; rule-based and documented, but salaries
    # and personal data are as sensitive as data gets, and Korean tax and labour law apply
    PAYROLL: ("payroll", 9, {
        "strategic_importance": 1, "data_sensitivity": 5, "standardisation": 5, "knowledge_intensity": 2,
        "context_dependence": 2, "customer_exposure": 1, "regulatory_constraints": 4,
        "volume_variability": 2, "skill_gap": 2, "urgency": 3,
    }),
    # brand-critical customer service: customers hear the agents, in Korean; peaks around campaigns
    CUSTOMER_SERVICE: ("customer-service", 60, {
        "strategic_importance": 4, "data_sensitivity": 3, "standardisation": 4, "knowledge_intensity": 2,
        "context_dependence": 4, "customer_exposure": 5, "regulatory_constraints": 2,
        "volume_variability": 4, "skill_gap": 2, "urgency": 3,
    }),
    # core R&D: the source of the company's advantage and its most valuable IP
    CORE_RND: ("research-development", 120, {
        "strategic_importance": 5, "data_sensitivity": 5, "standardisation": 1, "knowledge_intensity": 5,
        "context_dependence": 5, "customer_exposure": 1, "regulatory_constraints": 3,
        "volume_variability": 2, "skill_gap": 2, "urgency": 2,
    }),
    # maintenance of business applications: documented change process, not core, skills short in-house
    APP_MAINTENANCE: ("application-development-maintenance", 40, {
        "strategic_importance": 2, "data_sensitivity": 3, "standardisation": 4, "knowledge_intensity": 3,
        "context_dependence": 3, "customer_exposure": 1, "regulatory_constraints": 2,
        "volume_variability": 3, "skill_gap": 4, "urgency": 3,
    }),
}  # fmt: skip


@pytest.fixture(scope="module")
def options() -> pd.DataFrame:
    locations = _locations()
    assert len(locations) == 45
    home = next(place for place in locations if place["iso2"] == HOME)
    traits = build_location_traits(home, locations)
    return build_options(_yaml("engagement_models.yaml"), traits, HOME)


@pytest.fixture(scope="module")
def result(options):
    types = {t["code"]: t for t in _yaml("service_types.yaml")}
    rows = []
    for function_id, (type_code, fte, answers) in ANSWERS.items():
        service = types[type_code]
        rows.append(
            {
                "function_id": function_id,
                "service_category": service["category"],
                "fte": float(fte),
                "annual_cost": fte * 60_000_000.0,  # KRW, fully loaded
                "typical_knowledge_intensity": service["knowledge_intensity"],
                "typical_data_sensitivity": service["data_sensitivity"],
                "typical_standardisation": service["standardisation"],
                **answers,
            }
        )
    return score_options(pd.DataFrame(rows).set_index("function_id"), options, _yaml("risk_factors.yaml"))


def recommendation(result, function_id) -> pd.Series:
    return result.recommendations.set_index("function_id").loc[function_id]


def option_scores(result, function_id) -> pd.DataFrame:
    return result.scores[result.scores["function_id"] == function_id]


def describe(options, option_id) -> tuple[str, str]:
    row = options.loc[option_id]
    return row["engagement"], row["sourcing_model"]


def test_payroll_is_outsourced_whole_and_kept_close_to_home(result, options):
    """Payroll is the textbook commodity process: rule-based, fully documented, no competitive
    advantage, and specialist providers run it at scale. The salary and personal data and the
    Korean tax rules argue against sending it far away, so a consultant expects selective or
    total outsourcing to a domestic (or at most nearshore) provider."""
    rec = recommendation(result, PAYROLL)
    assert not rec["keep_in_house"]
    engagement, sourcing = describe(options, rec["recommended_option_id"])
    assert engagement in {"selective", "total"}
    assert sourcing in {"onshore", "homeshore", "nearshore"}
    assert rec["margin"] >= MIN_MARGIN
    scores = option_scores(result, PAYROLL)
    far = scores[scores["sourcing_model"] == "offshore"]["score"].max()
    assert far < scores[scores["option_id"] == rec["recommended_option_id"]]["score"].iloc[0]


def test_payroll_explanation_leads_with_focus_on_core_work(result):
    """The reason to move payroll is that managing it adds nothing to the business."""
    rec = recommendation(result, PAYROLL)["recommended_option_id"]
    c, rb = result.contributions, result.risk_breakdown
    lines = explain(
        c[(c["function_id"] == PAYROLL) & (c["option_id"] == rec)],
        rb[(rb["function_id"] == PAYROLL) & (rb["option_id"] == rec)],
    )
    assert "focus on core work" in lines[0] and "+" in lines[0]


def test_brand_critical_customer_service_stays_home_and_is_never_total_offshore(result, options):
    """Customers hear these agents, in Korean, and the brand rides on every call. A consultant
    rejects total offshore outsourcing outright (no Korean-speaking workforce abroad, backlash,
    loss of control over the brand). Keeping the team in-house, or bringing in a Korean
    co-sourcing partner for the campaign peaks, are both acceptable; if anything moves, the
    partner should be at home and work alongside the company's own team."""
    rec = recommendation(result, CUSTOMER_SERVICE)
    engagement, sourcing = describe(options, rec["recommended_option_id"])
    assert (engagement, sourcing) != ("total", "offshore")
    assert engagement == "in-house" or (
        engagement in {"co-sourcing", "selective"} and sourcing in {"onshore", "homeshore", "nearshore"}
    )
    scores = option_scores(result, CUSTOMER_SERVICE)
    best_alternative = scores[~scores["is_baseline"]].iloc[0]
    assert best_alternative["engagement"] == "co-sourcing"
    assert best_alternative["sourcing_model"] in {"onshore", "homeshore"}
    total_offshore = scores[(scores["engagement"] == "total") & (scores["sourcing_model"] == "offshore")]
    assert (total_offshore["delta_vs_baseline"] < -10).all()


def test_core_rnd_stays_in_house_or_in_a_captive(result, options):
    """R&D at strategic importance 5 with the company's most sensitive IP is what the firm *is*;
    a consultant would keep it in-house (a captive subsidiary at most), with high confidence."""
    rec = recommendation(result, CORE_RND)
    engagement, _ = describe(options, rec["recommended_option_id"])
    assert engagement in {"in-house", "captive"}
    assert rec["confidence"] >= 0.9
    scores = option_scores(result, CORE_RND)
    assert (scores[scores["engagement"] == "total"]["delta_vs_baseline"] < -20).all()


def test_application_maintenance_is_outsourced_and_offshore_is_acceptable(result, options):
    """Maintaining business applications is non-core, runs on a documented change process and
    the in-house team lacks skills: the classic ITO case. A consultant expects selective or total
    outsourcing, and would accept an offshore delivery centre for it."""
    rec = recommendation(result, APP_MAINTENANCE)
    assert not rec["keep_in_house"]
    engagement, _ = describe(options, rec["recommended_option_id"])
    assert engagement in {"selective", "total"}
    scores = option_scores(result, APP_MAINTENANCE)
    best_offshore = scores[scores["sourcing_model"] == "offshore"]["delta_vs_baseline"].max()
    assert best_offshore >= MIN_MARGIN
    assert len(rec["top_locations"]) == 3


def test_lock_in_on_outsourced_maintenance_suggests_co_sourcing(result):
    """Lock-in is a typical ITO worry; the suggested way out is co-sourcing in the same place."""
    rec = recommendation(result, APP_MAINTENANCE)
    suggestions = {m["risk_code"]: m for m in rec["mitigations"]}
    assert "vendor-lock-in" in rec["top_risks"]
    lock_in = suggestions["vendor-lock-in"]
    assert lock_in["suggestion_code"] == "use-co-sourcing"
    assert lock_in["alternative_option_id"].startswith("co-sourcing|")
    assert lock_in["text_en"] and lock_in["text_ko"]
