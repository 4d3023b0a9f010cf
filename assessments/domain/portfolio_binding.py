"""Which limit rows stop the plan from a better single change. Pure: no Django.

A row "without slack" is the textbook binding limit, but the plan's quantities are lumpy (whole functions,
their FTE): a country-share row can sit 0.2 FTE below its cap and still be what forces a move. The demo
showed it: with a 60 % country share, the optimum moved a function abroad at an expected loss only to
dilute the home country's share, while the share row had slack, so no limit was named and no relaxation
was tried. Here a row counts as binding when it is the only row that blocks a single change that would
raise the objective: one function moved to another column (another option or start), or kept in-house
instead. A change that two limits block names neither (relaxing one alone would not allow it). Every row
with a finite bound counts as a blocker (pins and dependencies too), but only limit rows are named; pins,
dependencies and appetite are judged on the plan in `binding_limits`. Still a necessary condition:
`relaxation_gains` re-solves to say what relaxing each named row really gains.
"""

import numpy as np

from .portfolio_model import Model

TOL = 1e-6
CHUNK = 20_000  # columns per block of the swap matrix: bounds memory on the 200 x 165 x 6 instances
SKIPPED_ROWS = ("choice:", "share_total", "dependency:")  # structure, or judged on the plan elsewhere
NEVER_BLOCKING = ("choice:", "share_total")


def rows_blocking_a_better_change(model: Model, x: np.ndarray) -> list[str]:
    n = model.n_columns
    if n == 0:
        return []
    # A change keeps each function's choice row at most 1 and the share-total equality met (T follows), so
    # those rows never block; leaving them out keeps the blocks small (the choice rows are most rows).
    rows = np.array([i for i, name in enumerate(model.row_names) if not name.startswith(NEVER_BLOCKING)], dtype=int)
    names = [model.row_names[i] for i in rows]
    named = np.array([not name.startswith(SKIPPED_ROWS) and np.isfinite(model.row_ub[i])
                      for i, name in zip(rows, names, strict=True)], dtype=bool)
    if not named.any():
        return []
    matrix = model.matrix[rows].tocsc()
    activity = matrix @ x
    row_ub, row_lb = model.row_ub[rows], model.row_lb[rows]
    room_up = np.where(np.isfinite(row_ub), row_ub - activity, np.inf)
    room_down = np.where(np.isfinite(row_lb), activity - row_lb, np.inf)
    n_functions = int(model.func.max()) + 1
    chosen = np.nonzero(x[:n] > 0.5)[0]
    current = np.full(n_functions, -1)
    obj = model.obj[:n]  # the share total after the columns scores nothing
    current[model.func[chosen]] = chosen
    current_obj = np.zeros(n_functions)
    current_obj[model.func[chosen]] = obj[chosen]
    # The share total T (a continuous variable after the columns) follows any change of the basis it sums.
    total = n if matrix.shape[1] > n else None
    basis = _share_basis(model, n) if total is not None else None
    blocked = np.zeros(len(rows), dtype=bool)

    def only_blocker(delta: np.ndarray) -> np.ndarray:
        violated = (delta > room_up[:, None] + TOL) | (-delta > room_down[:, None] + TOL)
        alone = violated.sum(axis=0) == 1
        return (violated & alone[None, :]).any(axis=1)

    # Changes to another column: better objective than the function's current choice.
    better = np.nonzero((obj > current_obj[model.func] + TOL) & (x[:n] < 0.5))[0]
    for start in range(0, len(better), CHUNK):
        cols = better[start:start + CHUNK]
        blocked |= only_blocker(_column_delta(matrix, cols, current[model.func[cols]], total, basis))
    # Keeping in-house a function moved at a loss (under the objective): its column is taken out.
    losing = chosen[obj[chosen] < -TOL]
    if len(losing):
        blocked |= only_blocker(-_column_delta(matrix, losing, np.full(len(losing), -1), total, basis))
    return [name for name, hit, keep in zip(names, blocked, named, strict=True) if hit and keep]


def _share_basis(model: Model, n: int) -> np.ndarray:
    row = model.row_names.index("share_total")
    return model.matrix[[row], :n].toarray().ravel()


def _column_delta(matrix, cols: np.ndarray, replaced: np.ndarray, total, basis) -> np.ndarray:
    """Each row's change when column cols[i] replaces column replaced[i] (-1: the function was kept)."""
    delta = matrix[:, cols].toarray()
    had = replaced >= 0
    if had.any():
        delta[:, had] -= matrix[:, replaced[had]].toarray()
    if total is not None:
        moved_basis = basis[cols] - np.where(had, basis[np.maximum(replaced, 0)], 0.0)
        delta += matrix[:, [total]].toarray() * moved_basis[None, :]
    return delta
