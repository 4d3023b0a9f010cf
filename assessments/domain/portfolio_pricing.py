"""Solve a large portfolio MILP fast and still exactly: column generation for the LP, then reduced-cost fixing.

Why: the full model has one binary per function, candidate and start (200 x 165 x 6 = 198,000). HiGHS
spends seconds on its LP alone and its heuristics find poor plans in that space, yet at the optimum
only a few columns per function are anywhere near worth choosing. So:

1. LP relaxation by column generation: solve the LP on a small set of columns (per function and start,
   the best one), price every column with the duals (reduced cost d = c - A'y, one sparse product), add
   the best-priced columns per function, repeat until no column prices out. That is the LP optimum of
   the full model (its bound `lp_bound`).
2. For any duals y (>= 0 on the <= rows), every plan x satisfies c.x <= UB0 + d_j for each chosen column
   j with d_j < 0, where UB0 = y.b + sum of positive d_j times the column's upper bound (weak duality,
   term by term). Given a plan worth z, every column with UB0 + d_j < z can be in no better plan.
3. MILPs over widening column sets: the LP's support and the 2, 4, 8, 16 best reduced costs per function,
   then every column; each with the best plan so far, and replaced by the columns step 2 keeps once those
   are fewer. A set's MILP solved to optimality proves the optimum when no column outside it can beat the
   plan (UB0 + d_j < z for all of them); otherwise the best plan is reported with a bound valid for the
   full model (the larger of the set's MILP bound and UB0 + the best d_j outside it).
If the restricted LP is infeasible (pins that need columns outside the start set) the full LP is used.
"""

import time

import numpy as np
from scipy.optimize import linprog

from .portfolio_model import Model
from .portfolio_solve_raw import RawSolution, solve_model

WIDENING = (2, 4, 8, 16, None)  # best reduced costs per function in each MILP (None: every column) until proven
ADD_PER_FUNCTION = 2  # columns per function added per pricing round
MAX_ROUNDS = 60


def sub_model(model: Model, columns: np.ndarray) -> Model:
    """The model restricted to some binaries (sorted ids; the continuous share totals are always kept)."""
    keep = np.concatenate([columns, np.arange(model.n_columns, len(model.obj))])
    return Model(func=model.func[columns], cand=model.cand[columns], start=model.start[columns],
                 obj=model.obj[keep], matrix=model.matrix[:, keep], row_lb=model.row_lb, row_ub=model.row_ub,
                 row_names=model.row_names, integrality=model.integrality[keep], upper=model.upper[keep],
                 columns_before_pruning=model.columns_before_pruning)


def _best_per_function(func: np.ndarray, score: np.ndarray, candidates: np.ndarray, k: int) -> np.ndarray:
    """Of `candidates` (column ids), the k with the highest score in each function."""
    if len(candidates) == 0:
        return candidates
    order = candidates[np.lexsort((-score[candidates], func[candidates]))]
    f = func[order]
    first = np.searchsorted(f, f, side="left")
    rank = np.arange(len(order)) - first
    return order[rank < k]


class LpResult:
    def __init__(self, status: str, value: float, duals: np.ndarray | None, columns: np.ndarray, x: np.ndarray):
        self.status, self.value, self.duals, self.columns, self.x = status, value, duals, columns, x


def _solve_lp(model: Model, columns: np.ndarray) -> LpResult:
    sub = sub_model(model, columns)
    eq = model.row_lb == model.row_ub
    matrix = sub.matrix.tocsr()
    a_ub, a_eq = matrix[~eq], matrix[eq]
    bounds = np.column_stack([np.zeros(len(sub.obj)), sub.upper])
    result = linprog(-sub.obj, A_ub=a_ub if a_ub.shape[0] else None, b_ub=model.row_ub[~eq] if a_ub.shape[0] else None,
                     A_eq=a_eq if a_eq.shape[0] else None, b_eq=model.row_ub[eq] if a_eq.shape[0] else None,
                     bounds=bounds, method="highs")
    if result.status != 0:
        return LpResult("infeasible" if result.status == 2 else "failed", 0.0, None, columns, np.zeros(0))
    duals = np.zeros(len(model.row_ub))  # max form: y = -(min-form marginals); >= 0 on the <= rows
    if a_ub.shape[0]:
        duals[~eq] = np.maximum(-result.ineqlin.marginals, 0.0)
    if a_eq.shape[0]:
        duals[eq] = -result.eqlin.marginals
    return LpResult("optimal", float(-result.fun), duals, columns, result.x)


def lagrangian_bound(model: Model, duals: np.ndarray) -> tuple[float, np.ndarray]:
    """(UB0, d): any plan is worth at most UB0, and at most UB0 + d_j if it uses column j with d_j < 0."""
    d = model.obj - model.matrix.T @ duals
    return float(duals @ model.row_ub + np.sum(np.maximum(d, 0.0) * model.upper)), d


def initial_columns(model: Model) -> np.ndarray:
    n = model.n_columns
    per_start = model.func * (int(model.start.max(initial=0)) + 1) + model.start  # one group per function and start
    return _best_per_function(per_start, model.obj[:n], np.arange(n), 1)


def lp_by_column_generation(model: Model, must: np.ndarray) -> tuple[LpResult, float, np.ndarray]:
    """The LP relaxation of the full model. Returns (lp on its final columns, UB0, reduced costs of all columns).

    If the start set's LP is infeasible, the columns in `must` (pinned functions, required predecessors)
    are added, then every column: only the full LP may call the problem infeasible.
    """
    n = model.n_columns
    fallbacks = [np.union1d(initial_columns(model), np.nonzero(must)[0]), np.arange(n)]
    columns = initial_columns(model)
    tolerance = 1e-9 * max(1.0, float(np.max(np.abs(model.obj), initial=0.0)))
    lp, bound, d = None, np.inf, np.zeros(n)
    for _ in range(MAX_ROUNDS):
        lp = _solve_lp(model, columns)
        if lp.status != "optimal":
            if len(columns) == n or not fallbacks:
                return lp, -np.inf, np.zeros(n)
            columns = np.union1d(columns, fallbacks.pop(0))
            continue
        bound, d = lagrangian_bound(model, lp.duals)
        outside = np.setdiff1d(np.nonzero(d[:n] > tolerance)[0], columns, assume_unique=True)
        if len(outside) == 0:
            break
        columns = np.union1d(columns, _best_per_function(model.func, d[:n], outside, ADD_PER_FUNCTION))
    return lp, bound, d[:n]


def solve_large(model: Model, *, must: np.ndarray, time_limit: float, mip_gap: float
                ) -> tuple[RawSolution, float]:
    """Returns (solution with x over the full model's variables and a bound valid for the full model, LP bound)."""
    started = time.perf_counter()

    def left() -> float:
        return time_limit - (time.perf_counter() - started)

    n = model.n_columns
    if len(model.obj) == 0:
        return solve_model(model, time_limit=time_limit, mip_gap=mip_gap), 0.0
    lp, bound, d = lp_by_column_generation(model, must)
    lp_bound = bound  # UB0: the LP optimum once no column prices out, and an upper bound on it in any case
    if lp.status == "infeasible":
        return RawSolution("infeasible", None, 0.0, 0.0, 0.0), 0.0
    if lp.status != "optimal":
        return solve_model(model, time_limit=left(), mip_gap=mip_gap), np.inf
    support = lp.columns[lp.x[:len(lp.columns)] > 1e-9]
    everything = np.arange(n)
    best: RawSolution | None = None
    global_bound = np.inf
    kept = everything
    for k in WIDENING:
        # the columns to solve over: the LP's support, the k best reduced costs per function and the best
        # plan's columns; or, once the fixing has cut the model down further than that, what it keeps
        columns = everything if k is None else np.union1d(support, _best_per_function(model.func, d, everything, k))
        if best is not None:
            columns = np.union1d(columns, np.nonzero(best.x[:n] > 0.5)[0])
            if len(kept) <= len(columns):
                columns = np.union1d(kept, np.nonzero(best.x[:n] > 0.5)[0])
        raw = solve_model(sub_model(model, columns), time_limit=left(), mip_gap=mip_gap)
        if raw.x is not None and (best is None or raw.objective > best.objective):
            best = _expand(model, columns, raw)
        # any plan uses only these columns (worth at most the MILP's bound here) or another column j (worth
        # at most UB0 + d_j): the larger of the two bounds the full model
        outside = np.setdiff1d(everything, columns, assume_unique=True)
        bound_outside = float(bound + np.max(d[outside])) if len(outside) else -np.inf
        bound_inside = -np.inf if raw.status == "infeasible" else raw.bound
        global_bound = min(global_bound, max(bound_inside, bound_outside))
        if best is not None:
            margin = 1e-9 * max(1.0, abs(best.objective)) + 1e-6
            kept = np.nonzero(bound + np.minimum(d, 0.0) >= best.objective - margin)[0]
            if raw.status in ("optimal", "infeasible") and bound_outside < best.objective - margin:
                return RawSolution("optimal", best.x, best.objective, max(best.objective, bound_inside),
                                   raw.gap if raw.status == "optimal" else 0.0), lp_bound
        if len(outside) == 0:
            if best is None and raw.status == "infeasible":  # every column was in the model: no plan exists
                return RawSolution("infeasible", None, 0.0, 0.0, 0.0), lp_bound
            break
        if left() <= 0.05:
            break
    if best is None:
        return RawSolution("unknown", None, 0.0, np.inf, np.inf), lp_bound
    return _with_gap(RawSolution("feasible", best.x, best.objective, max(global_bound, best.objective), 0.0)), lp_bound


def _with_gap(raw: RawSolution) -> RawSolution:
    if raw.status == "optimal":
        return raw
    gap = max(0.0, raw.bound - raw.objective) / max(abs(raw.objective), 1e-9)
    return RawSolution(raw.status, raw.x, raw.objective, raw.bound, gap)


def _expand(model: Model, columns: np.ndarray, raw: RawSolution) -> RawSolution:
    """Map a restricted solution back onto every variable of the full model."""
    x = np.zeros(len(model.obj))
    x[columns] = raw.x[:len(columns)]
    x[model.n_columns:] = raw.x[len(columns):]
    return RawSolution(raw.status, x, raw.objective, raw.bound, raw.gap)
