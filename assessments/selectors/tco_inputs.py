"""The inputs of a TCO run, as JSON: functions, the options worth costing, and every setting used."""

import hashlib
import json
import math

from django.conf import settings

from assessments.domain.tco import TCO_MODEL_VERSION
from assessments.models import Assessment, BusinessFunction, OptionScore, Recommendation, ScoringRun

TCO_SEED = 20261122  # fixed: the same inputs always give the same Monte Carlo figures


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def tco_inputs(assessment: Assessment, *, scoring_run: ScoringRun) -> dict:
    """Every function with its in-house cost, against in-house, its recommended option and runner-up, and its
    best-scoring other options (6 queries). An option a function's limits exclude is never costed."""
    functions = list(BusinessFunction.objects.filter(assessment=assessment).order_by("sort_order", "id"))
    home = assessment.home_country
    per_function = settings.TCO_OPTIONS_PER_FUNCTION
    # A location without a published cost level cannot be priced without a vendor quote; skip it.
    unpriceable = {row["option_id"] for row in scoring_run.inputs["options"] if row.get("cost_ratio") is None}
    # Excluded options rank after every allowed one, so the top ranks hold only allowed options.
    top = (
        OptionScore.objects.filter(run=scoring_run, is_baseline=False, excluded=False,
                                   rank__lte=per_function + 2 + len(unpriceable))
        .exclude(option_id__in=unpriceable)
        .order_by("function_id", "rank")
        .values_list("function_id", "option_id")
    )  # fmt: skip
    baseline = OptionScore.objects.filter(run=scoring_run, is_baseline=True).values_list("option_id", flat=True).first()
    chosen: dict[int, list[str]] = {}
    # The recommendation and its runner-up first: the TCO and the results page talk about the same options.
    for function_id, *picked in Recommendation.objects.filter(run=scoring_run).values_list(
        "function_id", "recommended_option_id", "runner_up_option_id"
    ):
        chosen[function_id] = [o for o in dict.fromkeys(picked) if o and o != baseline and o not in unpriceable]
    for function_id, option_id in top:
        options = chosen.setdefault(function_id, [])
        if len(options) < per_function and option_id not in options:
            options.append(option_id)
    wanted = {o for options in chosen.values() for o in options} | {baseline}
    options = [
        {
            "option_id": row["option_id"],
            "engagement": row["engagement"],
            "share_outsourced": row["share_outsourced"],
            "is_baseline": bool(row["is_baseline"]),
            "location": row["location"],
            "sourcing_model": row["sourcing_model"],
            "cost_ratio": _clean(row.get("cost_ratio")),
            "tax_rate_pct": _clean(row.get("tax_rate_pct")),
            "vendor_quote_hourly_usd": None,
        }
        for row in scoring_run.inputs["options"]
        if row["option_id"] in wanted
    ]
    pairs = [[f.pk, baseline] for f in functions] + [[fid, oid] for fid, ids in chosen.items() for oid in ids]
    return {
        "functions": [
            {
                "function_id": f.pk,
                "name": f.name,
                "fte": float(f.fte),
                "salary_per_fte": float(f.salary_per_fte),
                "overhead_pct": float(f.overhead_pct),
                "facilities_cost": float(f.facilities_cost),
                "it_cost": float(f.it_cost),
                "home_iso2": home.iso2,
                "home_tax_rate_pct": float(home.corporate_tax_rate_pct) if home.corporate_tax_rate_pct else None,
            }
            for f in functions
        ],
        "options": options,
        "pairs": pairs,
        "horizon_years": assessment.horizon_years,
        "discount_rate": float(assessment.discount_rate_pct) / 100,
        "currency": assessment.currency,
        "fx_rate_usd_to_currency": 1.0,  # only vendor quotes in USD use it; none are entered yet
        "assumptions": dict(assessment.tco_assumptions or {}),
        # JSON object keys are strings; the service turns them back into function ids.
        "function_overrides": {str(f.pk): f.tco_overrides for f in functions if f.tco_overrides},
        "seed": TCO_SEED,
        "draws": settings.TCO_DRAWS,
        "scoring_run_hash": scoring_run.inputs_hash,
    }


def inputs_digest(inputs: dict) -> str:
    """Same inputs and same model version -> the stored run is reused; a model change recomputes."""
    payload = {"inputs": inputs, "model_version": TCO_MODEL_VERSION}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
