"""SIGKILL of a whole worker (main process and children) mid-run: Redis hands the message to another
worker after the visibility timeout, and the run completes once, with one stored result.

Nobody is left to return the message (unlike a killed child, whose parent requeues it at once):
it waits in Redis's unacked set until the visibility timeout passes. The test's workers use a
short timeout (production: CELERY_VISIBILITY_TIMEOUT, 900 s; see docs/deploy.md).
"""

import pytest
from django.db import transaction

from assessments.models import TcoRun
from assessments.services.scoring import assessment_score
from assessments.services.tco import tco_run_request
from tests.integration.conftest import start_worker, stop_process, wait_for_worker
from tests.integration.own_redis import kill_whole_worker
from tests.integration.test_tco_worker import _complete_assessment, _wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

# Longer than the run takes on a busy machine, or Redis would hand out the running message a second time.
VISIBILITY_TIMEOUT = 20


def test_sigkill_of_the_whole_worker_mid_run_is_redelivered_after_the_visibility_timeout_and_completes_once(
    catalogue, own_broker, settings
):
    broker = own_broker
    settings.TCO_DRAWS = 100_000  # long enough (a second or more) to be caught running
    user, assessment = _complete_assessment(8)
    assessment_score(assessment=assessment)
    env = {"CELERY_BROKER_URL": broker.url, "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT)}
    doomed = start_worker("doomed", concurrency=1, env=env, own_group=True)
    survivor = None
    try:
        wait_for_worker("doomed", timeout=120)  # a first start may compile the numba kernel
        run = tco_run_request(assessment=assessment, user=user)  # autocommit: sent at once
        _wait_for(run.pk, {TcoRun.Status.RUNNING}, timeout=60)
        # Hold the row while killing: the worker cannot store a result first, so the kill is mid-run.
        with transaction.atomic():
            held = TcoRun.objects.select_for_update().get(pk=run.pk)
            assert held.status == TcoRun.Status.RUNNING and held.result is None, "the run ended before the kill"
            kill_whole_worker(doomed)
        assert broker.client().hlen("unacked") == 1  # the message, owned by a dead worker
        assert broker.queue_length() == 0
        survivor = start_worker("survivor", env=env, own_group=True)
        run = _wait_for(run.pk, {TcoRun.Status.SUCCEEDED, TcoRun.Status.FAILED},
                        timeout=VISIBILITY_TIMEOUT + 90)  # fmt: skip
    finally:
        stop_process(doomed)
        if survivor:
            stop_process(survivor)
    assert run.status == TcoRun.Status.SUCCEEDED, run.error
    assert run.attempts == 2  # started by the killed worker, taken over once by the survivor
    assert run.result["draws"] == 100_000
    assert TcoRun.objects.filter(assessment=assessment).count() == 1
    assert broker.client().hlen("unacked") == 0  # acknowledged: it will not come back
