"""The inputs of a TCO run, as JSON: functions, the options worth costing, the rates, quotes and exchange rates used."""

import hashlib
import json
import math

from django.conf import settings

from assessments.domain.rates import CAPTIVE, VENDOR_ENGAGEMENTS
from assessments.domain.tco import TCO_MODEL_VERSION
from assessments.models import Assessment, BusinessFunction, OptionScore, Recommendation, ScoringRun
from assessments.selectors.rates import RateContext, rate_context

TCO_SEED = 20261122  # fixed: the same inputs always give the same Monte Carlo figures
OPTION_FIELDS = ("engagement", "share_outsourced", "is_baseline", "location", "sourcing_model", "tax_rate_pct")


def _clean(value):
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _priceable(function_id: int, family: str, option: dict, cells: set, quotes: list[dict]) -> bool:
    """True when a rate-book or model cell, or a quote for this function, prices the option."""
    if (family, option["location"]) in cells:
        return True
    for q in quotes:
        if q["function_id"] != function_id or q["location"] != option["location"]:
            continue
        if q["engagement"] == option["engagement"] or (not q["engagement"] and option["engagement"]
                                                      in VENDOR_ENGAGEMENTS and option["engagement"] != CAPTIVE):
            return True
    return False


def _chosen_options(scoring_run: ScoringRun, functions, rates: RateContext) -> tuple[dict[int, list[str]], str]:
    """Per function: its recommended option and runner-up first (the TCO and the results page talk about the same
    options), then its best-scoring other options; only options something can price and the function's limits allow.
    And the baseline's option id."""
    options = {row["option_id"]: row for row in scoring_run.inputs["options"]}
    cells = {(c["family"], c["location"]) for c in rates.inputs.table}
    families = {f.pk: rates.per_function[f.pk]["rate_family"] for f in functions}
    per_function = settings.TCO_OPTIONS_PER_FUNCTION
    baseline = OptionScore.objects.filter(run=scoring_run, is_baseline=True).values_list("option_id", flat=True).first()

    def priceable(function_id: int, option_id: str) -> bool:
        return (function_id in families and option_id in options and option_id != baseline
                and _priceable(function_id, families[function_id], options[option_id], cells, rates.inputs.quotes))

    chosen: dict[int, list[str]] = {}
    for function_id, *picked in Recommendation.objects.filter(run=scoring_run).values_list(
        "function_id", "recommended_option_id", "runner_up_option_id"
    ):
        chosen[function_id] = [o for o in dict.fromkeys(picked) if o and priceable(function_id, o)]
    # An option a function's limits exclude is never costed (excluded options rank after every allowed one).
    ranked = (OptionScore.objects.filter(run=scoring_run, is_baseline=False, excluded=False)
              .order_by("function_id", "rank").values_list("function_id", "option_id"))  # fmt: skip
    for function_id, option_id in ranked.iterator():
        picked = chosen.setdefault(function_id, [])
        if len(picked) < per_function and option_id not in picked and priceable(function_id, option_id):
            picked.append(option_id)
    return chosen, baseline


def tco_inputs(assessment: Assessment, *, scoring_run: ScoringRun) -> dict:
    """Every function with its in-house cost, against in-house and its best-scoring priceable options."""
    functions = list(BusinessFunction.objects.filter(assessment=assessment).select_related("service_type")
                     .order_by("sort_order", "id"))  # fmt: skip
    home = assessment.home_country
    rates = rate_context(assessment, functions)
    chosen, baseline = _chosen_options(scoring_run, functions, rates)
    wanted = {o for options in chosen.values() for o in options} | {baseline}
    options = [{"option_id": row["option_id"], **{k: _clean(row.get(k)) for k in OPTION_FIELDS}}
               for row in scoring_run.inputs["options"] if row["option_id"] in wanted]  # fmt: skip
    for row in options:
        row["is_baseline"] = bool(row["is_baseline"])
    locations = {row["location"] for row in options} | {home.iso2}
    families = {rates.per_function[f.pk]["rate_family"] for f in functions}
    table = [c for c in rates.inputs.table if c["location"] in locations and c["family"] in families]
    pairs = [[f.pk, baseline] for f in functions] + [[fid, oid] for fid, ids in chosen.items() for oid in ids]
    per_usd = rates.inputs.per_usd
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
                "rate_family": rates.per_function[f.pk]["rate_family"],
            }
            for f in functions
        ],
        "options": options,
        "pairs": pairs,
        "horizon_years": assessment.horizon_years,
        "discount_rate": float(assessment.discount_rate_pct) / 100,
        "currency": assessment.currency,
        "fx_rate_usd_to_currency": per_usd.get(assessment.currency),
        "fx_per_usd": per_usd,
        "fx": rates.fx,  # each rate with its date and source, for the pages and the reports
        "missing_currencies": rates.missing_currencies,
        "rate_table": table,
        "quotes": [q for q in rates.inputs.quotes if q["function_id"] in {f.pk for f in functions}],
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
