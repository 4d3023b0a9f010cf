"""Request, execute and recover TCO runs. The Celery task only calls `tco_run_execute` with an id."""

import logging
import time

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assessments.domain import tco
from assessments.models import Assessment, TcoRun
from assessments.selectors.results import latest_run
from assessments.selectors.tco_inputs import inputs_digest, tco_inputs
from assessments.services import queueing
from assessments.services.exchange_rates import fx_rates_ensure
from assessments.services.report_charts import report_charts_enqueue

logger = logging.getLogger(__name__)


class TcoUnavailable(Exception):
    """Nothing to cost yet: the assessment has no scores."""


STALE_REASON = "The run stopped responding (its worker was lost) and passed its time limit. Start it again."


def _enqueue(run_id: int) -> bool:
    from assessments.tasks import run_tco

    return queueing.send(run_tco, TcoRun, run_id)  # on a broker failure the run stays queued, noted


@transaction.atomic
def tco_run_request(*, assessment: Assessment, user=None) -> TcoRun:
    """A run for the assessment's current inputs: the stored one when they are unchanged, else a new queued run.

    With the broker down the run stays queued and the scheduler's sweep sends it later; asking again for
    the same inputs tries to send it at once.
    """
    scoring_run = latest_run(assessment)
    if scoring_run is None:
        raise TcoUnavailable("Submit the assessment first: TCO compares the options its scoring ranked highest.")
    fx_rates_ensure(assessment=assessment)
    inputs = tco_inputs(assessment, scoring_run=scoring_run)
    if assessment.currency in inputs["missing_currencies"]:
        raise TcoUnavailable(f"No exchange rate for {assessment.currency}, the assessment's currency: enter how many "
                             f"{assessment.currency} one US dollar buys on the TCO assumptions page.")
    digest = inputs_digest(inputs)
    existing = (
        TcoRun.objects.filter(assessment=assessment, inputs_hash=digest)
        .exclude(status=TcoRun.Status.FAILED)
        .first()
    )
    if existing:
        if queueing.waiting_for_queue(existing):
            transaction.on_commit(lambda: _enqueue(existing.pk))
        return existing
    run = TcoRun.objects.create(assessment=assessment, inputs=inputs, inputs_hash=digest,
                                model_version=tco.TCO_MODEL_VERSION,
                                created_by=user if getattr(user, "is_authenticated", False) else None)  # fmt: skip
    transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def tco_run_retry(*, run: TcoRun, user=None) -> TcoRun:
    """A failed run is never revived (a late message for it is ignored): its retry is a new run."""
    if run.status != TcoRun.Status.FAILED:
        return run
    return tco_run_request(assessment=run.assessment, user=user)


def tco_run_start(*, assessment: Assessment, user, retry_of: TcoRun | None = None) -> TcoRun:
    """A person pressed Start (or Try again): the run, or QueueUnavailable when it is saved but not yet sent.

    Call outside a transaction, so the message has been sent (or refused) when this returns.
    """
    run = tco_run_retry(run=retry_of, user=user) if retry_of else tco_run_request(assessment=assessment, user=user)
    queueing.raise_if_waiting(run)
    return run


def _frames(inputs: dict) -> tco.TcoInputs:
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


def tco_run_execute(*, run_id: int, redelivered: bool = False) -> None:
    """Compute a run and store its one result. Safe to call again for the same id.

    `redelivered`: the broker hands this message out again because the worker that held it died (or
    the task is retrying), so a run left "running" is taken over. Without it a running run belongs to
    a live worker and this message is a duplicate (a queued run sent again): nothing is done twice.
    """
    with transaction.atomic():
        run = TcoRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.status in (TcoRun.Status.SUCCEEDED, TcoRun.Status.FAILED):
            return
        if run.status == TcoRun.Status.RUNNING and not redelivered:
            logger.info("TCO run %s is already running elsewhere; duplicate message ignored", run_id)
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
    stored = TcoRun.objects.filter(pk=run_id).exclude(status=TcoRun.Status.SUCCEEDED).update(
        status=TcoRun.Status.SUCCEEDED, result=result, progress=100, finished_at=timezone.now(),
        compute_ms=(time.perf_counter() - started) * 1000,
    )  # fmt: skip
    if stored:
        report_charts_enqueue(assessment_id=run.assessment_id)  # the report's charts, drawn before anyone asks


def tco_run_mark_failed(*, run_id: int, reason: str) -> None:
    TcoRun.objects.filter(pk=run_id).exclude(status=TcoRun.Status.SUCCEEDED).update(
        status=TcoRun.Status.FAILED, error=reason, finished_at=timezone.now())  # fmt: skip


def tco_runs_fail_stale() -> int:
    """Runs stuck in running past the time limit (their worker died for good) become failed and retryable."""
    return queueing.fail_stale(TcoRun, after_seconds=settings.TCO_STALE_AFTER_SECONDS, reason=STALE_REASON)


def tco_runs_requeue() -> int:
    """Queued runs that never reached the broker, or lost their message with it, are sent again."""
    from assessments.tasks import run_tco

    return queueing.requeue(run_tco, TcoRun)
