"""Background runs without a broker: the same tasks, computed by this process, the same sweep on a timer.

With no CELERY_BROKER_URL (`make run`, a laptop) there is no worker and no beat. So that a run looks and
behaves the same whatever the broker (a request that returns at once, progress rows the page polls,
a dead run noticed and started again), this process plays both parts:

- "thread" (RUNS_IN_PROCESS, the default): a task runs on one of RUNS_IN_PROCESS_THREADS threads beside
  the requests, through Celery's own `apply`, so its retries and time handling are the task's; and a
  sweeper thread sends the recovery sweep every RUNS_RECOVERY_INTERVAL seconds, as beat would.
- "inline": the task runs in the thread that sent it (after the request's commit) and nothing sweeps.
  The test suite uses it: its data sits in one uncommitted transaction no other thread can see.

Threads are used only by a process that serves requests (outsourcing/wsgi.py and asgi.py call
`in_process_start`). Any other process (a management command such as `demo_setup`, a shell) computes its
runs inline: it would exit before a thread finished, and a run cannot start its own threads once the
interpreter is shutting down.
"""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections

from assessments.services.task_names import RECOVER_RUNS_TASK

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_state: dict = {"executor": None, "pending": 0, "sweeper": None, "stop": None, "serving": False}


def _apply(task_name: str, args: tuple) -> None:
    from outsourcing.celery import app

    if task_name not in app.tasks:
        app.loader.import_default_modules()  # as a worker does at start: the apps' task modules, found by name
    app.tasks[task_name].apply(args=args, throw=True)


def _run_on_thread(task_name: str, args: tuple) -> None:
    try:
        _apply(task_name, args)
    except Exception:  # the run row already says what went wrong; this is for the log
        logger.exception("In-process task %s%s failed", task_name, args)
    finally:
        with _lock:
            _state["pending"] -= 1
        connections.close_all()  # this thread's own connections, not the requests'


def _executor() -> ThreadPoolExecutor:
    with _lock:
        if _state["executor"] is None:
            _state["executor"] = ThreadPoolExecutor(max_workers=settings.RUNS_IN_PROCESS_THREADS,
                                                    thread_name_prefix="background-run")  # fmt: skip
        return _state["executor"]


def in_process_submit(task_name: str, args: tuple) -> None:
    if settings.RUNS_IN_PROCESS == "inline" or not _state["serving"]:
        _apply(task_name, args)
        return
    executor = _executor()
    with _lock:
        _state["pending"] += 1
    try:
        executor.submit(_run_on_thread, task_name, args)
    except RuntimeError:  # the interpreter is shutting down: the sweep of the next start sends it again
        with _lock:
            _state["pending"] -= 1
        logger.warning("In-process task %s%s not started: this process is stopping", task_name, args)


def in_process_pending() -> int:
    """Tasks submitted to this process's threads and not finished (queued or running)."""
    with _lock:
        return _state["pending"]


def _sweep_until(stop: threading.Event) -> None:
    from outsourcing.celery import app

    while not stop.wait(settings.RUNS_RECOVERY_INTERVAL):
        try:
            if RECOVER_RUNS_TASK not in app.tasks:
                app.loader.import_default_modules()
            app.tasks[RECOVER_RUNS_TASK]()  # the task's body, without a log line every few seconds
        except Exception:
            logger.exception("In-process sweep of background runs failed")
        finally:
            connections.close_all()


def in_process_start() -> None:
    """This process serves requests: without a broker it computes runs on threads and sweeps them (once)."""
    from outsourcing.celery import app

    if not app.conf.task_always_eager or settings.RUNS_IN_PROCESS != "thread":
        return
    _state["serving"] = True
    in_process_sweeper_start()


def in_process_sweeper_start() -> None:
    """Start this process's sweeper thread, unless it runs already."""
    with _lock:
        if _state["sweeper"] is not None and _state["sweeper"].is_alive():
            return
        _state["stop"] = threading.Event()
        _state["sweeper"] = threading.Thread(target=_sweep_until, args=(_state["stop"],), daemon=True,
                                             name="background-runs-sweeper")  # fmt: skip
        _state["sweeper"].start()


def in_process_stop() -> None:
    """Back to computing runs inline, the sweeper stopped (tests; a process that stops serving)."""
    _state["serving"] = False
    with _lock:
        sweeper, stop = _state["sweeper"], _state["stop"]
        _state["sweeper"] = None
    if sweeper is not None:
        stop.set()
        sweeper.join(timeout=10)
