"""Turn an assessment's rows into the plain data the pure scoring module takes (8 queries, any size)."""

import hashlib
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessments.domain import scoring
from assessments.domain.rates import RateInputs
from assessments.domain.scoring_params import ANSWERS
from assessments.models import Assessment, BusinessFunction, FunctionAnswer, ProfileAnswer, RiskOverride
from assessments.selectors.rates import rate_context
from outsourcing.models import EngagementModel, Location, RiskFactor

LOCATION_FIELDS = ["iso2", "utc_offset_hours", "land_neighbours", "business_languages", "ef_epi_score",
                   "gdp_per_capita_usd", "corporate_tax_rate_pct", "kearney_gsli_rank_2023", "region",
                   "capital_lat", "capital_lon", "hofstede_pdi", "hofstede_idv", "hofstede_mas", "hofstede_uai",
                   "rule_of_law_score", "eu_eea", "eu_adequacy"]  # fmt: skip
NUMERIC_LOCATION_FIELDS = ("utc_offset_hours", "ef_epi_score", "gdp_per_capita_usd", "corporate_tax_rate_pct",
                           "kearney_gsli_rank_2023", "capital_lat", "capital_lon", "rule_of_law_score")  # fmt: skip
RISK_FIELDS = ["code", "default_likelihood", "default_impact", "modifiers", "name_en", "name_ko",
               "mitigation_en", "mitigation_ko", "exposure"]  # fmt: skip
# Profile answers the scoring reads; industry and company size are context for people, not the model.
PROFILE_KEYS = ("risk_appetite", "vendor_maturity", "governance_capacity", "data_residency")
ENGAGEMENT_FIELDS = ["code", "is_baseline", "control", "dependency", "setup_effort", "share_outsourced"]


@dataclass(frozen=True)
class ScoringInputs:
    functions: pd.DataFrame
    options: pd.DataFrame
    risks: list[dict]
    weights: dict[str, float] | None
    profile: dict[str, float]
    # company-wide limits and decisions: required_languages, risk_overrides ([function_id, option_id])
    limits: dict
    rates: RateInputs | None = None

    def snapshot(self) -> dict:
        """JSON-safe copy of exactly what is scored (NaN becomes null)."""
        return {
            "functions": _records(self.functions),
            "options": _records(self.options),
            "risks": self.risks,
            "weights": self.weights,
            "profile": self.profile,
            "limits": self.limits,
            "rates": self.rates.snapshot() if self.rates is not None else None,
        }

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(self.snapshot(), sort_keys=True, default=str).encode()).hexdigest()


def _records(frame: pd.DataFrame) -> list[dict]:
    flat = frame.reset_index()
    return flat.astype(object).where(pd.notna(flat), None).to_dict("records")


def _plain(value):
    """Decimals and the like to floats; None stays None."""
    return None if value is None else float(value)


def location_dicts(locations) -> list[dict]:
    rows = []
    for loc in locations:
        row = {name: loc[name] for name in LOCATION_FIELDS}
        for name in NUMERIC_LOCATION_FIELDS:
            row[name] = _plain(row[name])
        rows.append(row)
    return rows


def allowed_locations(assessment: Assessment, locations: list[dict], excluded_ids: set[str]) -> list[dict]:
    """Locations the organisation has not excluded, by country or by region (the home country always stays)."""
    regions = set(assessment.excluded_regions or [])
    home = assessment.home_country.iso2
    return [loc for loc in locations
            if loc["iso2"] == home or (loc["iso2"] not in excluded_ids and loc["region"] not in regions)]  # fmt: skip


def scoring_inputs(assessment: Assessment) -> ScoringInputs:
    functions = list(
        BusinessFunction.objects.filter(assessment=assessment)
        .select_related("service_type__category")
        .order_by("sort_order", "id")
    )
    answers: dict[int, dict[str, int]] = {f.pk: {} for f in functions}
    for function_id, code, value in FunctionAnswer.objects.filter(function__assessment=assessment).values_list(
        "function_id", "question__code", "value"
    ):
        answers[function_id][code] = value
    answer_columns = [*ANSWERS, "data_residency_strict", "native_language_need"]
    rates = rate_context(assessment, functions)
    settings = rates.per_function
    frame = pd.DataFrame(
        {
            "service_category": [f.service_type.category.code for f in functions],
            "fte": [float(f.fte) for f in functions],
            "annual_cost": [float(f.annual_cost) for f in functions],
            "typical_knowledge_intensity": [f.service_type.knowledge_intensity for f in functions],
            "typical_data_sensitivity": [f.service_type.data_sensitivity for f in functions],
            "typical_standardisation": [f.service_type.standardisation for f in functions],
            **{code: [answers[f.pk].get(code, np.nan) for f in functions] for code in answer_columns},
            **function_limit_columns(functions),
            "home_iso2": assessment.home_country.iso2,
            **{name: [settings[f.pk][name] for f in functions] for name in
               ("rate_family", "hours_per_fte", "captive_rate_factor", "onsite_share", "model_rate_band")},
        },
        index=pd.Index([f.pk for f in functions], name="function_id"),
    )
    locations = location_dicts(Location.objects.values(*LOCATION_FIELDS))
    excluded = set(assessment.excluded_locations.values_list("iso2", flat=True))
    home_iso2 = assessment.home_country.iso2
    home = next(loc for loc in locations if loc["iso2"] == home_iso2)
    traits = scoring.build_location_traits(home, allowed_locations(assessment, locations, excluded))
    engagements = [
        {**row, "share_outsourced": float(row["share_outsourced"])}
        for row in EngagementModel.objects.order_by("sort_order").values(*ENGAGEMENT_FIELDS)
    ]
    options = scoring.build_options(engagements, traits, home_iso2)
    risks = list(RiskFactor.objects.order_by("sort_order").values(*RISK_FIELDS))
    profile = dict(ProfileAnswer.objects.filter(assessment=assessment).values_list("question__code", "value"))
    overrides = RiskOverride.objects.filter(assessment=assessment).order_by("function_id", "option_id")
    return ScoringInputs(
        functions=frame,
        options=options,
        risks=risks,
        weights=dict(assessment.criterion_weights) or None,
        profile={k: v for k, v in profile.items() if k in PROFILE_KEYS},
        limits={
            "required_languages": list(assessment.required_languages or []),
            "risk_overrides": [list(pair) for pair in overrides.values_list("function_id", "option_id")],
        },
        rates=rates.inputs,
    )


def function_limit_columns(functions: list[BusinessFunction]) -> dict[str, list]:
    """The per-function limits as the scoring reads them (assessments/domain/scoring_constraints.py)."""
    return {
        "required_languages": [f.required_languages for f in functions],
        "data_residency": [f.data_residency or None for f in functions],
        "excluded_countries": [list(f.excluded_countries or []) for f in functions],
        "excluded_regions": [list(f.excluded_regions or []) for f in functions],
        "must_stay_in_house": [bool(f.must_stay_in_house) for f in functions],
        "max_share_outsourced": [None if f.max_share_outsourced_pct is None else f.max_share_outsourced_pct / 100
                                 for f in functions],
    }  # fmt: skip


def rates_from_snapshot(snapshot: dict) -> RateInputs | None:
    """The RateInputs a stored run was scored with (None for runs scored before rates were stored)."""
    stored = snapshot.get("rates")
    return RateInputs(**stored) if stored else None
