"""Request, execute and recover TCO runs. The Celery task only calls `tco_run_execute` with an id."""

import logging
import time
from datetime import timedelta

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.domain import tco
from assessments.models import Assessment, TcoRun
from assessments.selectors.results import latest_run
from assessments.selectors.tco_inputs import inputs_digest, tco_inputs

logger = logging.getLogger(__name__)


class TcoUnavailable(Exception):
    """Nothing to cost yet (the assessment has no scores) or the task queue cannot be reached."""


def _enqueue(run_id: int) -> None:
    from assessments.tasks import run_tco

    try:
        run_tco.delay(run_id)
    except Exception as exc:  # kombu raises transport-specific errors when the broker is down
        logger.warning("TCO run %s could not be queued: %s", run_id, exc)
        TcoRun.objects.filter(pk=run_id, status=TcoRun.Status.QUEUED).update(
            status=TcoRun.Status.FAILED, finished_at=timezone.now(),
            error="The task queue could not be reached, so the run was not started. Try again in a moment.",
        )  # fmt: skip


@transaction.atomic
def tco_run_request(*, assessment: Assessment, user=None) -> TcoRun:
    """A run for the assessment's current inputs: the stored one when they are unchanged, else a new queued run."""
    scoring_run = latest_run(assessment)
    if scoring_run is None:
        raise TcoUnavailable("Submit the assessment first: TCO compares the options its scoring ranked highest.")
    inputs = tco_inputs(assessment, scoring_run=scoring_run)
    digest = inputs_digest(inputs)
    existing = (
        TcoRun.objects.filter(assessment=assessment, inputs_hash=digest)
        .exclude(status=TcoRun.Status.FAILED)
        .first()
    )
    if existing:
        return existing
    run = TcoRun.objects.create(assessment=assessment, inputs=inputs, inputs_hash=digest,
                                created_by=user if getattr(user, "is_authenticated", False) else None)  # fmt: skip
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def tco_run_retry(*, run: TcoRun, user=None) -> TcoRun:
    if run.status != TcoRun.Status.FAILED:
        return run
    return tco_run_request(assessment=run.assessment, user=user)


def _frames(inputs: dict) -> tco.TcoInputs:
    functions = pd.DataFrame(inputs["functions"]).set_index("function_id").drop(columns=["name"])
    functions["home_tax_rate_pct"] = pd.to_numeric(functions["home_tax_rate_pct"], errors="coerce")
    options = pd.DataFrame(inputs["options"]).set_index("option_id")
    for column in ("cost_ratio", "tax_rate_pct", "vendor_quote_hourly_usd"):
        options[column] = pd.to_numeric(options[column], errors="coerce")
    pairs = pd.DataFrame(inputs["pairs"], columns=["function_id", "option_id"])
    return tco.TcoInputs(
        functions=functions, options=options, pairs=pairs, horizon_years=inputs["horizon_years"],
        discount_rate=inputs["discount_rate"], fx_rate_usd_to_currency=inputs["fx_rate_usd_to_currency"],
        assumptions=inputs["assumptions"], seed=inputs["seed"],
        function_overrides={int(k): v for k, v in inputs["function_overrides"].items()},
        draws=inputs["draws"], currency=inputs["currency"],
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


def compute_result(inputs: dict, progress=None) -> dict:
    """The stored result of a run: deterministic yearly figures, Monte Carlo percentiles, drivers, assumptions."""
    tco_inputs_ = _frames(inputs)
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


def tco_run_execute(*, run_id: int) -> None:
    """Compute a run and store its one result. Safe to call again for the same id (redelivery)."""
    with transaction.atomic():
        run = TcoRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status == TcoRun.Status.SUCCEEDED:
            return
        run.status, run.started_at, run.attempts = TcoRun.Status.RUNNING, timezone.now(), run.attempts + 1
        run.error = ""
        run.save(update_fields=["status", "started_at", "attempts", "error"])
    last = {"at": 0.0}

    def report(share: float) -> None:
        now = time.monotonic()
        if now - last["at"] >= 0.3 or share >= 1:  # a few writes a second is plenty for a progress bar
            last["at"] = now
            TcoRun.objects.filter(pk=run_id, status=TcoRun.Status.RUNNING).update(progress=min(99, int(share * 100)))

    started = time.perf_counter()
    try:
        result = compute_result(run.inputs, progress=report)
    except ValueError as exc:  # bad assumptions or inputs: a clear, permanent failure
        TcoRun.objects.filter(pk=run_id).exclude(status=TcoRun.Status.SUCCEEDED).update(
            status=TcoRun.Status.FAILED, error=str(exc), finished_at=timezone.now())  # fmt: skip
        return
    TcoRun.objects.filter(pk=run_id).exclude(status=TcoRun.Status.SUCCEEDED).update(
        status=TcoRun.Status.SUCCEEDED, result=result, progress=100, finished_at=timezone.now(),
        compute_ms=(time.perf_counter() - started) * 1000,
    )  # fmt: skip


def tco_run_mark_failed(*, run_id: int, reason: str) -> None:
    TcoRun.objects.filter(pk=run_id).exclude(status=TcoRun.Status.SUCCEEDED).update(
        status=TcoRun.Status.FAILED, error=reason, finished_at=timezone.now())  # fmt: skip


def tco_runs_fail_stale() -> int:
    """Runs stuck in running past the time limit (their worker died for good) become failed and retryable."""
    cutoff = timezone.now() - timedelta(seconds=settings.TCO_STALE_AFTER_SECONDS)
    return TcoRun.objects.filter(status=TcoRun.Status.RUNNING, started_at__lt=cutoff).update(
        status=TcoRun.Status.FAILED, finished_at=timezone.now(),
        error="The run stopped responding (its worker was lost) and passed its time limit. Start it again.",
    )  # fmt: skip
