"""Request and compute TCO runs. Their life (claim, heartbeat, one stored result, the sweep) is services/runs.py;
the Celery task only calls `tco_run_execute` with an id."""

import numpy as np
import pandas as pd
from django.conf import settings

from assessments.domain import tco
from assessments.models import Assessment, TcoRun
from assessments.selectors.results import latest_run
from assessments.selectors.tco_inputs import inputs_digest, tco_inputs
from assessments.services import queueing, runs
from assessments.services.exchange_rate_copies import fx_rates_ensure
from assessments.services.run_kinds import TCO_RUNS
from assessments.services.task_names import PREPARE_REPORT_CHARTS_TASK


class TcoUnavailable(Exception):
    """Nothing to cost yet: the assessment has no scores."""


STALE_REASON = TCO_RUNS.stale_reason


def _request(assessment: Assessment, user) -> runs.Requested:
    scoring_run = latest_run(assessment)
    if scoring_run is None:
        raise TcoUnavailable("Submit the assessment first: TCO compares the options its scoring ranked highest.")
    fx_rates_ensure(assessment=assessment)
    inputs = tco_inputs(assessment, scoring_run=scoring_run)
    if assessment.currency in inputs["missing_currencies"]:
        raise TcoUnavailable(f"No exchange rate for {assessment.currency}, the assessment's currency: enter how many "
                             f"{assessment.currency} one US dollar buys on the TCO assumptions page.")
    return runs.run_request(TCO_RUNS, owner=assessment, inputs=inputs, digest=inputs_digest(inputs), user=user,
                            model_version=tco.TCO_MODEL_VERSION)


def tco_run_request(*, assessment: Assessment, user=None) -> TcoRun:
    """A run for the assessment's current inputs: the stored one when they are unchanged, else a new queued run.

    Its message is sent when the outermost transaction commits. With the broker down the run stays queued
    and the scheduler's sweep sends it later; asking again for the same inputs tries to send it at once.
    """
    return _request(assessment, user).run


def tco_run_request_if_scored(*, assessment: Assessment, user=None) -> TcoRun | None:
    """After weights or assumptions change: a run for the new inputs when the assessment has scores, else None."""
    try:
        return tco_run_request(assessment=assessment, user=user)
    except TcoUnavailable:
        return None


def tco_run_retry(*, run: TcoRun, user=None) -> TcoRun:
    """A failed run is never revived (a late message for it is ignored): its retry is a new run."""
    if run.status != TcoRun.Status.FAILED:
        return run
    return tco_run_request(assessment=run.assessment, user=user)


def tco_run_start(*, assessment: Assessment, user, retry_of: TcoRun | None = None) -> runs.Requested:
    """A person pressed Run (or Try again): the run, re-read, and whether it is new or an unchanged one reused.

    Raises QueueUnavailable when it is saved but not yet sent. Call outside a transaction, so the message
    has been sent (or refused, or, in-process, the run computed) when this returns.
    """
    if retry_of is not None and retry_of.status != TcoRun.Status.FAILED:
        requested = runs.Requested(retry_of, created=False)
    else:
        requested = _request(retry_of.assessment if retry_of is not None else assessment, user)
    return runs.run_start(TCO_RUNS, requested)


def tco_inputs_frames(inputs: dict) -> tco.TcoInputs:
    """A stored run's inputs (JSON) as the pure model's TcoInputs (the portfolio sums this run's draws too)."""
    functions = pd.DataFrame(inputs["functions"]).set_index("function_id").drop(columns=["name"])
    functions["home_tax_rate_pct"] = pd.to_numeric(functions["home_tax_rate_pct"], errors="coerce")
    options = pd.DataFrame(inputs["options"]).set_index("option_id")
    options["tax_rate_pct"] = pd.to_numeric(options["tax_rate_pct"], errors="coerce")
    pairs = pd.DataFrame(inputs["pairs"], columns=["function_id", "option_id"])
    return tco.TcoInputs(
        functions=functions, options=options, pairs=pairs, horizon_years=inputs["horizon_years"],
        discount_rate=inputs["discount_rate"], fx_rate_usd_to_currency=inputs["fx_rate_usd_to_currency"],
        assumptions=inputs["assumptions"], seed=inputs["seed"],
        function_overrides={int(k): v for k, v in inputs["function_overrides"].items()},
        draws=inputs["draws"], currency=inputs["currency"], rate_table=inputs["rate_table"],
        quotes=inputs["quotes"], fx_per_usd=inputs["fx_per_usd"],
    )  # fmt: skip


def _records(frame: pd.DataFrame) -> list[dict]:
    flat = frame.reset_index(drop=frame.index.name is None)
    for column in flat.columns:
        if isinstance(flat[column].dtype, pd.CategoricalDtype):
            flat[column] = flat[column].astype(str)
    flat = flat.astype(object).where(pd.notna(flat), None)
    rows = flat.to_dict("records")
    return [{k: _compact(v.item() if isinstance(v, np.generic) else v) for k, v in row.items()} for row in rows]


def _compact(value):
    """Money to the cent and shares to 6 decimals: the stored result stays small and quick to write."""
    if isinstance(value, float):
        return round(value, 2) if abs(value) >= 100 else round(value, 6)
    return value


PER_FUNCTION_KEYS = ("value", "low", "high", "origin")


def _compact_assumptions(used: dict) -> dict:
    """Per function only what can differ (value, range, who set it); the descriptions once, not per function."""
    per_function = {str(fid): {name: {k: entry[k] for k in PER_FUNCTION_KEYS} for name, entry in names.items()}
                    for fid, names in used.items()}  # fmt: skip
    first = next(iter(used.values()), {})
    meta = {name: {k: v for k, v in entry.items() if k not in PER_FUNCTION_KEYS} for name, entry in first.items()}
    return {"by_function": per_function, "meta": meta}


def tco_result_compute(inputs: dict, progress=None) -> dict:
    """The stored result of a run: deterministic yearly figures, Monte Carlo percentiles, drivers, assumptions."""
    tco_inputs_ = tco_inputs_frames(inputs)
    deterministic = tco.deterministic_tco(tco_inputs_)
    monte_carlo = tco.monte_carlo_tco(tco_inputs_, progress=progress)
    return {
        "yearly": _records(deterministic.yearly),
        "summary": _records(deterministic.summary),
        "monte_carlo": _records(monte_carlo.summary),
        "bands": _records(monte_carlo.bands),
        "drivers": _records(monte_carlo.drivers),
        "drivers_overall": _records(monte_carlo.drivers_overall),
        "assumptions_used": _compact_assumptions(deterministic.assumptions_used),
        "draws": monte_carlo.draws,
        "seed": monte_carlo.seed,
    }


def _compute(run: TcoRun, progress) -> dict:
    try:
        return {"result": tco_result_compute(run.inputs, progress=progress)}
    except ValueError as exc:  # bad assumptions or inputs: a clear, permanent failure
        raise runs.RunFailed(str(exc)) from exc


def tco_run_execute(*, run_id: int, redelivered: bool = False) -> None:
    """Compute a run and store its one result. Safe to call again for the same id (services/runs.py)."""
    run = runs.run_execute(TCO_RUNS, run_id=run_id, redelivered=redelivered, work=_compute)
    if run is not None:
        report_charts_enqueue(assessment_id=run.assessment_id)  # the report's charts, drawn before anyone asks


def report_charts_enqueue(*, assessment_id: int) -> None:
    """Ask a worker to draw the assessment's PDF charts (services/report_charts.py); only an optimisation."""
    if settings.REPORT_CHARTS_AFTER_TCO:
        queueing.publish_quietly(PREPARE_REPORT_CHARTS_TASK, assessment_id)


def tco_runs_fail_stale() -> int:
    """Runs still "running" past TCO_STALE_AFTER_SECONDS become failed and retryable (the sweep's last resort)."""
    return runs.runs_fail_stale(TCO_RUNS)


def tco_runs_requeue() -> int:
    """Queued runs that never reached the broker, or lost their message with it, are sent again."""
    return runs.runs_requeue(TCO_RUNS)
