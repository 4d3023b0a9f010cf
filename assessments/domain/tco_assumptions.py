"""Default TCO assumptions, where each comes from, and how overrides are checked. Pure: no Django.

Every entry of DEFAULT_ASSUMPTIONS holds:
- value: used by the deterministic model (and the most likely value of a triangular draw);
- low, high: the range drawn by the Monte Carlo (distribution "uniform" or "triangular"),
  or the published range for documentation when the distribution is "fixed" (not drawn);
- distribution: "fixed", "uniform" or "triangular";
- unit, source, year, note: what the number means and where it comes from. "assumption"
  in the source means no published figure backs it: the project chose it, users override it;
- bounds: the smallest and largest value an override may take (checked, ValueError otherwise);
- kind: how a page shows the value (pct: a fraction shown as a percentage; hours, months, years,
  factor, fte, number).

A value of None means "from the table of the home country or the location" (severance, tenure,
attrition, relearning months): the plan looks the figure up; an override replaces it with a number.
Fractions are plain numbers (0.08 = 8 %). docs/tco.md explains each one.
"""

from collections.abc import Iterable, Mapping
from math import isfinite

FIXED, UNIFORM, TRIANGULAR = "fixed", "uniform", "triangular"
ASSUMPTION = "assumption (this project; no published figure)"
CIO_2003 = 'CIO magazine, S. Overby, "The Hidden Costs of Offshore Outsourcing", 1 Sep 2003'


PCT, NUMBER, HOURS, MONTHS, YEARS, FACTOR, FTE = "pct", "number", "hours", "months", "years", "factor", "fte"
FIELDS = ("value", "low", "high", "distribution", "unit", "source", "year", "note", "bounds", "kind")


def _a(value, low, high, distribution, unit, bounds, source, year, note="", kind=None):
    """One entry. kind: how a page shows it (pct: a fraction shown as %); default pct for fractions."""
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
        "kind": kind or (PCT if unit.startswith(("fraction", "+/- fraction")) else NUMBER),
    }


DEFAULT_ASSUMPTIONS: dict[str, dict] = {
    "hours_per_fte": _a(
        1800.0, 1600.0, 2080.0, FIXED, "hours per FTE per year", (100.0, 3000.0), ASSUMPTION, 2026,
        "52 weeks x 40 h = 2,080 paid hours, less holidays, leave and sickness. Turns an hourly rate into a "
        "yearly fee: the provider bills the hours the team works.", kind=HOURS,
    ),
    "wage_inflation_home": _a(
        0.03, 0.0, 0.06, TRIANGULAR, "fraction per year", (-0.2, 1.0), ASSUMPTION, 2026,
        "Yearly growth of in-house cost (salary, overhead, facilities, IT). No per-country wage series "
        "in the reference data: set the home country's figure per assessment.",
    ),
    "wage_inflation_location": _a(
        0.03, 0.0, 0.08, TRIANGULAR, "fraction per year", (-0.2, 1.0), ASSUMPTION, 2026,
        "Yearly growth of the provider's rate. Drawn once per location country, so every function priced in "
        "that country moves together; wider upwards than at home because fast-growing locations often see "
        "faster wage growth. An option in the home country uses the home draw.",
    ),
    "fx_volatility": _a(
        0.10, 0.10, 0.10, FIXED, "standard deviation of the yearly log change", (0.0, 1.0), ASSUMPTION, 2026,
        "Exchange rate drawn as a driftless lognormal random walk per foreign currency from year 2 (year 1 at "
        "the assessment's rate). Applies only to the part paid in another currency than the assessment's.",
        kind=PCT,
    ),
    "vendor_rate_spread_quote": _a(
        0.10, 0.10, 0.10, FIXED, "+/- fraction of the rate", (0.0, 0.9), ASSUMPTION, 2026,
        "A quote is drawn triangular(rate x (1 - spread), rate, rate x (1 + spread)): scope changes and "
        "renegotiation move even a quoted price.",
    ),
    "vendor_rate_spread_deal": _a(
        0.10, 0.10, 0.10, FIXED, "+/- fraction of the rate", (0.0, 0.9), ASSUMPTION, 2026,
        "Where the rate comes from the rate book or the model, the deal's own price around the market level: "
        "drawn per function and option on top of the market band shared by every function at the location.",
    ),
    "model_rate_band": _a(
        2.0, 2.0, 2.0, FIXED, "factor: rate / factor to rate x factor is a model estimate's 90 % interval",
        (1.0, 5.0), "derived from the rate book: the model misses its 17 sourced rows by an rms of 0.23 in log terms "
        "(x/÷1.46 at 90 %), at most x1.52; widened to x/÷2 for locations with no sourced row", 2026,
        "Wider than any published band. Drawn log-normal with the estimate as its median and 5 % of draws beyond "
        "each end: an estimate has no published ceiling (docs/tco.md, Rate model).", kind=FACTOR,
    ),
    "onsite_share": _a(
        0.20, 0.10, 0.50, FIXED, "fraction of the provider's team at the client's site", (0.0, 1.0), CIO_2003, 2003,
        "IT and knowledge work moved abroad keeps part of the provider's team onsite, billed at the home "
        "country's rate: 10-50 % in practice (CIO 2003). Not for contact centres, captives or quotes.",
    ),
    "vendor_margin": _a(
        0.20, 0.10, 0.35, FIXED, "fraction on top of the provider's cost", (0.0, 2.0), ASSUMPTION, 2026,
        "A provider's margin on its own cost, inside every rate-book and model rate. A captive pays no margin: "
        "its rate is the market rate / (1 + margin) x (1 + captive overhead).",
    ),
    "captive_overhead": _a(
        0.10, 0.05, 0.20, FIXED, "fraction on top of the captive's cost", (0.0, 2.0), ASSUMPTION, 2026,
        "A captive has no vendor margin but carries its own entity costs (local management, audit, legal).",
    ),
    "productivity_loss": _a(
        0.10, 0.0, 0.20, TRIANGULAR, "extra provider hours, fraction, years 1-2", (0.0, 1.0),
        "Meta Group, quoted in " + CIO_2003, 2003,
        "Up to 20 % productivity lost in the first two years; the default takes the middle of 0-20 %.",
        kind=PCT,
    ),
    "governance_pct": _a(
        0.075, 0.03, 0.12, UNIFORM, "fraction of provider spend per year", (0.0, 1.0),
        "CIOL 2003 (3-12 % of provider spend); ZDNet Tech Update, Oct 2003 (5-12 % of contract value); "
        "Gartner via Strategic Sourcing blog 2011 (3-17 % of annual contract value)", 2003,
        "The retained organisation: vendor management, architecture, compliance. Never below "
        "governance_min_fte people. Default = middle of 3-12 %.",
    ),
    "governance_min_fte": _a(
        0.5, 0.5, 0.5, FIXED, "people (FTE) at the function's in-house cost per FTE", (0.0, 100.0), ASSUMPTION, 2026,
        "The retained organisation never drops below this many people, however small the provider spend: "
        "someone owns the service, the contract and its compliance.", kind=FTE,
    ),
    "captive_governance_factor": _a(
        0.5, 0.5, 0.5, FIXED, "multiplier on governance", (0.0, 1.0), ASSUMPTION, 2026,
        "A captive stays under the company's control, so it needs less vendor management.", kind=FACTOR,
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
        "Transition of 3 months to a year (CIO 2003): the company pays the provider AND keeps paying its own "
        "staff for the share being moved (double running, the knowledge-transfer period). Drawn through "
        "transition_overrun.", kind=MONTHS,
    ),
    "transition_overrun": _a(
        1.0, 1.0, 1.5, TRIANGULAR, "multiplier >= 1", (1.0, 5.0), ASSUMPTION, 2026,
        "Stretches the double-running months and the one-off selection, transition-fee and set-up costs "
        "(not severance). Most likely on plan, up to half as long again.", kind=FACTOR,
    ),
    "transition_fee_pct": _a(
        0.05, 0.025, 0.15, FIXED, "fraction of one year's contract, once in year 1", (0.0, 2.0),
        "faoblog (a transition manager's practice): a transition team of 5-30 % of the steady-state team", 2012,
        "The provider's transition team learning the work (knowledge transfer on its side): 5-30 % of the team "
        "for a 6-month transition is 2.5-15 % of a year's contract; default 10 % of the team, 5 %.",
    ),
    "captive_setup_pct": _a(
        0.30, 0.10, 1.00, FIXED, "fraction of one year's captive cost, once in year 1", (0.0, 5.0), ASSUMPTION, 2026,
        "Setting up the subsidiary (entity, premises, hiring, equipment). No published figure was found.",
    ),
    "exit_cost_pct": _a(
        0.06, 0.0, 0.50, FIXED, "fraction of the final year's contract, at each contract end", (0.0, 2.0),
        "derived: vendor selection (1 %) and transition fee (5 %) repeated at re-tender", 2026,
        "Re-tendering or handing back at the end of each contract (and of the horizon). Not charged for the "
        "captive, which the company keeps.",
    ),
    "contract_years": _a(
        5.0, 4.0, 6.5, FIXED, "years", (1.0, 20.0),
        "HFS Research 2022 (most contracts 4-5 years); ISG/TPI Index 2012 (average 4.85 years, 6.5 in 1999-2000)",
        2022, "Re-sourcing (the exit cost) is charged at the end of each contract inside the horizon.", kind=YEARS,
    ),
    "severance_months": _a(
        None, None, None, FIXED, "months of salary per person moved", (0.0, 120.0), "home country's rule", 2026,
        "Blank: the home country's statutory rule at its typical tenure (docs/tco.md, Severance). Enter the "
        "months a package really pays.", kind=MONTHS,
    ),
    "tenure_years": _a(
        None, None, None, FIXED, "years of service of the staff moved", (0.0, 50.0), "home country's figure", 2026,
        "Blank: the home country's average tenure (docs/tco.md). Drives the severance rule.", kind=YEARS,
    ),
    "provider_attrition": _a(
        None, None, None, FIXED, "fraction of the provider's staff leaving per year", (0.0, 1.0),
        "location's figure", 2026,
        "Blank: the location's published figure where one exists (Philippine contact centres 45 %, Indian IT "
        "18 %), else 15 % for IT and knowledge work and 30 % for contact centres and back offices.",
    ),
    "relearning_months": _a(
        None, None, None, FIXED, "months for a replacement to reach full speed", (0.0, 36.0), "family's figure", 2026,
        "Blank: 2.5 months for contact centres and back offices (Turnella: 8-12 weeks), 6 for IT and knowledge "
        "work. Each leaver costs attrition x months / 12 x 50 % of a year's fee in extra hours.", kind=MONTHS,
    ),
    "captive_markup_pct": _a(
        0.05, 0.05, 0.05, FIXED, "fraction of the captive's cost", (0.0, 1.0),
        "OECD Transfer Pricing Guidelines 2017, para. 7.61 (simplified approach, low value-adding "
        "intra-group services)", 2017,
        "The captive charges the parent cost plus this markup; the markup's profit is taxed in the location "
        "instead of at home. Set 0 to leave tax out.",
    ),
}
# Names the earlier model used, as stored in old assessments' overrides: renamed, or dropped with the reason.
RENAMED = {"vendor_rate_spread_estimate": "vendor_rate_spread_deal"}
RETIRED = {"cost_elasticity": "the GDP-exponent rate estimate is replaced by the rate book and its model",
           "severance_retention_pct": "severance now follows the home country's rule (severance_months)"}

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
        if entry[field] is None:
            raise ValueError(f"assumption '{name}': give a value (the default comes from a table, so "
                             f"low and high alone do not set it)")
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
    for name in unknown:
        if name in RENAMED:
            raise ValueError(f"assumption '{name}' is now called '{RENAMED[name]}'")
        if name in RETIRED:
            raise ValueError(f"assumption '{name}' is no longer used: {RETIRED[name]}")
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
