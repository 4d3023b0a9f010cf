"""One call of scipy.optimize.milp (HiGHS) on a built portfolio model. Pure: no Django."""

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from .portfolio_model import Model


@dataclass(frozen=True)
class RawSolution:
    status: str  # "optimal" | "feasible" | "infeasible" | "unknown"
    x: np.ndarray | None
    objective: float
    bound: float
    gap: float


def solve_model(model: Model, *, time_limit: float, mip_gap: float) -> RawSolution:
    """Maximise model.obj over the model's rows, binaries binary and share totals continuous."""
    if len(model.obj) == 0:  # nothing may move: keeping all in-house is the plan unless a pin needs a move
        if np.any(model.row_lb > 0):
            return RawSolution("infeasible", None, 0.0, 0.0, 0.0)
        return RawSolution("optimal", np.zeros(0), 0.0, 0.0, 0.0)
    constraints = [LinearConstraint(model.matrix, model.row_lb, model.row_ub)] if model.row_names else []
    result = milp(-model.obj, integrality=model.integrality, bounds=Bounds(np.zeros(len(model.obj)), model.upper),
                  constraints=constraints,
                  options={"time_limit": max(time_limit, 0.05), "mip_rel_gap": mip_gap, "disp": False})
    if result.status == 2:
        return RawSolution("infeasible", None, 0.0, 0.0, 0.0)
    if result.x is None:  # time limit (or another stop) with no plan found
        return RawSolution("unknown", None, 0.0, np.inf, np.inf)
    objective = float(-result.fun) + 0.0  # + 0.0 turns the -0.0 of an empty plan into 0.0
    dual = getattr(result, "mip_dual_bound", None)
    bound = max(objective, -float(dual)) if dual is not None and np.isfinite(dual) else objective
    if result.status != 0 and (dual is None or not np.isfinite(dual)):
        bound = np.inf
    gap = max(0.0, bound - objective) / max(abs(objective), 1e-9) if np.isfinite(bound) else np.inf
    return RawSolution("optimal" if result.status == 0 else "feasible", result.x, objective, bound, gap)
