"""Build the portfolio MILP as arrays for scipy.optimize.milp. Pure: no Django.

One binary per column x[f, c, h] (function f moves to candidate c, starting in period h). The share
limits use one continuous total per basis (T = sum of basis x), so each column sits in one country row
and one form row instead of every country's row: the matrix stays about 5 nonzeros per column.

Limit groups (the unit of conflicts and of `drop`): "risk_budget", "appetite", "country_share",
"form_share", "starts_per_period", "fte_per_period", "one_off_budget", "pin:<function_id>",
"dependency:<before>-><after>". Row names (the unit of binding limits and of `overrides`) add the row's
country, form, period or year: "country_share:PH", "starts_per_period:3", "one_off_budget:1".

Pruning here is only the one rule that is safe and free: a column with a non-positive objective and no
negative coefficient in any row (no share limit, its function not pinned to move and not needed by a
required dependency) is dominated by keeping the function in-house. The large instances are cut down
by the reduced-cost fixing in portfolio_pricing, which is stronger than a pairwise dominance test
(a Pareto filter per function and start in NPV, risk, FTE and one-off kept about three columns in four
on the benchmark instances and cost more time than it saved).
"""

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_array

from .portfolio_types import Limits, MoveCandidate, PortfolioProblem

SHARE_GROUPS = ("country_share", "form_share")


@dataclass(frozen=True)
class Model:
    func: np.ndarray  # per column: function index, candidate index (into the function's candidates), start
    cand: np.ndarray
    start: np.ndarray
    obj: np.ndarray  # objective per column (maximised); the continuous totals after the columns score 0
    matrix: csr_array
    row_lb: np.ndarray
    row_ub: np.ndarray
    row_names: tuple[str, ...]
    integrality: np.ndarray
    upper: np.ndarray  # 1 for the binaries; for a share total, the largest total any plan can reach
    columns_before_pruning: int

    @property
    def n_columns(self) -> int:
        return len(self.func)


def limit_groups(limits: Limits) -> list[str]:
    """The limit groups this problem sets, in the order the deletion filter tries them."""
    groups = []
    if limits.risk_budget is not None:
        groups.append("risk_budget")
    if limits.enforce_appetite:
        groups.append("appetite")
    groups += [f"pin:{pin.function_id}" for pin in limits.pins]
    if limits.max_country_share is not None:
        groups.append("country_share")
    if limits.max_form_share is not None:
        groups.append("form_share")
    if limits.max_starts_per_period is not None:
        groups.append("starts_per_period")
    if limits.max_fte_per_period is not None:
        groups.append("fte_per_period")
    if limits.one_off_budget_per_year is not None:
        groups.append("one_off_budget")
    groups += [dependency_name(dep) for dep in limits.dependencies]
    return list(dict.fromkeys(groups))


def dependency_name(dep) -> str:
    return f"dependency:{dep.before}->{dep.after}"


def objective_by_start(cand: MoveCandidate, kind: str, price: float) -> np.ndarray:
    if kind == "p10":
        return np.asarray(cand.npv_p10_by_start, dtype=float)
    if kind == "p50_minus_risk":
        return np.asarray(cand.npv_p50_by_start, dtype=float) - price * cand.risk_points
    return np.asarray(cand.npv_by_start, dtype=float)


def _allowed(problem: PortfolioProblem, active: set[str]) -> list[list[int]]:
    """Candidate indices each function may use once appetite and pins are applied."""
    pins = {pin.function_id: pin for pin in problem.limits.pins if f"pin:{pin.function_id}" in active}
    allowed = []
    for function in problem.functions:
        pin = pins.get(function.function_id)
        keep = []
        for index, cand in enumerate(function.candidates):
            if "appetite" in active and not cand.within_appetite:
                continue
            if pin is not None and (pin.kind == "keep" or (pin.kind == "country" and cand.country != pin.value)
                                    or (pin.kind == "option" and cand.option_key != pin.value)):
                continue
            keep.append(index)
        allowed.append(keep)
    return allowed


def build_model(problem: PortfolioProblem, *, drop: frozenset[str] = frozenset(),
                overrides: Mapping[str, float] | None = None, prune: bool = True) -> Model:
    limits, objective = problem.limits, problem.objective
    overrides = overrides or {}
    active = set(limit_groups(limits)) - set(drop)
    periods = limits.periods
    share_on = [g for g in SHARE_GROUPS if g in active]
    basis_name = "yearly_spend" if limits.share_basis == "spend" else "fte"
    required_before = {d.before for d in limits.dependencies if d.required and dependency_name(d) in active}
    must_move = {p.function_id for p in limits.pins if p.kind != "keep" and f"pin:{p.function_id}" in active}
    series = {"p10": "npv_p10_by_start", "p50_minus_risk": "npv_p50_by_start"}.get(objective.kind, "npv_by_start")
    countries: dict[str, int] = {}
    forms: dict[str, int] = {}
    cols = {k: [] for k in ("func", "cand", "start", "obj", "risk", "fte", "basis", "one_off", "country", "form")}
    before_pruning = 0
    for fi, (function, allowed) in enumerate(zip(problem.functions, _allowed(problem, active), strict=True)):
        if not allowed:
            continue
        cands = [function.candidates[i] for i in allowed]
        n = len(cands)
        risk = np.array([c.risk_points for c in cands], dtype=float)
        obj = np.array([getattr(c, series) for c in cands], dtype=float)[:, :periods]  # as objective_by_start
        if objective.kind == "p50_minus_risk":
            obj -= objective.price_per_risk_point * risk[:, None]
        one_off = np.array([c.one_off_by_start for c in cands], dtype=float)[:, :periods]
        fte = np.array([c.fte for c in cands], dtype=float)
        basis = np.array([getattr(c, basis_name) for c in cands], dtype=float)
        country = np.array([countries.setdefault(c.country, len(countries)) for c in cands])
        form = np.array([forms.setdefault(c.engagement, len(forms)) for c in cands])
        keep = np.ones((periods, n), dtype=bool)
        before_pruning += keep.size
        if prune and not share_on and function.function_id not in required_before | must_move:
            keep &= obj.T > 0  # keeping in-house (all zeros) is as good and uses no limit
        hs, cs = np.nonzero(keep)
        for key, value in (("func", np.full(len(cs), fi)), ("cand", np.asarray(allowed)[cs]), ("start", hs),
                           ("obj", obj[cs, hs]), ("risk", risk[cs]), ("fte", fte[cs]), ("basis", basis[cs]),
                           ("one_off", one_off[cs, hs]), ("country", country[cs]), ("form", form[cs])):
            cols[key].append(value)
    arrays = {k: (np.concatenate(v) if v else np.zeros(0)) for k, v in cols.items()}
    for key in ("func", "cand", "start", "country", "form"):
        arrays[key] = arrays[key].astype(int)
    return _assemble(problem, arrays, active, overrides, countries, forms, before_pruning)


def _assemble(problem, c, active, overrides, countries, forms, before_pruning) -> Model:
    limits = problem.limits
    periods = limits.periods
    n = len(c["func"])
    n_functions = len(problem.functions)
    share_on = [g for g in SHARE_GROUPS if g in active]
    n_vars = n + (1 if share_on else 0)
    total = n  # index of the continuous share total T, when a share limit is active
    rows, cols, vals, lb, ub, names = [], [], [], [], [], []
    col_index = np.arange(n)

    def add_row(name, col_ids, coefs, low, high):
        row = len(names)
        rows.append(np.full(len(col_ids), row))
        cols.append(np.asarray(col_ids))
        vals.append(np.asarray(coefs, dtype=float))
        lb.append(low)
        ub.append(high)
        names.append(name)

    # one choice per function: a CSR row per function, all coefficients 1
    pins = {p.function_id: p for p in limits.pins if f"pin:{p.function_id}" in active}
    order = np.argsort(c["func"], kind="stable")
    bounds = np.searchsorted(c["func"][order], np.arange(n_functions + 1))
    for fi, function in enumerate(problem.functions):
        ids = order[bounds[fi]:bounds[fi + 1]]
        pin = pins.get(function.function_id)
        must = pin is not None and pin.kind != "keep"
        add_row(f"choice:{function.function_id}", ids, np.ones(len(ids)), 1.0 if must else 0.0, 1.0)
    if "risk_budget" in active:
        add_row("risk_budget", col_index, c["risk"], -np.inf, overrides.get("risk_budget", limits.risk_budget))
    if share_on:
        add_row("share_total", np.append(col_index, total), np.append(c["basis"], -1.0), 0.0, 0.0)
        for group, key, labels, share in (("country_share", "country", countries, limits.max_country_share),
                                          ("form_share", "form", forms, limits.max_form_share)):
            if group not in active:
                continue
            for label, code in labels.items():
                ids = col_index[c[key] == code]
                if len(ids) == 0:
                    continue
                s = min(1.0, overrides.get(f"{group}:{label}", share))
                add_row(f"{group}:{label}", np.append(ids, total), np.append(c["basis"][ids], -s), -np.inf, 0.0)
    for h in range(periods):
        ids = col_index[c["start"] == h]
        if "starts_per_period" in active:
            cap = overrides.get(f"starts_per_period:{h}", limits.max_starts_per_period)
            add_row(f"starts_per_period:{h}", ids, np.ones(len(ids)), -np.inf, cap)
        if "fte_per_period" in active:
            cap = overrides.get(f"fte_per_period:{h}", limits.max_fte_per_period)
            add_row(f"fte_per_period:{h}", ids, c["fte"][ids], -np.inf, cap)
    if "one_off_budget" in active:
        for year in range((periods + 1) // 2):
            ids = col_index[c["start"] // 2 == year]
            cap = overrides.get(f"one_off_budget:{year}", limits.one_off_budget_per_year)
            add_row(f"one_off_budget:{year}", ids, c["one_off"][ids], -np.inf, cap)
    index_of = {f.function_id: i for i, f in enumerate(problem.functions)}
    for dep in limits.dependencies:
        name = dependency_name(dep)
        if name not in active or dep.before not in index_of or dep.after not in index_of:
            continue
        bi, ai = index_of[dep.before], index_of[dep.after]
        if not dep.required and (bounds[bi] == bounds[bi + 1] or bounds[ai] == bounds[ai + 1]):
            continue  # one of them never moves: nothing to order
        before = order[bounds[bi]:bounds[bi + 1]]
        after = order[bounds[ai]:bounds[ai + 1]]
        # Time-indexed precedence (tighter in the LP than a big-M on the start periods): for every t,
        # "after starts by t" and "before starts at t or later" exclude each other; when required,
        # "after starts by t" needs "before started by t - 1" (which also gives x_after <= x_before).
        a_start, b_start = c["start"][after], c["start"][before]
        for t in range(periods):
            if dep.required:
                ids = np.append(after[a_start <= t], before[b_start <= t - 1])
                coefs = np.append(np.ones(int(np.sum(a_start <= t))), -np.ones(int(np.sum(b_start <= t - 1))))
                add_row(f"{name}:{t}", ids, coefs, -np.inf, 0.0)
            else:
                ids = np.append(after[a_start <= t], before[b_start >= t])
                add_row(f"{name}:{t}", ids, np.ones(len(ids)), -np.inf, 1.0)
    matrix = csr_array((np.concatenate(vals) if vals else np.zeros(0),
                        (np.concatenate(rows) if rows else np.zeros(0, int),
                         np.concatenate(cols) if cols else np.zeros(0, int))),
                       shape=(len(names), n_vars))
    integrality = np.ones(n_vars)
    integrality[n:] = 0
    obj = np.zeros(n_vars)
    obj[:n] = c["obj"]
    upper = np.ones(n_vars)
    if share_on:
        largest = np.zeros(n_functions)
        np.maximum.at(largest, c["func"], c["basis"])
        upper[n:] = largest.sum()
    return Model(func=c["func"], cand=c["cand"], start=c["start"], obj=obj, matrix=matrix,
                 row_lb=np.asarray(lb, dtype=float), row_ub=np.asarray(ub, dtype=float), row_names=tuple(names),
                 integrality=integrality, upper=upper,
                 columns_before_pruning=before_pruning)


def must_move_columns(problem: PortfolioProblem, model: Model) -> np.ndarray:
    """Columns of functions pinned to move or needed by a required dependency (a superset of the functions
    any plan must move): the LP's start set falls back on them, and feasibility checks without share limits
    need no other function (every other column has only non-negative coefficients, so keeping it is safe)."""
    ids = {p.function_id for p in problem.limits.pins if p.kind != "keep"}
    ids |= {d.before for d in problem.limits.dependencies if d.required}
    index = np.array([f.function_id in ids for f in problem.functions] + [False])
    return index[model.func] if model.n_columns else np.zeros(0, dtype=bool)
