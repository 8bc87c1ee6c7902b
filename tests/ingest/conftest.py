"""Fixtures for the ingestion tests: a local HTTP server, a real Celery
worker process on the test database, and an eager-Celery switch."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from ops_tracker.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]

Route = (
    tuple[int, dict[str, str], bytes] | Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]]
)


@dataclass
class LocalServer:
    base: str
    routes: dict[str, Route]
    hits: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path

    def count(self, path: str) -> int:
        return sum(1 for p, _ in self.hits if p == path)


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """An HTTP server on 127.0.0.1 serving ``routes`` (path -> response)."""
    routes: dict[str, Route] = {}
    hits: list[tuple[str, dict[str, str]]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            hits.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            route = routes.get(self.path)
            if route is None:
                status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
            elif callable(route):
                status, headers, body = route(self)
            else:
                status, headers, body = route
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if "Content-Length" not in headers and status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", routes, hits)
    finally:
        server.shutdown()
        server.server_close()


def pytest_configure(config: Any) -> None:
    # whitenoise warns when collectstatic has not run; irrelevant here
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")


@pytest.fixture
def allow_local(settings: Any) -> None:
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]


def _redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        pytest.skip("REDIS_URL is not set: no broker for a real worker")
    return url


def flush_broker() -> None:
    import redis

    redis.Redis.from_url(_redis_url()).flushdb()


class Worker:
    """A `celery worker` subprocess on the test database."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.log_path = log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ops_tracker", "worker", "-P", "prefork", "-c", "2",
             "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", "opstracker",
             "-l", "INFO", "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h"],
            cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        self.hostname = ""

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"celery worker exited: {self.log_path.read_text()[-3000:]}")
            replies = celery_app.control.ping(timeout=1.0)
            if replies:
                return
        raise RuntimeError(f"celery worker did not answer a ping: {self.log_path.read_text()[-3000:]}")

    def kill(self) -> None:
        """SIGKILL the whole worker (main process and pool children)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._log.close()

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=30)
        if not self._log.closed:
            self._log.close()


def worker_env(**extra: str) -> dict[str, str]:
    """The test process's environment, pointed at the test database."""
    db = settings.DATABASES["default"]
    user = db.get("USER") or "postgres"
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or 5432
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgis://{user}{password}@{host}:{port}/{db['NAME']}",
        REDIS_URL=_redis_url(),
        FETCH_ALLOWED_PRIVATE_HOSTS="127.0.0.1",
        DB_CONN_MAX_AGE="0",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


@pytest.fixture
def start_worker(django_db_setup: Any, tmp_path: Path) -> Iterator[Callable[..., Worker]]:
    """Start worker processes (stopped at the end of the test)."""
    if not settings.IS_POSTGIS:
        pytest.skip("a worker process needs the PostGIS test database")
    workers: list[Worker] = []

    def start(**extra: str) -> Worker:
        worker = Worker(worker_env(**extra), tmp_path / f"worker{len(workers)}.log")
        workers.append(worker)
        worker.wait_ready()
        return worker

    flush_broker()
    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture(scope="module")
def shared_worker(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Worker]:
    """One worker for a whole test module."""
    if not settings.IS_POSTGIS:
        pytest.skip("a worker process needs the PostGIS test database")
    flush_broker()
    worker = Worker(worker_env(), tmp_path_factory.mktemp("worker") / "worker.log")
    try:
        worker.wait_ready()
        yield worker
    finally:
        worker.stop()


