"""Written-out cases for the scoring tests: real catalogue data, a Korean home, functions built by name."""

from pathlib import Path

import pandas as pd
import yaml

from assessments.domain.scoring import build_location_traits, build_options
from outsourcing.domain.location_risk_inputs import catalogue_locations

DATA = Path(__file__).resolve().parents[2] / "outsourcing" / "data"
RISKS = yaml.safe_load((DATA / "risk_factors.yaml").read_text(encoding="utf-8"))
ENGAGEMENTS = yaml.safe_load((DATA / "engagement_models.yaml").read_text(encoding="utf-8"))
SERVICE_TYPES = {t["code"]: t for t in yaml.safe_load((DATA / "service_types.yaml").read_text(encoding="utf-8"))}
LOCATIONS = {row["iso2"]: row for row in catalogue_locations(DATA)}
COUNTRIES = {iso: (row["name_en"], row["name_ko"]) for iso, row in LOCATIONS.items()}
RISK_NAMES = {r["code"]: (r["name_en"], r["name_ko"]) for r in RISKS}

# A Korean-language contact centre: customers call in Korean and hear the agents (answers 5).
CONTACT_CENTRE = {
    "strategic_importance": 4, "data_sensitivity": 3, "standardisation": 4, "knowledge_intensity": 2,
    "context_dependence": 3, "customer_exposure": 5, "native_language_need": 5, "regulatory_constraints": 3,
    "volume_variability": 4, "skill_gap": 2, "urgency": 3,
}  # fmt: skip
# Insurance claims: the most sensitive and most regulated data the company holds.
CLAIMS = {
    "strategic_importance": 3, "data_sensitivity": 5, "data_residency_strict": 5, "standardisation": 4,
    "knowledge_intensity": 3, "context_dependence": 3, "customer_exposure": 2, "regulatory_constraints": 5,
    "volume_variability": 3, "skill_gap": 2, "urgency": 3,
}  # fmt: skip
# Maintenance of business applications: documented, not core, skills short in-house (the ITO case).
APP_MAINTENANCE = {
    "strategic_importance": 2, "data_sensitivity": 3, "standardisation": 4, "knowledge_intensity": 3,
    "context_dependence": 3, "customer_exposure": 1, "regulatory_constraints": 2, "volume_variability": 3,
    "skill_gap": 4, "urgency": 3,
}  # fmt: skip
PAYROLL = {
    "strategic_importance": 1, "data_sensitivity": 5, "standardisation": 5, "knowledge_intensity": 2,
    "context_dependence": 2, "customer_exposure": 1, "regulatory_constraints": 4, "volume_variability": 2,
    "skill_gap": 2, "urgency": 3,
}  # fmt: skip


def options_for(home: str = "KR") -> pd.DataFrame:
    traits = build_location_traits(LOCATIONS[home], list(LOCATIONS.values()))
    return build_options(ENGAGEMENTS, traits, home)


def function_row(function_id: int, service_type: str, fte: float, answers: dict, **limits) -> dict:
    service = SERVICE_TYPES[service_type]
    return {
        "function_id": function_id,
        "service_category": service["category"],
        "fte": float(fte),
        "annual_cost": fte * 60_000_000.0,
        "typical_knowledge_intensity": service["knowledge_intensity"],
        "typical_data_sensitivity": service["data_sensitivity"],
        "typical_standardisation": service["standardisation"],
        **answers,
        **limits,
    }


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows)).set_index("function_id")


DEMO_DIR = Path(__file__).resolve().parents[2] / "assessments"


def demo_inputs(filename: str) -> tuple[pd.DataFrame, dict, dict, dict[int, str]]:
    """A demo organisation's data file as the scoring takes it: functions (limits included), profile,
    company limits, and {function_id: name}. The same figures the app scores after `make run`."""
    spec = yaml.safe_load((DEMO_DIR / filename).read_text(encoding="utf-8"))
    rows, names = [], {}
    for i, row in enumerate(spec["functions"], start=1):
        limits = dict(row.get("limits") or {})
        if "max_share_outsourced_pct" in limits:
            limits["max_share_outsourced"] = limits.pop("max_share_outsourced_pct") / 100
        service = SERVICE_TYPES[row["service_type"]]
        cost = row["fte"] * row["salary"] * (1 + row["overhead"] / 100) + row["facilities"] + row["it"]
        rows.append({"function_id": i, "service_category": service["category"], "fte": float(row["fte"]),
                     "annual_cost": float(cost), "typical_knowledge_intensity": service["knowledge_intensity"],
                     "typical_data_sensitivity": service["data_sensitivity"],
                     "typical_standardisation": service["standardisation"], **row["answers"], **limits})  # fmt: skip
        names[i] = row["name"]
    profile = {k: v for k, v in spec["profile"].items() if k in ("risk_appetite", "vendor_maturity",
                                                                   "governance_capacity", "data_residency")}
    return frame(*rows), profile, {"required_languages": spec["required_languages"]}, names
