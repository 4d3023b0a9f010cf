"""TCO inputs: the TcoInputs record and the per-pair plan the kernels run on. Pure: no Django.

The plan turns each (function, option) pair into plain numbers: the year-1 in-house cost, the
year-1 provider fee (from `rates.resolve_rates`, the function the scoring uses too: a quote, the
rate book or its model), the hidden costs for that engagement form and country (severance under
the home country's rule, relearning from the location's attrition, governance with its floor in
people), and the assumption ranges that the Monte Carlo draws from. Every ValueError names the
field, function, option, quote or rate at fault (tco_validation.py).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from outsourcing.domain.exchange_rates import cross_rate
from outsourcing.domain.rate_book import FAMILY_GROUP

from . import tco_hidden_costs as hidden
from .rates import QUOTE, RateTable, quotes_from_records, resolve_rates
from .tco_assumptions import resolve_assumptions
from .tco_validation import (
    check_functions,
    check_quotes,
    check_rate_table,
    fail,
    option_rows,
    pair_list,
    validate_scalars,
)

# Monte Carlo inputs drawn per (function, option) pair, in the order they are drawn.
PAIR_INPUTS = ("vendor_rate", "productivity_loss", "governance_pct", "transition_overrun")
DRAWN = ("wage_inflation_home", "wage_inflation_location", "productivity_loss", "governance_pct",
         "transition_overrun")  # fmt: skip


@dataclass(frozen=True, eq=False)
class TcoInputs:
    """Everything one TCO run needs. Money in the assessment currency unless a name says otherwise.

    functions: index function_id; columns fte, salary_per_fte, overhead_pct (percent, 30 = 30 %),
        facilities_cost, it_cost (yearly), home_iso2, rate_family (outsourcing/domain/rate_book.py);
        optional home_tax_rate_pct (percent).
    options: index option_id; columns engagement (in-house, co-sourcing, selective, total,
        captive), share_outsourced (0-1); optional is_baseline, location (ISO2), sourcing_model
        (onshore, nearshore, offshore, homeshore), tax_rate_pct (location, percent),
        vendor_quote_hourly_usd (a USD quote for the option, every function).
    rate_table: records location, family, low, typical, high (per hour), currency, basis
        (rate_book or model), source, year: the catalogue's rate book with its model cells.
    quotes: records quote_id, function_id, location, engagement ("" = every vendor form), unit
        (hourly or annual), amount, currency, quote_date, provider, note.
    fx_per_usd: units of each currency per US dollar (the assessment's own exchange rates); empty:
        {USD: 1, currency: fx_rate_usd_to_currency}.
    pairs: optional DataFrame (function_id, option_id) restricting the pairs computed.
    band_draws: how many draws (the first ones) the yearly cost bands use; None = all.
    """

    functions: pd.DataFrame
    options: pd.DataFrame
    horizon_years: int = 5
    discount_rate: float = 0.08
    fx_rate_usd_to_currency: float = 1.0
    assumptions: dict = field(default_factory=dict)
    function_overrides: dict = field(default_factory=dict)
    seed: int = 0
    draws: int = 10_000
    pairs: pd.DataFrame | None = None
    currency: str = "USD"
    band_draws: int | None = 2_000
    rate_table: list | None = None
    quotes: list | None = None
    fx_per_usd: dict = field(default_factory=dict)


@dataclass
class Plan:
    """Per-pair numbers (numpy arrays of length n_pairs unless noted) and per-function ones."""

    function_ids: list
    option_ids: list
    pair_function: np.ndarray  # index into function_ids
    pair_option: np.ndarray  # index into option_ids
    inhouse_year1: np.ndarray  # per function
    home_country: np.ndarray  # per function, index into countries
    countries: list
    share: np.ndarray
    is_baseline: np.ndarray
    fee_year1: np.ndarray  # provider fee at full productivity, year-1 prices, rate multipliers 1
    rate_spread: np.ndarray  # the deal's (or quote's) +/- spread
    market: np.ndarray  # index into `markets` (the location's shared rate-level draw); -1: none
    market_low: np.ndarray  # low / typical of the market band (1 for a quote)
    market_high: np.ndarray
    market_log: np.ndarray  # True: a model estimate, drawn log-normal (median = the estimate, band = 5-95 %)
    markets: list  # location codes with a shared market draw
    governance_factor: np.ndarray  # 1 vendor, captive_governance_factor captive, 0 baseline
    governance_floor: np.ndarray  # minimum governance as a share of the in-house cost I_t
    travel_pct: np.ndarray
    relearning_pct: np.ndarray
    tax_credit_pct: np.ndarray  # captive: markup x (home tax - location tax); else 0
    one_time_home: np.ndarray  # severance, in currency, paid in year 1 (not stretched, not rate-driven)
    one_time_overrun_pct: np.ndarray  # selection + transition fee + captive set-up, per year-1 contract
    exit_pct: np.ndarray
    contract_years: np.ndarray  # whole years; re-sourcing at each contract end and at the horizon
    parallel_months: np.ndarray
    fx_exposed: np.ndarray
    fx_index: np.ndarray  # index into fx_currencies; 0 = not exposed
    fx_currencies: list  # "" first, then each foreign currency with its own exchange-rate walk
    location_country: np.ndarray  # index into countries; equals home when the option is at home
    drawn: dict  # per function: {assumption name: (value, low, high)} and fx_volatility
    horizon: int
    discount_rate: float
    details: pd.DataFrame  # per pair: ids, engagement, location, rate basis, sources, hidden-cost inputs
    assumptions_used: dict


def _rate_inputs(inputs: TcoInputs, per_usd: dict, function_ids: set):
    records = list(inputs.rate_table or [])
    quotes = list(inputs.quotes or [])
    check_rate_table(records, per_usd)
    check_quotes(quotes, per_usd, function_ids)
    return RateTable.from_cells(records, per_usd=per_usd, currency=inputs.currency), quotes_from_records(quotes)


def _values(used: dict, fid) -> dict:
    return {name: entry["value"] for name, entry in used[fid].items()}


def _severance(home: str, a: dict, salary: float, per_usd: dict, currency: str) -> tuple[float, str]:
    if a["severance_months"] is not None:
        return float(a["severance_months"]), "set by the consultant"
    tenure = a["tenure_years"] if a["tenure_years"] is not None else hidden.tenure_for(home).years
    gbp = cross_rate(per_usd, currency, "GBP") if "GBP" in per_usd else None
    months = hidden.severance_months(home, tenure, monthly_salary=salary / 12, gbp_per_unit=gbp)
    return months, f"{hidden.severance_rule(home).rule}; tenure {tenure:g} years"


def _note(row: dict, currency: str) -> str:
    """One plain sentence on where the rate comes from (the pages build their own, translated)."""
    basis = row["vendor_rate_basis"]
    if basis == QUOTE:
        who = f" from {row['rate_source']}" if row["rate_source"] else ""
        return f"Quote{who} dated {row['rate_year']}: {row['rate_original']:,.2f} {row['rate_currency']}/h."
    if basis == "rate_book":
        return (f"Rate book: {row['rate_source']} ({row['rate_year']}), {row['rate_original']:,.2f} "
                f"{row['rate_currency']}/h typical for this location and service family.")
    return (f"Model estimate (no published rate for this location and service family): "
            f"{row['rate_original']:,.2f} {row['rate_currency']}/h, with a wider band.")


def build_plan(inputs: TcoInputs) -> Plan:
    per_usd = validate_scalars(inputs)
    check_functions(inputs.functions, need_family=True)
    rows = option_rows(inputs.options)
    fn = inputs.functions
    fids, oids = list(fn.index), list(inputs.options.index)
    used = resolve_assumptions(inputs.assumptions, inputs.function_overrides, fids)
    table, quotes = _rate_inputs(inputs, per_usd, set(fids))
    pairs = pair_list(inputs)
    f_pos, o_pos = {f: i for i, f in enumerate(fids)}, {o: i for i, o in enumerate(oids)}
    values = {fid: _values(used, fid) for fid in fids}

    fte = fn["fte"].to_numpy(float)
    salary = fn["salary_per_fte"].to_numpy(float)
    inhouse = fte * salary * (1 + fn["overhead_pct"].to_numpy(float) / 100)
    inhouse = inhouse + fn["facilities_cost"].to_numpy(float) + fn["it_cost"].to_numpy(float)
    homes = [str(h).upper() for h in fn["home_iso2"]]
    families = [str(x) for x in fn["rate_family"]]
    home_tax = (fn["home_tax_rate_pct"].to_numpy(float) if "home_tax_rate_pct" in fn.columns
                else np.full(len(fn), np.nan))  # fmt: skip
    countries = sorted(set(homes) | {r["location"] for r in rows if not r["is_baseline"]})
    c_pos = {c: i for i, c in enumerate(countries)}

    n = len(pairs)
    pf = np.array([f_pos[f] for f, _ in pairs], dtype=int)
    po = np.array([o_pos[o] for _, o in pairs], dtype=int)
    opt = [rows[i] for i in po]
    a_of = [values[fids[i]] for i in pf]
    rated = resolve_rates(
        table, quotes, per_usd=per_usd, currency=inputs.currency, function_ids=[fids[i] for i in pf],
        families=[families[i] for i in pf], fte=fte[pf], hours=[a["hours_per_fte"] for a in a_of],
        shares=[r["share"] for r in opt], locations=[r["location"] or homes[i] for r, i in zip(opt, pf, strict=True)],
        engagements=[r["engagement"] for r in opt],
        sourcing_models=[r["sourcing_model"] or "onshore" for r in opt], homes=[homes[i] for i in pf],
        captive_factor=[(1 + a["captive_overhead"]) / (1 + a["vendor_margin"]) for a in a_of],
        onsite_share=[a["onsite_share"] for a in a_of], model_band=[a["model_rate_band"] for a in a_of])

    cols = {k: np.zeros(n) for k in ("share", "fee", "spread", "gov", "floor", "travel", "relearn", "tax", "home",
                                     "overrun", "exit", "months", "low", "high")}  # fmt: skip
    cols["low"][:], cols["high"][:], cols["years"] = 1.0, 1.0, np.full(n, float(inputs.horizon_years))
    is_base, exposed, market_log = np.zeros(n, bool), np.zeros(n, bool), np.zeros(n, bool)
    loc_country = np.zeros(n, int)
    markets, fx_currencies = sorted({r["location"] for r in rows if not r["is_baseline"]}), [""]
    market, fx_index = np.full(n, -1), np.zeros(n, int)
    details, severance = [], {}
    for p, (fid, oid) in enumerate(pairs):
        fi, row, a = pf[p], opt[p], a_of[p]
        loc_country[p] = c_pos[homes[fi]]
        detail = {"function_id": fid, "option_id": oid, "engagement": row["engagement"], "location": row["location"],
                  "sourcing_model": row["sourcing_model"], "vendor_rate_basis": "none", "hourly_rate": np.nan,
                  "hourly_rate_usd": np.nan, "rate_low": np.nan, "rate_high": np.nan, "rate_currency": "",
                  "rate_original": np.nan, "rate_source": "", "rate_year": "", "quote_id": None,
                  "onsite_share": 0.0, "severance_months": 0.0, "severance_rule": "", "severance_cost": 0.0,
                  "provider_attrition": 0.0, "relearning_pct": 0.0, "fx_currency": "", "rate_note": ""}  # fmt: skip
        if row["is_baseline"]:
            is_base[p] = True
            details.append(detail)
            continue
        rate, low, high, basis = rated["rate"][p], rated["low"][p], rated["high"][p], rated["basis"][p]
        detail.update(rate_currency=rated["original_currency"][p], rate_original=rated["original"][p],
                      rate_source=rated["source"][p], rate_year=str(rated["year"][p]), quote_id=rated["quote_id"][p],
                      onsite_share=float(rated["onsite"][p]), fx_currency=rated["fx_currency"][p])  # fmt: skip
        if row["quote_usd"] == row["quote_usd"]:  # a USD quote on the option itself
            rate = low = high = row["quote_usd"] * per_usd[inputs.currency]
            basis = QUOTE
            detail.update(rate_currency="USD", rate_original=row["quote_usd"], rate_source="", rate_year="",
                          onsite_share=0.0, fx_currency="USD" if inputs.currency != "USD" else "")
        if rate != rate:
            fail(f"option '{oid}' for function '{fid}'",
                 f"no rate for {families[fi]} in {row['location']}: no quote, no rate-book row and no "
                 f"GDP per capita for the model; enter a quote")
        captive, s, location = row["engagement"] == "captive", row["share"], row["location"]
        loc_country[p] = c_pos[location]
        group = FAMILY_GROUP[families[fi]]
        detail.update(vendor_rate_basis=basis, hourly_rate=rate, hourly_rate_usd=rate / per_usd[inputs.currency],
                      rate_low=low, rate_high=high)  # fmt: skip
        cols["share"][p], cols["fee"][p] = s, rate * fte[fi] * a["hours_per_fte"] * s
        if basis == QUOTE:
            cols["spread"][p] = a["vendor_rate_spread_quote"]
        else:
            cols["spread"][p] = a["vendor_rate_spread_deal"]
            market[p] = markets.index(location)
            cols["low"][p], cols["high"][p] = low / rate, high / rate
            market_log[p] = basis == "model"
        cols["gov"][p] = a["captive_governance_factor"] if captive else 1.0
        cols["floor"][p] = cols["gov"][p] * min(s, a["governance_min_fte"] / fte[fi])
        model = "onshore" if row["sourcing_model"] == "homeshore" else row["sourcing_model"]
        cols["travel"][p] = a[f"travel_pct_{model}"]
        attrition = (a["provider_attrition"] if a["provider_attrition"] is not None
                     else hidden.attrition_for(location, group).rate)  # fmt: skip
        months = a["relearning_months"] if a["relearning_months"] is not None else hidden.RELEARNING_MONTHS[group][0]
        cols["relearn"][p] = hidden.relearning_share(attrition, months)
        if captive and home_tax[fi] == home_tax[fi] and row["tax_rate_pct"] == row["tax_rate_pct"]:
            cols["tax"][p] = a["captive_markup_pct"] * (home_tax[fi] - row["tax_rate_pct"]) / 100
        if fi not in severance:  # per function: the home country's rule at its tenure
            severance[fi] = _severance(homes[fi], a, salary[fi], per_usd, inputs.currency)
        sev_months, sev_rule = severance[fi]
        cols["home"][p] = s * fte[fi] * sev_months * salary[fi] / 12
        start_up = a["captive_setup_pct"] if captive else a["vendor_selection_pct"] + a["transition_fee_pct"]
        cols["overrun"][p] = start_up
        cols["exit"][p] = 0.0 if captive else a["exit_cost_pct"]
        cols["years"][p] = max(1.0, round(a["contract_years"]))
        cols["months"][p] = a["parallel_running_months"]
        exposed[p] = bool(detail["fx_currency"])
        if exposed[p]:
            if detail["fx_currency"] not in fx_currencies:
                fx_currencies.append(detail["fx_currency"])
            fx_index[p] = fx_currencies.index(detail["fx_currency"])
        detail.update(severance_months=sev_months, severance_rule=sev_rule, severance_cost=cols["home"][p],
                      provider_attrition=attrition, relearning_pct=cols["relearn"][p])  # fmt: skip
        detail["rate_note"] = _note(detail, inputs.currency)
        details.append(detail)

    drawn = {fid: {name: (used[fid][name]["value"], used[fid][name]["low"], used[fid][name]["high"])
                   for name in DRAWN} | {"fx_volatility": used[fid]["fx_volatility"]["value"]}
             for fid in fids}  # fmt: skip
    return Plan(
        function_ids=fids, option_ids=oids, pair_function=pf, pair_option=po, inhouse_year1=inhouse,
        home_country=np.array([c_pos[h] for h in homes], dtype=int), countries=countries, share=cols["share"],
        is_baseline=is_base, fee_year1=cols["fee"], rate_spread=cols["spread"], market=market,
        market_low=cols["low"], market_high=cols["high"], market_log=market_log, markets=markets,
        governance_factor=cols["gov"],
        governance_floor=cols["floor"], travel_pct=cols["travel"], relearning_pct=cols["relearn"],
        tax_credit_pct=cols["tax"], one_time_home=cols["home"], one_time_overrun_pct=cols["overrun"],
        exit_pct=cols["exit"], contract_years=cols["years"], parallel_months=cols["months"], fx_exposed=exposed,
        fx_index=fx_index, fx_currencies=fx_currencies, location_country=loc_country, drawn=drawn,
        horizon=int(inputs.horizon_years), discount_rate=float(inputs.discount_rate),
        details=pd.DataFrame(details), assumptions_used=used,
    )  # fmt: skip
