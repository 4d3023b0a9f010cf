"""A Redis server of the test's own (ports 6390-6399), and the Celery app pointed at it for a while.

Outage tests stop, hang and restart this server, never the machine's Redis on 6379 that the
rest of the suite (and other developers) use. It keeps nothing on disk (`--save ''`,
`--appendonly no`), so a restart loses every message, as a Redis without persistence does.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from contextlib import contextmanager

import kombu.pools
import pytest
import redis

from tests.integration.conftest import LOG_DIR

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
PORTS = range(6390, 6400)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.fail(f"no free port for a test Redis in {PORTS.start}-{PORTS.stop - 1}")


class OwnRedis:
    def __init__(self):
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def start(self) -> None:
        if not os.path.exists(REDIS_SERVER):
            pytest.fail(f"{REDIS_SERVER} is missing: install redis-server (CI has it)")
        LOG_DIR.mkdir(exist_ok=True)
        log = open(LOG_DIR / f"redis-{self.port}.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server on port {self.port} did not start (see test-artifacts/)")

    def hang(self) -> None:
        """SIGSTOP: the port still accepts connections but nothing answers (a hung or unreachable broker)."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def crash(self) -> None:
        """SIGKILL, waking it first if hung: the server and every message it held are gone."""
        os.kill(self.process.pid, signal.SIGKILL)
        os.kill(self.process.pid, signal.SIGCONT)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.crash()

    def queue_length(self, queue: str = "celery") -> int:
        return self.client().llen(queue)


@contextmanager
def celery_app_using(broker_url: str):
    """Point this process's Celery app (publishing, control pings) at another broker, then back."""
    from outsourcing.celery import app

    def reset_pools():
        # The app's pools come from kombu's process-wide registry, keyed by broker URL: empty it, so that
        # neither a closed pool nor a connection to the other broker is handed out again.
        kombu.pools.reset()
        app._pool = None
        app.amqp._producer_pool = None

    names = ("broker_url", "broker_read_url", "broker_write_url")  # the last two fall back to the first
    previous = {name: app.conf.get(name) for name in names}
    reset_pools()
    app.conf.update(dict.fromkeys(names, broker_url))
    try:
        yield app
    finally:
        reset_pools()
        app.conf.update(previous)


def kill_whole_worker(process: subprocess.Popen) -> None:
    """SIGKILL the worker's process group: the main process and its pool children at once, as an OOM kill
    or a lost host would; nobody is left to hand its message back to Redis."""
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)
