"""Seeded generator of realistic portfolio problems for the benchmark (issue 19).

An assessment of `functions` back-office functions, each with every option of the catalogue's shape:
locations (several cities in some countries) x engagement forms, plus onshore Korea. Savings come from the
location's cost level and the form's outsourced share; a later start loses the early years (truncated at
the horizon); risk points come from the location, the form and the function's complexity; an option is
within appetite when its risk points do not exceed the function's appetite. Every limit is set so that it
binds: risk budget, appetite, country and form shares, starts and FTE per half-year, one-off budget per
year, dependencies (some required) and pins of every kind.
"""

import numpy as np

from assessments.domain.portfolio import (
    Dependency,
    Limits,
    MoveCandidate,
    Objective,
    Pin,
    PortfolioFunction,
    PortfolioProblem,
)

# country ISO2 -> (cities, cost index vs home, location risk points)
COUNTRIES = {
    "IN": (4, 0.28, 14), "PH": (3, 0.30, 16), "PL": (2, 0.55, 8), "RO": (2, 0.50, 10), "VN": (2, 0.27, 18),
    "MY": (2, 0.40, 12), "CN": (3, 0.42, 20), "MX": (2, 0.45, 15), "CO": (1, 0.40, 17), "BR": (2, 0.50, 19),
    "EG": (1, 0.25, 24), "ZA": (1, 0.45, 18), "PT": (1, 0.60, 6), "IE": (1, 0.90, 4), "CZ": (1, 0.55, 7),
    "UA": (1, 0.30, 28), "TH": (1, 0.38, 15), "ID": (1, 0.30, 19), "LK": (1, 0.26, 22), "BG": (1, 0.45, 11),
    "HU": (1, 0.52, 9), "CR": (1, 0.50, 12), "AR": (1, 0.42, 21), "KE": (1, 0.28, 25), "JP": (1, 1.05, 3),
    "US": (2, 1.25, 2),
}
FORMS = {"co_sourcing": (0.35, 4, 0.6), "selective": (0.6, 8, 0.9), "total": (1.0, 14, 1.2), "captive": (0.9, 10, 2.0)}


def option_catalogue() -> list[tuple[str, str, str, float, float]]:
    """(option_key, country, form, cost index, location risk): 41 locations x 4 forms + onshore Korea = 165."""
    options = []
    for country, (cities, cost, risk) in COUNTRIES.items():
        for city in range(cities):
            for form in FORMS:
                options.append((f"{country}{city}-{form}", country, form, cost * (1 + 0.06 * city), risk + city))
    options.append(("KR0-selective", "KR", "selective", 0.95, 1))
    return options


def generate(functions: int = 200, *, seed: int = 0, periods: int = 6, horizon_years: int = 8,
             discount: float = 0.08) -> PortfolioProblem:
    rng = np.random.default_rng(seed)
    catalogue = option_catalogue()
    years = np.arange(horizon_years)
    items = []
    for fi in range(functions):
        fte = float(np.clip(rng.lognormal(np.log(12), 0.8), 1, 150))
        salary = float(rng.uniform(40_000, 90_000))
        complexity = float(rng.uniform(0.5, 1.6))
        appetite = float(rng.uniform(20, 45))
        candidates = []
        for key, country, form, cost, loc_risk in catalogue:
            share, form_risk, one_off_factor = FORMS[form]
            noise = rng.normal(1, 0.08)
            yearly_saving = fte * share * salary * (1 - cost * noise) - 0.05 * fte * salary * share
            npv, p50, p10, one_off = [], [], [], []
            for h in range(periods):
                first_year = h / 2 + 1  # savings from the year after the transition starts
                live = np.clip(horizon_years - first_year - years, 0, 1)
                value = float(np.sum(yearly_saving * live / (1 + discount) ** (years + first_year)))
                risk_drag = 0.03 * (loc_risk + form_risk) * complexity
                npv.append(value)
                p50.append(value * 0.98)
                p10.append(value - abs(value) * risk_drag - 0.2 * fte * salary * share)
                one_off.append(one_off_factor * 0.4 * fte * share * salary / (1 + discount) ** (h / 2))
            risk = round((loc_risk + form_risk) * complexity + rng.uniform(0, 4), 1)
            candidates.append(MoveCandidate(
                option_key=key, label=f"{form.replace('_', '-')} in {key[:3]}", country=country, engagement=form,
                npv_by_start=tuple(npv), npv_p10_by_start=tuple(p10), npv_p50_by_start=tuple(p50),
                one_off_by_start=tuple(one_off), risk_points=risk, within_appetite=risk <= appetite,
                fte=fte * share, yearly_spend=fte * share * salary * cost))
        items.append(PortfolioFunction(function_id=f"f{fi:03d}", name=f"Function {fi}", candidates=tuple(candidates)))
    ids = [f.function_id for f in items]
    order = rng.permutation(functions)
    dependencies = tuple(Dependency(before=ids[order[2 * i]], after=ids[order[2 * i + 1]], required=i % 3 == 0)
                         for i in range(min(30, functions // 4)))  # pins (the last 10) stay out of them
    pinned = order[-10:] if functions >= 20 else []
    pins = []
    for n, fi in enumerate(pinned):
        function = items[fi]
        inside = [c for c in function.candidates if c.within_appetite and c.npv_by_start[0] > 0]
        kind = ("keep", "move", "country", "option")[n % 4]
        if kind in ("move", "country", "option") and not inside:
            kind = "keep"
        value = {"country": inside[0].country if inside else "", "option": inside[-1].option_key if inside else ""}
        pins.append(Pin(function_id=function.function_id, kind=kind, value=value.get(kind, "")))
    total_fte = sum(max(c.fte for c in f.candidates) for f in items)
    limits = Limits(
        periods=periods, risk_budget=12.0 * functions, enforce_appetite=True, max_country_share=0.2,
        max_form_share=0.45, share_basis="fte", max_starts_per_period=max(2, functions // 8),
        max_fte_per_period=round(total_fte / 9), one_off_budget_per_year=round(40_000.0 * functions),
        dependencies=dependencies, pins=tuple(pins))
    return PortfolioProblem(functions=tuple(items), limits=limits, objective=Objective(kind="expected"))
