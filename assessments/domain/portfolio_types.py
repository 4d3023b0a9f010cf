"""The portfolio optimiser's data (issue 19): the problem the Django side builds and the plan it gets back.

Pure: no Django. Frozen dataclasses so a problem can be hashed into a cache key and shared between
solves (the frontier and the relaxation gains re-solve variants made with dataclasses.replace).
Money is in the assessment's currency; periods are half-years, period 0 = the first half-year of the
planning horizon; year y is periods 2y and 2y + 1.
"""

from dataclasses import dataclass, field
from typing import Any

OBJECTIVE_KINDS = ("expected", "p50_minus_risk", "p10")
PIN_KINDS = ("keep", "move", "country", "option")
SHARE_BASES = ("fte", "spend")
STATUSES = ("optimal", "feasible", "infeasible", "unknown")


@dataclass(frozen=True)
class MoveCandidate:
    option_key: str
    label: str
    country: str
    engagement: str
    npv_by_start: tuple[float, ...]  # one per period: already shifted and truncated at the horizon by the caller
    npv_p10_by_start: tuple[float, ...]
    npv_p50_by_start: tuple[float, ...]
    one_off_by_start: tuple[float, ...]  # charged in the year the transition starts
    risk_points: float
    within_appetite: bool
    fte: float
    yearly_spend: float


@dataclass(frozen=True)
class PortfolioFunction:
    function_id: str
    name: str
    candidates: tuple[MoveCandidate, ...]  # the function's own exclusions already applied


@dataclass(frozen=True)
class Dependency:
    """If both move, `before` starts at least one period earlier; required: `after` may move only if `before` does."""

    before: str
    after: str
    required: bool = False


@dataclass(frozen=True)
class Pin:
    function_id: str
    kind: str  # "keep" | "move" | "country" | "option"
    value: str = ""  # ISO2 for "country", option_key for "option"


@dataclass(frozen=True)
class Limits:
    periods: int = 6
    risk_budget: float | None = None
    enforce_appetite: bool = True
    max_country_share: float | None = None
    max_form_share: float | None = None
    share_basis: str = "fte"
    max_starts_per_period: int | None = None
    max_fte_per_period: float | None = None
    one_off_budget_per_year: float | None = None
    dependencies: tuple[Dependency, ...] = ()
    pins: tuple[Pin, ...] = ()


@dataclass(frozen=True)
class Objective:
    kind: str = "expected"
    price_per_risk_point: float = 0.0


@dataclass(frozen=True)
class PortfolioProblem:
    functions: tuple[PortfolioFunction, ...]
    limits: Limits
    objective: Objective


@dataclass(frozen=True)
class LimitError:
    field: str
    message: str


@dataclass(frozen=True)
class Move:
    function_id: str
    option_key: str
    start_period: int
    label: str
    country: str
    engagement: str
    npv_expected: float  # the candidate's figures at the chosen start
    npv_p50: float
    npv_p10: float
    one_off: float
    risk_points: float
    fte: float
    yearly_spend: float
    shift_factor: float  # npv_by_start[start] / npv_by_start[0]: scales the period-0 Monte Carlo draws


@dataclass(frozen=True)
class Conflict:
    """One limit of a minimal set that cannot all be met; `code` + `params` let the caller translate the sentence."""

    limit: str  # the limit group's name, e.g. "risk_budget", "pin:f12", "dependency:f1->f2"
    code: str
    sentence_en: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PortfolioPlan:
    status: str  # "optimal" | "feasible" (time limit hit, gap reported) | "infeasible" | "unknown" (no plan found)
    objective: float
    bound: float
    gap: float
    moves: tuple[Move, ...]
    kept: tuple[str, ...]
    total_risk: float
    npv_expected: float
    npv_p50: float
    npv_p10: float
    fte_by_country: dict[str, float]
    fte_by_form: dict[str, float]
    spend_by_country: dict[str, float]
    starts_by_period: tuple[int, ...]
    one_off_by_year: tuple[float, ...]
    conflicts: tuple[Conflict, ...]
    binding: tuple[str, ...]
    lp_bound: float
    spend_by_form: dict[str, float] = field(default_factory=dict)
    fte_by_period: tuple[float, ...] = ()
    solve_seconds: float = 0.0
    columns: int = 0  # binaries left after the dominance pruning (the model's size)
    columns_before_pruning: int = 0
    conflicts_minimal: bool = True  # False when the time limit cut the conflict search short (the set still conflicts)


@dataclass(frozen=True)
class FrontierPoint:
    risk: float
    npv: float  # the plan's objective value
    plan: PortfolioPlan
    risk_budget: float


@dataclass(frozen=True)
class RelaxationGain:
    limit: str
    period: int | None
    step: float
    gain: float
    sentence_en: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
