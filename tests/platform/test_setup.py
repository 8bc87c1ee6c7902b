"""The embedded default and the production configuration, run as a user would."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def manage(*args: str, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY"}
    }
    env.update(extra)
    return env


@pytest.mark.slow
def test_embedded_default_runs_with_no_services(tmp_path):
    """SpatiaLite file + in-process tasks: migrate, gazetteer, demo data, incidents stored."""
    env = clean_env(DEBUG="1", OPSTRACKER_VAR_DIR=str(tmp_path))
    for step in (["migrate", "--noinput", "-v0"], ["load_gazetteer"], ["load_demo"]):
        done = manage(*step, env=env)
        assert done.returncode == 0, done.stderr[-3000:]
    assert (tmp_path / "opstracker.sqlite3").exists()
    check = manage(
        "shell", "-v", "0", "-c",
        "from events.models import Incident, Place; from ingest.models import Article;"
        "print(Place.objects.count(), Article.objects.filter(status='done').count(),"
        " Article.objects.count(), Incident.objects.count())",
        env=env,
    )  # fmt: skip
    places, done_articles, articles, incidents = map(int, check.stdout.strip().splitlines()[-1].split())
    assert places > 10_000
    assert articles >= 5 and done_articles == articles
    assert incidents >= 3


def test_production_settings_pass_check_deploy():
    env = clean_env(
        DEBUG="0",
        SECRET_KEY="x" * 30 + "-a-long-random-production-secret-1234567890",
        ALLOWED_HOSTS="opstracker.example.org",
    )
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_serve_without_secret_key():
    env = clean_env(DEBUG="0", ALLOWED_HOSTS="opstracker.example.org")
    done = subprocess.run(
        [sys.executable, "-c", "import ops_tracker.wsgi"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode != 0
    assert "SECRET_KEY must be set" in done.stderr
    deploy = manage("check", "--deploy", env=env)
    assert deploy.returncode != 0 and "ops_tracker.E001" in deploy.stderr + deploy.stdout


@pytest.mark.django_db
def test_worker_connections_plan_generically_and_api_ones_per_value():
    from django.db import connection, connections
    from django.db.backends.signals import connection_created

    from ops_tracker.celery import _worker_plan_cache

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL setting")
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_custom_plan"  # the API's connections
    _worker_plan_cache()
    worker_connection = connections.create_connection("default")
    try:
        with worker_connection.cursor() as cursor:
            cursor.execute("SHOW plan_cache_mode")
            assert cursor.fetchone()[0] == "auto"
    finally:
        worker_connection.close()
        connection_created.disconnect(dispatch_uid="ops_tracker.worker_plan_cache")
