"""The report's tables as DataFrames, built from stored rows and the stored TCO result (no recomputation).

Column lists below are the contract with exporters; every money column is in the assessment's
currency, every share (prob_saving, confidence, margin) is a fraction 0..1.
"""

from dataclasses import dataclass
from datetime import datetime

import pandas as pd

from assessments.domain.scoring_params import CRITERIA
from assessments.domain.stored_scores import criterion_points
from assessments.models import TcoRun
from assessments.selectors.tco_display import rate_basis

SCORE_COLUMNS = ["function_id", "function", "option_id", "option", "engagement", "sourcing_model", "location",
                 "is_baseline", "score", "rank", "delta_vs_baseline"]  # fmt: skip
CONTRIBUTION_COLUMNS = [f"{c}_points" for c in CRITERIA]  # points each criterion adds; they sum to `score`

TCO_OPTION_COLUMNS = ["function_id", "function", "option_id", "option", "engagement", "sourcing_model", "location",
                      "npv_savings", "npv_p10", "npv_p50", "npv_p90", "npv_mean", "prob_saving", "breakeven_month",
                      "total_inhouse_cost", "total_option_cost", "total_savings", "total_transition_cost",
                      "one_time_cost", "parallel_running_cost", "severance_cost", "saving_pct", "vendor_rate_basis",
                      "rate_basis_note", "hourly_rate", "hourly_rate_usd", "rate_source", "rate_year",
                      "top_driver"]  # fmt: skip
TCO_YEARLY_COLUMNS = ["function_id", "function", "option_id", "option", "year", "inhouse_cost", "option_cost",
                      "savings", "cumulative_savings", "retained_cost", "parallel_running_cost", "provider_fees",
                      "governance_cost", "travel_cost", "relearning_cost", "tax_effect", "one_time_cost",
                      "exit_cost"]  # fmt: skip
TCO_BAND_COLUMNS = ["function_id", "option_id", "year", "inhouse_p10", "inhouse_p50", "inhouse_p90",
                    "option_p10", "option_p50", "option_p90"]  # fmt: skip
TCO_DRIVER_COLUMNS = ["function_id", "option_id", "input", "npv_at_p10", "npv_at_median", "npv_at_p90", "swing",
                      "rank"]  # fmt: skip
ASSUMPTION_COLUMNS = ["function_id", "function", "name", "value", "low", "high", "distribution", "unit", "origin",
                      "source", "year", "note"]  # fmt: skip
QUOTE_COLUMNS = ["function_id", "function", "location", "engagement", "unit", "amount", "currency", "quote_date",
                 "provider", "note"]  # fmt: skip
FX_COLUMNS = ["currency", "units_per_usd", "as_of", "source", "origin"]


@dataclass(frozen=True, eq=False)
class TcoReport:
    run_id: int
    finished_at: datetime | None
    draws: int
    seed: int
    currency: str
    horizon_years: int
    discount_rate: float
    # False when the TCO run was computed from an older scoring (e.g. before the weights changed).
    matches_scoring: bool
    options: pd.DataFrame  # TCO_OPTION_COLUMNS: deterministic NPV + Monte Carlo P10/P50/P90 per pair
    yearly: pd.DataFrame  # TCO_YEARLY_COLUMNS
    bands: pd.DataFrame  # TCO_BAND_COLUMNS: cumulative cost percentiles per year (for charts)
    drivers: pd.DataFrame  # TCO_DRIVER_COLUMNS: tornado rows per pair and input
    assumptions: pd.DataFrame  # ASSUMPTION_COLUMNS: each assumption used per function, with its source
    quotes: pd.DataFrame  # QUOTE_COLUMNS: the vendor quotes the run used
    fx: pd.DataFrame  # FX_COLUMNS: the exchange rates the run converted with (empty for runs before model 3)
    model_version: int | None = None  # TCO_MODEL_VERSION that computed the run


SCORE_FIELDS = [c for c in SCORE_COLUMNS if c not in ("function", "option")] + ["contributions"]


def scores_frame(scores: list[dict], *, names: dict[int, str], labels: dict[str, str]) -> pd.DataFrame:
    """One row per function × option: the fields of GET .../scores/ plus each criterion's points as a column.

    `scores` are OptionScore rows as dicts of SCORE_FIELDS; `<criterion>_points` is the criterion's stored
    `points` (assessments/domain/stored_scores.py).
    """
    rows = []
    for s in scores:
        row = {key: s[key] for key in SCORE_FIELDS if key != "contributions"}
        row["function"], row["option"] = names.get(s["function_id"], ""), labels.get(s["option_id"], s["option_id"])
        points = criterion_points(s["contributions"])
        for criterion in CRITERIA:
            row[f"{criterion}_points"] = points.get(criterion, 0.0)
        rows.append(row)
    return pd.DataFrame(rows, columns=SCORE_COLUMNS + CONTRIBUTION_COLUMNS)


def _frame(records: list[dict], columns: list[str], names: dict[int, str], labels: dict[str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(records)
    if "function" in columns:
        frame["function"] = frame["function_id"].map(names) if len(frame) else []
    if "option" in columns:
        frame["option"] = frame["option_id"].map(lambda o: labels.get(o, o)) if len(frame) else []
    return frame.reindex(columns=columns)


def _assumptions(used: dict, names: dict[int, str]) -> pd.DataFrame:
    meta = used.get("meta", {})
    rows = []
    for function_id, entries in used.get("by_function", {}).items():
        for name, entry in sorted(entries.items()):
            rows.append(
                {
                    "function_id": int(function_id),
                    "function": names.get(int(function_id), ""),
                    "name": name,
                    **{k: entry.get(k) for k in ("value", "low", "high", "origin")},
                    **{k: meta.get(name, {}).get(k) for k in ("distribution", "unit", "source", "year", "note")},
                }
            )
    return pd.DataFrame(rows).reindex(columns=ASSUMPTION_COLUMNS)


def tco_report(run: TcoRun, *, names: dict[int, str], labels: dict[str, str], scoring_hash: str) -> TcoReport:
    """The stored result of a succeeded TCO run as tables; NPV columns are exactly the stored numbers."""
    result, inputs = run.result or {}, run.inputs or {}
    summary = pd.DataFrame(result.get("summary", []))
    monte_carlo = pd.DataFrame(result.get("monte_carlo", []))
    if len(summary) and len(monte_carlo):
        summary = summary.merge(monte_carlo, on=["function_id", "option_id"], how="left")
    records = summary.to_dict("records")
    for row in records:
        row["rate_basis_note"] = rate_basis(row, run.model_version)["sentence"]
    options = _frame(records, TCO_OPTION_COLUMNS, names, labels)
    options["breakeven_month"] = options["breakeven_month"].astype("Int64")
    return TcoReport(
        run_id=run.pk, finished_at=run.finished_at, draws=int(result.get("draws", 0)), seed=int(result.get("seed", 0)),
        currency=inputs.get("currency", ""), horizon_years=int(inputs.get("horizon_years", 0)),
        discount_rate=float(inputs.get("discount_rate", 0.0)),
        matches_scoring=inputs.get("scoring_run_hash") == scoring_hash,
        options=options,
        yearly=_frame(result.get("yearly", []), TCO_YEARLY_COLUMNS, names, labels),
        bands=_frame(result.get("bands", []), TCO_BAND_COLUMNS, names, labels),
        drivers=_frame(result.get("drivers", []), TCO_DRIVER_COLUMNS, names, labels),
        assumptions=_assumptions(result.get("assumptions_used", {}), names),
        quotes=_frame(inputs.get("quotes", []), QUOTE_COLUMNS, names, labels),
        fx=pd.DataFrame(inputs.get("fx", [])).reindex(columns=FX_COLUMNS), model_version=run.model_version,
    )  # fmt: skip


def tco_rows_by_pair(tco: TcoReport) -> dict[tuple[int, str], dict]:
    """Each TCO option row as a plain dict keyed by (function_id, option_id); a missing figure is None."""
    plain = tco.options.astype(object).where(tco.options.notna(), None)
    return {(row["function_id"], row["option_id"]): row for row in plain.to_dict("records")}
