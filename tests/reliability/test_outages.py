"""Service outages.

Redis: a private, throwaway redis-server (own port, no persistence) is the
broker here, and is killed and restarted by the test (the machine's shared
Redis is never touched). An article submitted while Redis is down is stored
and answered (201, pending); a message queued before a restart is lost with
Redis's memory, but not the article: ``requeue_stale_articles`` queues both
once Redis is back, and a real worker processes them.

PostgreSQL: connection loss is simulated with ``pg_terminate_backend`` on the
test database only (never a restart of the shared server), plus an
unreachable server (the connection's port pointed at a closed one). The API
answers a clear 5xx at once, never hangs, and the next request works
without restarting anything.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ingest import services
from ingest.models import Article
from ops_tracker.celery import app as celery_app
from tests.factories import IncidentFactory
from tests.waiting import wait_for

from .conftest import OTHER, STORY

pytestmark = [pytest.mark.integration, pytest.mark.slow]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """redis-server on its own port and folder; start/stop at will."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        import redis

        client = redis.Redis.from_url(self.url)
        wait_for(lambda: _ping(client), timeout=15, interval=0.05)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)
        self.proc = None


def _ping(client: Any) -> bool:
    try:
        return bool(client.ping())
    except Exception:  # noqa: BLE001
        return False


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(tmp_path)
    server.start()
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    celery_app.conf.broker_url = server.url
    celery_app.conf.task_always_eager = False
    _reset_broker_pools()
    try:
        yield server
    finally:
        server.kill()
        celery_app.conf.broker_url, celery_app.conf.task_always_eager = previous
        _reset_broker_pools()


def _reset_broker_pools() -> None:
    """Drop the app's cached broker connections so the next publish uses the
    (new) broker URL."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def queue_length(server: PrivateRedis) -> int:
    import redis

    return int(redis.Redis.from_url(server.url).llen(settings.CELERY_TASK_DEFAULT_QUEUE))


@pytest.mark.django_db(transaction=True)
def test_redis_down_and_restarted_loses_no_article(
    private_redis: PrivateRedis, editor: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not settings.IS_POSTGIS:
        pytest.skip("a worker process needs the PostGIS test database")
    from tests.ingest.conftest import Worker, worker_env

    api = APIClient()
    api.force_authenticate(editor)

    # 1. Redis up, no worker yet: the message waits in Redis...
    first = api.post("/api/v1/articles/", {"text": STORY, "outlet": "نورث برس"}, format="json")
    assert first.status_code == 201 and queue_length(private_redis) == 1
    # ...and is lost when Redis restarts without persistence.
    private_redis.kill()
    # 2. Redis down: the article is stored and answered at once, loudly logged, pending.
    started = time.monotonic()
    second = api.post("/api/v1/articles/", {"text": OTHER, "outlet": "عنب بلدي"}, format="json")
    assert time.monotonic() - started < 10
    assert second.status_code == 201, second.content
    assert second.json()["status"] == "pending"
    ids = [first.json()["id"], second.json()["id"]]
    assert list(Article.objects.filter(pk__in=ids).values_list("status", flat=True)) == ["pending", "pending"]
    # While Redis is down the requeue cannot tell the queue length: it waits.
    assert services.requeue_stale_articles() == 0

    private_redis.start()
    _reset_broker_pools()
    assert queue_length(private_redis) == 0  # the first message went with Redis's memory
    # Time passes (beat runs requeue_stale_articles every minute)...
    Article.objects.filter(pk__in=ids).update(
        received_at=timezone.now() - timedelta(seconds=services.PENDING_REQUEUE_SECONDS + 60)
    )
    assert services.requeue_stale_articles() == 2
    assert queue_length(private_redis) == 2
    worker = Worker(worker_env(REDIS_URL=private_redis.url), tmp_path / "worker.log")
    try:
        worker.wait_ready()
        done = wait_for(
            lambda: Article.objects.filter(pk__in=ids, status__in=["done", "failed"]).count() == 2,
            timeout=120,
        )
        assert done
    finally:
        worker.stop()
    articles = Article.objects.filter(pk__in=ids)
    assert [a.status for a in articles] == ["done", "done"], [a.error for a in articles]
    assert all(a.attempts == 1 for a in articles)  # each processed once


def _fetch_form(client: Client, url: str, language: str) -> Any:
    return client.post("/ingest/submit/", {"kind": "url", "url-url": url}, HTTP_ACCEPT_LANGUAGE=language)


@pytest.mark.django_db
def test_url_fetch_with_redis_down_is_a_clear_503_and_stores_nothing(
    private_redis: PrivateRedis, editor: Any, settings: Any
) -> None:
    """The URL endpoints store nothing before queuing the fetch: with Redis down
    they answer a clear 503 (API JSON, the form an error in Arabic or English
    with the URL kept in the field) and the same request works once it is back."""
    settings.FETCH_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]  # never fetched: no worker runs here
    url = f"http://127.0.0.1:{free_port()}/news/1"
    api = APIClient()
    api.force_authenticate(editor)
    page = Client(raise_request_exception=False)
    page.force_login(editor)

    private_redis.kill()
    started = time.monotonic()
    down = api.post("/api/v1/articles/fetch/", {"url": url}, format="json")
    assert time.monotonic() - started < 10
    assert down.status_code == 503, down.content
    assert "json" in down["Content-Type"] and down["Retry-After"]
    assert "queue" in down.json()["detail"] and "nothing was queued" in down.json()["detail"]

    for language, message in [
        ("en", "The fetch queue is unavailable; nothing was stored. Try again in a few minutes."),
        ("ar", "قائمة انتظار الجلب غير متاحة حاليًا؛ لم يُخزَّن شيء. حاول مجددًا بعد بضع دقائق."),
    ]:
        form = _fetch_form(page, url, language)
        body = form.content.decode()
        assert form.status_code == 503 and form["Retry-After"], body[:500]
        assert message in body
        assert f'value="{url}"' in body  # the editor's input is kept for the retry
    assert Article.objects.count() == 0

    # Redis back: the very same requests queue the fetch.
    private_redis.start()
    _reset_broker_pools()
    up = api.post("/api/v1/articles/fetch/", {"url": url}, format="json")
    assert up.status_code == 202 and up.json() == {"url": url, "queued": True}
    assert queue_length(private_redis) == 1
    form = _fetch_form(page, url, "en")
    assert form.status_code == 200 and "Fetching" in form.content.decode()
    assert queue_length(private_redis) == 2
    assert Article.objects.count() == 0  # stored by the worker's fetch, not here


# --- PostgreSQL connection loss --------------------------------------------------------


def _conninfo(dbname: str) -> str:
    db = connection.settings_dict
    return psycopg.conninfo.make_conninfo(
        host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, user=db.get("USER") or "postgres",
        password=db.get("PASSWORD") or None, dbname=dbname, application_name="pytest-reliability",
    )  # fmt: skip


def terminate_backends() -> int:
    """pg_terminate_backend every other session on the TEST database only."""
    db = connection.settings_dict
    assert db["NAME"].startswith("test_"), db["NAME"]
    with psycopg.connect(_conninfo("postgres"), autocommit=True) as admin:
        rows = admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()",
            [db["NAME"]],
        ).fetchall()
    return len(rows)


@pytest.fixture
def pg_only() -> None:
    if not settings.IS_POSTGIS:
        pytest.skip("pg_terminate_backend is PostgreSQL")


@pytest.fixture
def app_server(pg_only: None, tmp_path: Path) -> Iterator[str]:
    """The production entry point: gunicorn, one sync worker (one persistent
    database connection, CONN_MAX_AGE 60 s with health checks), on the test
    database. Yields its base URL."""
    from tests.ingest.conftest import ROOT, worker_env

    port = free_port()
    env = worker_env(
        DB_CONN_MAX_AGE="60", DEBUG="0", SECRET_KEY="reliability-tests-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1", SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", SECURE_HSTS_SECONDS="0",
    )  # fmt: skip
    log = (tmp_path / "gunicorn.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "ops_tracker.wsgi:application", "-w", "1",
         "-b", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "2"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _get(base + "/healthz")[0] == 200, timeout=30, interval=0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
        log.close()


def _get(url: str, token: str = "", timeout: float = 20) -> tuple[int, str, str]:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"} if token else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read().decode()
    except OSError:
        return 0, "", ""


def app_backends(dbname: str, admin: psycopg.Connection[Any]) -> list[tuple[int, str]]:
    return admin.execute(
        "SELECT pid, coalesce(wait_event_type, '') FROM pg_stat_activity"
        " WHERE datname = %s AND pid <> pg_backend_pid() AND application_name NOT LIKE 'pytest%%'",
        [dbname],
    ).fetchall()


@pytest.mark.django_db(transaction=True)
def test_api_survives_postgres_connection_loss(app_server: str, analyst: Any) -> None:
    from rest_framework.authtoken.models import Token

    IncidentFactory()
    token = Token.objects.create(user=analyst).key
    url = app_server + "/api/v1/incidents/"
    status, _, body = _get(url, token)
    assert status == 200 and json.loads(body)["count"] == 1
    connection.close()  # this test process's own session is not the app's

    # Between requests: the app's persistent connection is killed; the next
    # request notices (health check), reconnects and answers normally.
    assert terminate_backends() >= 1
    status, _, body = _get(url, token)
    assert status == 200 and json.loads(body)["count"] == 1

    # In the middle of a request: the app waits on a lock we hold, and its
    # backend is terminated while it waits. A clear server error comes back at
    # once (not a hang, not a wrong answer)...
    db = connection.settings_dict
    with psycopg.connect(_conninfo(db["NAME"]), autocommit=True) as locker:
        locker.execute("BEGIN")
        locker.execute("LOCK TABLE events_incident IN ACCESS EXCLUSIVE MODE")
        result: dict[str, Any] = {}
        thread = threading.Thread(
            target=lambda: result.update(zip(("status", "type", "body"), _get(url, token), strict=True))
        )
        thread.start()
        waiting = wait_for(
            lambda: [pid for pid, wait in app_backends(db["NAME"], locker) if wait == "Lock"], timeout=15
        )
        started = time.monotonic()
        locker.execute("SELECT pg_terminate_backend(%s)", [waiting[0]])
        thread.join(timeout=15)
        assert not thread.is_alive() and time.monotonic() - started < 10
        locker.execute("ROLLBACK")
    # a clear, retryable JSON answer, not Django's HTML error page
    assert result["status"] == 503 and "json" in result["type"], result
    # ...and the very next request works, with no restart of anything.
    status, _, body = _get(url, token)
    assert status == 200 and json.loads(body)["count"] == 1
    status, _, body = _get(app_server + "/healthz")
    assert status == 200 and json.loads(body) == {"status": "ok"}


@pytest.mark.django_db(transaction=True)
def test_unreachable_database_fails_fast_and_recovers(pg_only: None, analyst: Any) -> None:
    IncidentFactory()
    client = Client(raise_request_exception=False)
    client.force_login(analyst)
    assert client.get("/api/v1/incidents/").status_code == 200
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = free_port()  # nothing listens there: "server down"
    try:
        started = time.monotonic()
        down = client.get("/api/v1/incidents/")
        health = client.get("/healthz")
        assert time.monotonic() - started < 10
        assert down.status_code == 503 and down.json()["detail"] and down["Retry-After"]
        assert health.status_code == 503 and health.json()["status"] == "error"
    finally:
        connection.close()
        connection.settings_dict["PORT"] = port
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/api/v1/incidents/").status_code == 200
