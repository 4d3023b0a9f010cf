"""A real gunicorn (the project's gunicorn.conf.py) on a free port, for tests of what several worker
processes share. Each request's worker pid is written to the access log, so a test can show that
more than one worker answered."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, workdir: Path, *, workers: int = 2, env: dict | None = None):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = workdir / f"gunicorn-{self.port}.log"
        self.env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(self.port), "WEB_CONCURRENCY": str(workers),
                    "DEBUG": "false", "SECRET_KEY": "gunicorn-test-only", **(env or {})}  # fmt: skip
        self.process = None

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True,
                       capture_output=True, timeout=300)  # fmt: skip

    def start(self, timeout: float = 60) -> "Gunicorn":
        out = open(self.log, "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "outsourcing.wsgi:application", "--config", "gunicorn.conf.py",
             "--access-logformat", "pid=%(p)s status=%(s)s %(r)s"],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log.read_text()[-3000:]}")
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer within {timeout}s: {self.log.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def worker_pids(self, path_part: str) -> set[str]:
        """The pids of the workers that answered requests whose request line contains `path_part`."""
        return {line.split()[0].removeprefix("pid=") for line in self.log.read_text().splitlines()
                if line.startswith("pid=") and path_part in line}  # fmt: skip
