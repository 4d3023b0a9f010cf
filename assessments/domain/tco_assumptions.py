"""Default TCO assumptions, where each comes from, and how overrides are checked. Pure: no Django.

Every entry of DEFAULT_ASSUMPTIONS holds:
- value: used by the deterministic model (and the most likely value of a triangular draw);
- low, high: the range drawn by the Monte Carlo (distribution "uniform" or "triangular"),
  or the published range for documentation when the distribution is "fixed" (not drawn);
- distribution: "fixed", "uniform" or "triangular";
- unit, source, year, note: what the number means and where it comes from. "assumption"
  in the source means no published figure backs it: the project chose it, users override it;
- bounds: the smallest and largest value an override may take (checked, ValueError otherwise).

Fractions are plain numbers (0.08 = 8 %). docs/tco.md explains each one.
"""

from collections.abc import Iterable, Mapping
from math import isfinite

FIXED, UNIFORM, TRIANGULAR = "fixed", "uniform", "triangular"
ASSUMPTION = "assumption (this project; no published figure)"
CIO_2003 = 'CIO magazine, S. Overby, "The Hidden Costs of Offshore Outsourcing", 1 Sep 2003'
FIELDS = ("value", "low", "high", "distribution", "unit", "source", "year", "note", "bounds")


def _a(value, low, high, distribution, unit, bounds, source, year, note=""):
    return {
        "value": value,
        "low": low,
        "high": high,
        "distribution": distribution,
        "unit": unit,
        "source": source,
        "year": year,
        "note": note,
        "bounds": bounds,
    }


DEFAULT_ASSUMPTIONS: dict[str, dict] = {
    "hours_per_fte": _a(
        1800.0, 1600.0, 2080.0, FIXED, "hours per FTE per year", (100.0, 3000.0), ASSUMPTION, 2026,
        "52 weeks x 40 h = 2,080 paid hours, less holidays, leave and sickness. Turns a vendor's hourly "
        "quote into a yearly fee; the GDP-based estimate does not depend on it.",
    ),
    "wage_inflation_home": _a(
        0.03, 0.0, 0.06, TRIANGULAR, "fraction per year", (-0.2, 1.0), ASSUMPTION, 2026,
        "Yearly growth of in-house cost (salary, overhead, facilities, IT). No per-country wage series "
        "in the reference data: set the home country's figure per assessment.",
    ),
    "wage_inflation_location": _a(
        0.03, 0.0, 0.08, TRIANGULAR, "fraction per year", (-0.2, 1.0), ASSUMPTION, 2026,
        "Yearly growth of the provider's rate. Drawn independently per location country; wider upwards "
        "than at home because fast-growing locations often see faster wage growth (no figure published "
        "in the reference data). An option in the home country uses the home draw.",
    ),
    "fx_volatility": _a(
        0.10, 0.10, 0.10, FIXED, "standard deviation of the yearly log change", (0.0, 1.0), ASSUMPTION, 2026,
        "Exchange rate drawn as a driftless lognormal random walk from year 2 (year 1 at the rate passed "
        "in). Applies only to options abroad when the assessment currency is not USD.",
    ),
    "vendor_rate_spread_quote": _a(
        0.10, 0.10, 0.10, FIXED, "+/- fraction of the rate", (0.0, 0.9), ASSUMPTION, 2026,
        "A quote is drawn triangular(rate x (1 - spread), rate, rate x (1 + spread)): scope changes and "
        "renegotiation move even a quoted price.",
    ),
    "vendor_rate_spread_estimate": _a(
        0.30, 0.30, 0.30, FIXED, "+/- fraction of the rate", (0.0, 0.9), ASSUMPTION, 2026,
        "An estimated rate is drawn triangular(rate x (1 - spread), rate, rate x (1 + spread)).",
    ),
    "cost_elasticity": _a(
        0.58, 0.54, 0.63, FIXED, "elasticity of cost to GDP per capita", (0.0, 2.0),
        "fitted to locations.csv: call-centre base wages (Site Selection Group 2024 [S26], US entry wage "
        "2023 [S27]) against World Bank GDP per capita 2023 [S29]", 2024,
        "Least-squares slope through the origin of ln(wage / US wage) on ln(GDP pc / US GDP pc) for MX, CO, "
        "CR, IN, PH (each country alone: 0.54-0.63). BPO agents only; no IT rate guide could be read.",
    ),
    "vendor_margin": _a(
        0.20, 0.10, 0.35, FIXED, "fraction on top of the provider's cost", (0.0, 2.0), ASSUMPTION, 2026,
        "Margin an outside provider adds to its own loaded cost in the estimated rate. Not used with a quote.",
    ),
    "captive_overhead": _a(
        0.10, 0.05, 0.20, FIXED, "fraction on top of the captive's cost", (0.0, 2.0), ASSUMPTION, 2026,
        "A captive has no vendor margin but carries its own entity costs (local management, audit, legal).",
    ),
    "productivity_loss": _a(
        0.10, 0.0, 0.20, TRIANGULAR, "extra provider hours, fraction, years 1-2", (0.0, 1.0),
        "Meta Group, quoted in " + CIO_2003, 2003,
        "Up to 20 % productivity lost in the first two years; the default takes the middle of 0-20 %.",
    ),
    "governance_pct": _a(
        0.075, 0.03, 0.12, UNIFORM, "fraction of provider spend per year", (0.0, 1.0),
        "CIOL 2003 (3-12 % of provider spend); ZDNet Tech Update, Oct 2003 (5-12 % of contract value)", 2003,
        "Vendor management and the retained governance team. Default = middle of 3-12 %.",
    ),
    "captive_governance_factor": _a(
        0.5, 0.5, 0.5, FIXED, "multiplier on governance_pct", (0.0, 1.0), ASSUMPTION, 2026,
        "A captive stays under the company's control, so it needs less vendor management.",
    ),
    "travel_pct_onshore": _a(
        0.002, 0.002, 0.02, FIXED, "fraction of provider spend per year", (0.0, 0.5),
        "sourcingmag.com summary 2006 (0.2-2 % per year); " + CIO_2003, 2006,
        "Communication and travel. Onshore (and home-shore) at the low end of 0.2-2 %.",
    ),
    "travel_pct_nearshore": _a(
        0.01, 0.002, 0.02, FIXED, "fraction of provider spend per year", (0.0, 0.5),
        "sourcingmag.com summary 2006 (0.2-2 % per year); " + CIO_2003, 2006,
        "Nearshore in the middle of 0-2 %: shorter trips, smaller time-zone gap.",
    ),
    "travel_pct_offshore": _a(
        0.02, 0.002, 0.02, FIXED, "fraction of provider spend per year", (0.0, 0.5),
        "sourcingmag.com summary 2006 (0.2-2 % per year); " + CIO_2003, 2006,
        "Offshore at the top of 0.2-2 %: CIO 2003 describes site visits overseas before and after signing.",
    ),
    "vendor_selection_pct": _a(
        0.01, 0.01, 0.10, FIXED, "fraction of one year's contract, once in year 1", (0.0, 1.0), CIO_2003, 2003,
        "CIO 2003: 1-10 % on vendor selection and initial travel. Default at the low end because the yearly "
        "travel line already carries travel (the 0.2-2 % per year summary is the same cost spread over a deal).",
    ),
    "parallel_running_months": _a(
        6.0, 3.0, 12.0, FIXED, "months", (0.0, 36.0), CIO_2003, 2003,
        "Transition of 3 months to a year with no savings: the in-house cost of the share being moved "
        "continues and provider fees start after it. Drawn through transition_overrun.",
    ),
    "transition_overrun": _a(
        1.0, 1.0, 1.5, TRIANGULAR, "multiplier >= 1", (1.0, 5.0), ASSUMPTION, 2026,
        "Stretches the parallel-running months and the one-off selection, transition-fee and set-up costs "
        "(not severance). Most likely on plan, up to half as long again.",
    ),
    "severance_retention_pct": _a(
        0.04, 0.03, 0.05, FIXED, "fraction of one year's contract, once in year 1", (0.0, 1.0), CIO_2003, 2003,
        "Layoffs, retention bonuses and related costs: 3-5 % on top of the contract. Default = middle.",
    ),
    "transition_fee_pct": _a(
        0.0, 0.0, 0.0, FIXED, "fraction of one year's contract, once in year 1", (0.0, 2.0), ASSUMPTION, 2026,
        "A provider's one-off transition or knowledge-transfer fee. 0 by default because parallel running "
        "already carries the knowledge-transfer period; enter the vendor's figure when it charges one.",
    ),
    "captive_setup_pct": _a(
        0.30, 0.10, 1.00, FIXED, "fraction of one year's captive cost, once in year 1", (0.0, 5.0), ASSUMPTION, 2026,
        "Setting up the subsidiary (entity, premises, hiring, equipment). No published figure was found.",
    ),
    "exit_cost_pct": _a(
        0.05, 0.0, 0.50, FIXED, "fraction of the final year's contract, once in the last year", (0.0, 2.0),
        ASSUMPTION, 2026,
        "Re-tendering or handing back at the end of the horizon (repeats part of vendor selection and "
        "transition). Not charged for the captive, which the company keeps.",
    ),
    "captive_markup_pct": _a(
        0.05, 0.05, 0.05, FIXED, "fraction of the captive's cost", (0.0, 1.0),
        "OECD Transfer Pricing Guidelines 2017, para. 7.61 (simplified approach, low value-adding "
        "intra-group services)", 2017,
        "The captive charges the parent cost plus this markup; the markup's profit is taxed in the location "
        "instead of at home. Set 0 to leave tax out.",
    ),
}

# Engagement codes (outsourcing/data/engagement_models.yaml) and sourcing-model codes.
ENGAGEMENTS = ("in-house", "co-sourcing", "selective", "total", "captive")
SOURCING_MODELS = ("onshore", "nearshore", "offshore", "homeshore")


def _check_number(name: str, field: str, number) -> float:
    if isinstance(number, bool) or not isinstance(number, int | float) or not isfinite(float(number)):
        raise ValueError(f"assumption '{name}': {field} must be a finite number, got {number!r}")
    return float(number)


def _apply(name: str, entry: dict, override, origin: str) -> dict:
    """One override on one entry. A bare number fixes the value (no draw); a dict sets value/low/high."""
    entry = dict(entry)
    if isinstance(override, Mapping):
        unknown = set(override) - {"value", "low", "high"}
        if unknown:
            raise ValueError(f"assumption '{name}': unknown field(s) {sorted(unknown)}; use value, low, high")
        for field in ("value", "low", "high"):
            if field in override:
                entry[field] = _check_number(name, field, override[field])
        if "value" in override and "low" not in override and "high" not in override:
            entry["low"] = entry["high"] = entry["value"]
    else:
        entry["value"] = entry["low"] = entry["high"] = _check_number(name, "value", override)
    lo, hi = entry["bounds"]
    for field in ("value", "low", "high"):
        if not lo <= entry[field] <= hi:
            raise ValueError(f"assumption '{name}': {field} {entry[field]} is outside {lo}..{hi} ({entry['unit']})")
    if entry["distribution"] != FIXED and not entry["low"] <= entry["value"] <= entry["high"]:
        raise ValueError(f"assumption '{name}': needs low <= value <= high, got {entry['low']}, "
                         f"{entry['value']}, {entry['high']}")
    entry["origin"] = origin
    return entry


def _check_names(overrides: Mapping, where: str) -> None:
    if not isinstance(overrides, Mapping):
        raise ValueError(f"{where} must be a dict of assumption name -> value")
    unknown = sorted(set(overrides) - set(DEFAULT_ASSUMPTIONS))
    if unknown:
        raise ValueError(f"unknown assumption '{unknown[0]}' in {where}; known: {', '.join(DEFAULT_ASSUMPTIONS)}")


def resolve_assumptions(
    assumptions: Mapping | None, function_overrides: Mapping | None, function_ids: Iterable
) -> dict:
    """The full assumption set per function: defaults, then assessment overrides, then function overrides.

    Returns {function_id: {name: entry}}, each entry with value, low, high, distribution, unit,
    source, year, note, bounds and origin ("default", "assessment" or "function").
    """
    assumptions = assumptions or {}
    function_overrides = function_overrides or {}
    _check_names(assumptions, "assumptions")
    ids = list(function_ids)
    stray = [fid for fid in function_overrides if fid not in set(ids)]
    if stray:
        raise ValueError(f"function_overrides names unknown function '{stray[0]}'")
    base = {}
    for name, entry in DEFAULT_ASSUMPTIONS.items():
        entry = dict(entry, origin="default")
        base[name] = _apply(name, entry, assumptions[name], "assessment") if name in assumptions else entry
    resolved = {}
    for fid in ids:
        own = function_overrides.get(fid, {})
        _check_names(own, f"function_overrides['{fid}']")
        resolved[fid] = {
            name: _apply(name, entry, own[name], "function") if name in own else dict(entry)
            for name, entry in base.items()
        }
    return resolved
