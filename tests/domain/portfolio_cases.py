"""Portfolio problems for the tests: the worked 4 x 3 example of docs/portfolio.md and a hypothesis strategy."""

from dataclasses import replace

from hypothesis import strategies as st

from assessments.domain.portfolio import (
    Dependency,
    Limits,
    MoveCandidate,
    Objective,
    Pin,
    PortfolioFunction,
    PortfolioProblem,
)


def candidate(key, country, form, npv, risk, fte, one_off=(0.0, 0.0), *, within_appetite=True, p10=None, p50=None):
    return MoveCandidate(option_key=key, label=key, country=country, engagement=form, npv_by_start=tuple(npv),
                         npv_p10_by_start=tuple(p10 or npv), npv_p50_by_start=tuple(p50 or npv),
                         one_off_by_start=tuple(one_off), risk_points=risk, within_appetite=within_appetite,
                         fte=fte, yearly_spend=10.0 * fte)


# (key, country, form, NPV if starting in half-year 1 / 2, risk points, FTE)
EXAMPLE = {
    "A": [("A-IN", "IN", "total", (100, 80), 5, 10), ("A-PH", "PH", "selective", (90, 70), 4, 6),
          ("A-PL", "PL", "co_sourcing", (60, 50), 2, 3)],
    "B": [("B-IN", "IN", "total", (80, 60), 5, 8), ("B-PH", "PH", "selective", (70, 55), 4, 5),
          ("B-PL", "PL", "co_sourcing", (40, 30), 2, 2)],
    "C": [("C-IN", "IN", "total", (62, 47), 6, 6), ("C-PH", "PH", "selective", (50, 40), 3, 4),
          ("C-PL", "PL", "co_sourcing", (30, 25), 1, 2)],
    "D": [("D-IN", "IN", "total", (40, 30), 4, 4), ("D-PH", "PH", "selective", (35, 30), 3, 3),
          ("D-PL", "PL", "co_sourcing", (20, 18), 1, 1)],
}


def example_problem(**limit_changes) -> PortfolioProblem:
    """The worked example: 4 functions x 3 options, 2 half-years, limits as in docs/portfolio.md."""
    functions = tuple(PortfolioFunction(fid, f"Function {fid}", tuple(candidate(*c) for c in cands))
                      for fid, cands in EXAMPLE.items())
    limits = Limits(periods=2, risk_budget=12, max_starts_per_period=2, max_country_share=0.5,
                    pins=(Pin("D", "keep"),), dependencies=(Dependency("A", "B"),))
    return PortfolioProblem(functions, replace(limits, **limit_changes), Objective())


COUNTRIES = ("IN", "PH", "PL")
FORMS = ("selective", "total")
small_money = st.integers(min_value=-20, max_value=100).map(float)


@st.composite
def candidates_st(draw, key: str, periods: int):
    npv = [draw(small_money) for _ in range(periods)]
    return MoveCandidate(
        option_key=key, label=key, country=draw(st.sampled_from(COUNTRIES)), engagement=draw(st.sampled_from(FORMS)),
        npv_by_start=tuple(npv), npv_p10_by_start=tuple(v - draw(st.integers(0, 30)) for v in npv),
        npv_p50_by_start=tuple(v - draw(st.integers(0, 5)) for v in npv),
        one_off_by_start=tuple(float(draw(st.integers(0, 20))) for _ in range(periods)),
        risk_points=float(draw(st.integers(0, 10))), within_appetite=draw(st.booleans() | st.just(True)),
        fte=float(draw(st.integers(1, 10))), yearly_spend=float(draw(st.integers(1, 50))))


def optional(strategy):
    return st.none() | strategy


def rarely(strategy):
    """Share limits make any plan with one move infeasible (100 % in one country): set them less often."""
    return st.one_of(st.none(), st.none(), strategy)


@st.composite
def problems(draw, *, tight: bool = False):
    """Small random problems (2-4 functions, 1-3 candidates, 2-3 half-years; at most ~3,000 plans).

    tight=True pins every function to move and draws small limits, so most problems are infeasible."""
    periods = draw(st.integers(2, 3))
    n_functions = draw(st.integers(2, 4))
    max_cands = 3 if n_functions <= 3 else 2
    functions = []
    for fi in range(n_functions):
        cands = tuple(draw(candidates_st(f"o{fi}{ci}", periods)) for ci in range(draw(st.integers(1, max_cands))))
        functions.append(PortfolioFunction(f"f{fi}", f"Function {fi}", cands))
    pins = []
    for function in functions:
        kinds = ("move", "country", "option") if tight else (None,) * 4 + ("keep", "move", "country", "option")
        kind = draw(st.sampled_from(kinds))
        if kind is None:
            continue
        pick = draw(st.sampled_from(function.candidates))
        pins.append(Pin(function.function_id, kind, {"country": pick.country, "option": pick.option_key}
                        .get(kind, "")))
    dependencies = []
    for a in range(n_functions):
        for b in range(a + 1, n_functions):
            if draw(st.integers(0, 3)) == 0:
                dependencies.append(Dependency(f"f{a}", f"f{b}", required=draw(st.booleans())))
    scale = 0.4 if tight else 1.0
    limits = Limits(
        periods=periods,
        risk_budget=draw(optional(st.integers(0 if tight else 4, int(25 * scale)).map(float))),
        enforce_appetite=draw(st.booleans()),
        max_country_share=draw(rarely(st.sampled_from((0.4, 0.5, 0.7, 1.0)))),
        max_form_share=draw(rarely(st.sampled_from((0.5, 0.6, 0.8)))),
        share_basis=draw(st.sampled_from(("fte", "spend"))),
        max_starts_per_period=draw(optional(st.integers(0 if tight else 1, 3))),
        max_fte_per_period=draw(optional(st.integers(int(3 * scale), 15).map(float))),
        one_off_budget_per_year=draw(optional(st.integers(0, int(40 * scale)).map(float))),
        dependencies=tuple(dependencies), pins=tuple(pins))
    objective = draw(st.sampled_from((Objective("expected"), Objective("p10"), Objective("p50_minus_risk", 2.0))))
    return PortfolioProblem(tuple(functions), limits, objective)
